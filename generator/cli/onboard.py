"""`sopkit onboard`: a personal onboarding pack for one new hire, or one per CSV row.

Exit status: 0 when every pack was written; 1 when content, the calendar, the set-up or
any CSV row failed; 2 for a bad command line (including an unknown role or a bad date
given as an option, and an --out or pack folder that sopkit must not write, see
output_dir.py).
"""
from __future__ import annotations

from pathlib import Path

import click

from ..jobs import machine_cores
from ..onboarding.request import (
    DEFAULT_FORMATS,
    FORMATS,
    InputError,
    moved_warning,
    new_hire,
)
from ..onboarding.workdays import CalendarError, calendar_from_org
from ..output_dir import OutputTarget, check_container
from ..pipeline import check as run_check
from ..progress import progress_bar
from .options import comma_list, history_option, jobs_option, reporting, sops_option
from .report import Reporter

# The pack writers (WeasyPrint, the forms and Word renderers) load only when a pack is
# made, so every other sopkit command starts as fast as before.


@click.command()
@click.option("--role", help="Role id, e.g. sales-rep.")
@click.option("--name", help="The new hire's name.")
@click.option("--start", help="First day, YYYY-MM-DD (moved to the next working day if it "
              "is a weekend or holiday).")
@click.option("--manager", help="The new hire's manager (a person's name).")
@click.option("--buddy", help="The colleague who shows the new hire around.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="New hires, one per row: columns name, role, start, manager, buddy.")
# Not under dist/: `sopkit build` replaces dist/ whole, and packs are kept per person.
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default="onboarding", show_default=True, help="Folder for the packs.")
@click.option("--formats", type=comma_list(FORMATS), default=",".join(DEFAULT_FORMATS),
              show_default=True, help=f"Comma-separated, from: {', '.join(FORMATS)}.")
@click.option("--include-drafts", is_flag=True,
              help="Also put workflows, training, forms and policies still in draft or review "
                   "in the pack (marked with their status); left out by default.")
@sops_option
@history_option
@jobs_option
@reporting("onboard")
def onboard(role, name, start, manager, buddy, csv_path, out, formats, include_drafts, sops,
            no_history, jobs, report: Reporter) -> None:
    """Write a personal onboarding pack: welcome, job description, dated training
    schedule (.ics too), workflows, pre-filled forms, policies, 30/60/90-day checklist
    and an acknowledgement to sign."""
    single = any(value is not None for value in (role, name, start, manager, buddy))
    if csv_path and single:
        raise click.UsageError("give either --csv or --role/--name/--start, not both")
    if not csv_path and not (role and name is not None and start):
        raise click.UsageError("give --role, --name and --start (or --csv FILE)")
    with report.failures():
        # The packs go into sub-folders, each checked as it is written; --out itself only
        # has to be a place for them (not a file, the knowledge base or a system folder).
        check_container(OutputTarget(out, sops, "onboard", doing="writing packs",
                                     instead="choose another folder (default: onboarding)"))
        linked, calendar = _load(sops, report, history=not no_history)
        if not include_drafts:
            linked = _without_drafts(linked, report, [role] if role else None)
        if csv_path:
            _batch(linked, csv_path, out, formats or DEFAULT_FORMATS, jobs, report)
        else:
            _single(linked, calendar, out, formats or DEFAULT_FORMATS, jobs, report, role=role,
                    name=name, start=start, manager=manager, buddy=buddy)
    report.finish()


def _load(sops: Path, report: Reporter, history: bool = True):
    result = run_check(sops, history=history)
    report.checked(result, "onboarding")
    try:
        return result.linked, calendar_from_org(result.linked.org)
    except CalendarError as exc:
        report.error(str(exc), code="calendar")
        report.fail()


def _without_drafts(linked, report: Reporter, roles: list[str] | None):
    from ..onboarding.drafts import approved_only, drafts_left_out

    left_out = drafts_left_out(linked, roles if roles is not None else linked.kb.roles)
    if left_out:
        names = ", ".join(f"{linked.doc(item).number} {item.title}" for item in left_out)
        report.warning(f"left out of the packs, not approved yet: {names} "
                       "(add --include-drafts to hand them out marked)", code="drafts-left-out")
    return approved_only(linked)


def _single(linked, calendar, out: Path, formats, jobs: int | None, report: Reporter,
            **person) -> None:
    from ..onboarding.pack import write_pack

    try:
        hire = new_hire(linked, calendar, **person)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    moved = moved_warning(hire)
    if moved:
        report.warning(moved, code="start-moved")
    # One pack: its forms are drawn on the other cores while the pack itself is printed.
    output = write_pack(linked, hire, calendar, out, formats, workers=jobs or machine_cores())
    for warning in output.warnings:
        report.warning(warning, code="calendar-coverage")
    if "ics" in formats and output.unscheduled and output.files:
        report.note(_unscheduled_note(output.unscheduled, linked.labels))
    if not output.files:  # only the calendar asked for, and the role has no dated training
        what = "no dated training sessions" if output.unscheduled else "no training sessions"
        report.warning(f"the role `{hire.role}` has {what}, so there is no training "
                       "calendar (.ics) to write: add pdf or docx to --formats",
                       code="empty-pack")
    report.wrote(output.folder, f"wrote {output.folder}: {', '.join(output.files) or 'no files'}")


def _unscheduled_note(titles: tuple[str, ...], t) -> str:
    """Why sessions are missing from the .ics: they have no day, so no date (format 1.1)."""
    count = f"{len(titles)} training session{'s' if len(titles) > 1 else ''}"
    return (f"{count} without a day, not in the calendar (.ics): "
            f"{t('list_separator').join(titles)}; the pack (pdf, docx) lists "
            f"{'them' if len(titles) > 1 else 'it'} under “{t('onboard_to_be_scheduled')}”")


def _batch(linked, csv_path: Path, out: Path, formats, jobs: int | None,
           report: Reporter) -> None:
    from ..onboarding.batch import CsvFileError, make_rows, read_rows

    try:
        rows = read_rows(csv_path)
    except CsvFileError as exc:
        report.error(str(exc), path=csv_path, line=exc.line, code="csv")
        report.fail()
    except OSError as exc:
        report.error(f"cannot read the file: {exc.strerror}", path=csv_path, code="csv")
        report.fail()
    with progress_bar(enabled=not report.quiet) as progress:
        results = make_rows(rows, out, formats, linked=linked, progress=progress,
                            processes=jobs)
    for result in results:
        if result.error:
            report.error(result.error, path=csv_path, line=result.line, code="csv-row")
        elif result.warning:
            report.warning(result.warning, path=csv_path, line=result.line, code="csv-row")
        if result.folder and not result.error:
            report.wrote(result.folder,
                         f"wrote {result.folder}: {', '.join(result.files) or 'no files'}")
    failed = sum(1 for result in results if result.error)
    report.note(f"{len(results) - failed} of {len(results)} packs written into {out}"
                + (f"; {failed} row{'s' if failed > 1 else ''} failed" if failed else ""))
    if failed:
        report.fail()

"""`sopkit onboard`: a personal onboarding pack for one new hire, or one per CSV row.

Exit status: 0 when every pack was written; 1 when content, the calendar, the set-up or
any CSV row failed; 2 for a bad command line (including an unknown role or a bad date
given as an option, and an --out or pack folder that sopkit must not write, see
output_dir.py).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli_output import fail_output
from .diagnostics import format_text
from .errors import OutputError, SetupError
from .onboarding.request import (DEFAULT_FORMATS, FORMATS, InputError, moved_warning,
                                 new_hire, parse_formats)
from .onboarding.workdays import CalendarError, calendar_from_org
from .output_dir import OutputTarget, check_container
from .pipeline import check as run_check
from .progress import progress_bar

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
@click.option("--formats", default=",".join(DEFAULT_FORMATS), show_default=True,
              help=f"Comma-separated, from: {', '.join(FORMATS)}.")
@click.option("--sops", type=click.Path(path_type=Path), default="sops", show_default=True,
              help="Knowledge base folder.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def onboard(role, name, start, manager, buddy, csv_path, out, formats, sops, quiet) -> None:
    """Write a personal onboarding pack: welcome, job description, dated training
    schedule (.ics too), workflows, pre-filled forms, policies, 30/60/90-day checklist
    and an acknowledgement to sign."""
    single = any(value is not None for value in (role, name, start, manager, buddy))
    if csv_path and single:
        raise click.UsageError("give either --csv or --role/--name/--start, not both")
    if not csv_path and not (role and name is not None and start):
        raise click.UsageError("give --role, --name and --start (or --csv FILE)")
    try:
        wanted = parse_formats(formats)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        # The packs go into sub-folders, each checked as it is written; --out itself only
        # has to be a place for them (not a file, the knowledge base or a system folder).
        check_container(OutputTarget(out, sops, "onboard", doing="writing packs",
                                     instead="choose another folder (default: onboarding)"))
    except OutputError as exc:
        fail_output(exc)
    linked, calendar = _load(sops)
    try:
        if csv_path:
            _batch(linked, csv_path, out, wanted, quiet)
        else:
            _single(linked, calendar, out, wanted, role=role, name=name, start=start,
                    manager=manager, buddy=buddy)
    except SetupError as exc:
        _fail(f"error: {exc}")
    except OutputError as exc:
        fail_output(exc)


def _load(sops: Path):
    result = run_check(sops)
    if not result.ok:
        click.echo(format_text(result.diagnostics, result.files), err=True)
        _fail("onboarding refused: fix the errors above first")
    try:
        return result.linked, calendar_from_org(result.linked.org)
    except CalendarError as exc:
        _fail(str(exc))


def _single(linked, calendar, out: Path, formats, **person) -> None:
    from .onboarding.pack import write_pack

    try:
        hire = new_hire(linked, calendar, **person)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    if moved_warning(hire):
        click.echo(f"warning: {moved_warning(hire)}", err=True)
    # One pack: its forms are drawn on the other cores while the pack itself is printed.
    output = write_pack(linked, hire, calendar, out, formats, workers=os.cpu_count() or 1)
    click.echo(f"wrote {output.folder}: {', '.join(output.files)}")


def _batch(linked, csv_path: Path, out: Path, formats, quiet: bool) -> None:
    from .onboarding.batch import make_rows, read_rows

    try:
        rows = read_rows(csv_path)
    except (InputError, OSError) as exc:
        _fail(f"error: {exc}")
    with progress_bar(enabled=not quiet) as progress:
        results = make_rows(rows, out, formats, linked=linked, progress=progress)
    for result in results:
        if result.error:
            click.echo(f"{csv_path}:{result.line}: error: {result.error}", err=True)
        elif result.warning:
            click.echo(f"{csv_path}:{result.line}: warning: {result.warning}", err=True)
    failed = sum(1 for result in results if result.error)
    click.echo(f"{len(results) - failed} of {len(results)} packs written into {out}"
               + (f"; {failed} row{'s' if failed > 1 else ''} failed" if failed else ""),
               err=bool(failed))
    if failed:
        sys.exit(1)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)

"""`sopkit jd`: a custom job description in Word and PDF, with its redline against the
standard."""
from __future__ import annotations

from pathlib import Path

import click

from ..custom.outputs import FORMATS, write_custom_jd
from ..diagnostics import Diagnostics
from ..linker import LinkedKB, link_overlay
from ..loader import load_overlay_file
from ..output_dir import OutputTarget, check_folder, kept, only_named
from ..overlays import CustomJD, known_variables, standard_overlay
from ..pipeline import check as run_check
from ..suggest import did_you_mean, did_you_mean_id, ids_titled
from .options import comma_list, reporting, sops_option, today_option
from .report import Reporter


@click.command()
@click.argument("role")
@click.option("--overlay", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Overlay file (default: sops/custom/ROLE.yaml when ROLE names one).")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
              help=f"Set a variable, e.g. --set territory=北京 ({', '.join(known_variables())}).")
# Not the current folder: sopkit writes only into folders it made (see output_dir.py).
@click.option("--out", type=click.Path(path_type=Path), default="jd", show_default=True,
              help="Folder for the files: one sopkit made, or a new or empty one.")
@click.option("--formats", type=comma_list(FORMATS), default=",".join(FORMATS),
              show_default=True, help=f"Comma-separated: {', '.join(FORMATS)}.")
@sops_option
@today_option
@reporting("jd")
def jd(role: str, overlay: Path | None, assignments: tuple[str, ...], out: Path,
       formats: tuple[str, ...], sops: Path, today, report: Reporter) -> None:
    """Write ROLE's custom job description (ROLE: an overlay id in sops/custom/, or a
    standard role id, or its title, e.g. 出纳) as <id>.docx / <id>.pdf, and for an overlay
    <id>-redline.docx / .pdf comparing it with the standard as tracked changes."""
    overrides = _assignments(assignments)
    with report.failures():
        check_folder(jd_target(out, sops), replaces=False)  # told before the long check
        result = run_check(sops, today)
        report.checked(result, "jd")
        diags = Diagnostics()
        custom = _custom_jd(role, overlay, overrides, result.linked, sops, diags)
        report.add(diags, files=1 if overlay else 0)
        if custom is None:
            report.refuse("jd refused: fix the errors above first")
        with kept(jd_target(out, sops)) as folder:
            # the standard role as it stands has nothing to compare: its JD alone
            unchanged = custom.overlay.id == custom.standard.id and not overrides
            written = write_custom_jd(result.linked, custom, folder, formats or FORMATS,
                                      redline=not unchanged)
    for path in written:
        report.wrote(path)
    report.finish()


def jd_target(out: Path, sops: Path) -> OutputTarget:
    """--out as a folder that collects job descriptions: sopkit's own (marked), new or
    empty, or one that `jd` wrote before markers existed."""
    return OutputTarget(out, sops, "jd", doing="writing job descriptions",
                        instead="choose another folder (default: jd)", legacy=_earlier_jds)


def _earlier_jds(entries: list[Path]) -> bool:
    """Only Word and PDF files, with a redline among them: `jd` always wrote one, a folder
    of someone's documents hardly ever has a `-redline` file."""
    return (only_named(set(), suffixes=(".docx", ".pdf"))(entries)
            and any(entry.stem.endswith("-redline") for entry in entries))


def _assignments(assignments: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for assignment in assignments:
        key, equals, value = assignment.partition("=")
        key = key.strip()
        if not equals:
            raise click.UsageError(f"--set `{assignment}`: write KEY=VALUE, e.g. "
                                   "--set territory=上海")
        if key not in known_variables():
            hint = did_you_mean(key, known_variables()) or ""
            raise click.UsageError(f"--set: unknown variable `{key}`{hint} (variables: "
                                   f"{', '.join(known_variables())})")
        values[key] = value
    return values


def _custom_jd(role: str, path: Path | None, overrides: dict[str, str], linked: LinkedKB,
               sops: Path, diags: Diagnostics) -> CustomJD | None:
    """The custom JD to print: --overlay FILE (loaded and linked here), else the linked
    sops/custom/ROLE.yaml, else the standard role unchanged. None when the overlay has
    errors (reported into ``diags``)."""
    if path is not None:
        overlay = load_overlay_file(path, diags)
        if overlay is not None and role not in (overlay.id, overlay.extends):
            raise click.UsageError(f"{path} extends `{overlay.extends}`, not `{role}`")
        return link_overlay(linked, overlay, diags, overrides) if overlay else None
    overlays = linked.kb.overlays
    if role in overlays:  # the check passed, so it is linked; --set values re-link it
        if not overrides:
            return linked.custom_jds[role]
        return link_overlay(linked, overlays[role], diags, overrides)
    titles = {key: str(standard.title) for key, standard in linked.kb.roles.items()}
    titled = ids_titled(role, titles)
    if role in linked.kb.roles or len(titled) == 1:  # `sopkit jd 出纳`: the title HR knows
        standard = linked.kb.roles[role if role in linked.kb.roles else titled[0]]
        return link_overlay(linked, standard_overlay(standard), diags, overrides)
    hint = did_you_mean_id(role, {**titles, **{key: "" for key in overlays}})
    raise click.UsageError(f"`{role}` is neither a role id nor an overlay in "
                           f"{sops / 'custom'}{hint}")

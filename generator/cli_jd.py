"""`sopkit jd`: a custom job description in Word and PDF, with its redline against the standard.

Exit status as for every sopkit command: 1 for content mistakes (printed as diagnostics), 2
for a bad command line (including an --out that is not sopkit's to write, output_dir.py).
This module does not import generator.cli (which registers this command at its end), so
either can be imported first.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .custom.outputs import FORMATS, write_custom_jd
from .cli_output import fail_output
from .diagnostics import Diagnostics, format_text
from .errors import OutputError, SetupError
from .linker import LinkedKB, link_overlay
from .loader import load_overlay_file
from .output_dir import OutputTarget, check_folder, kept, only_named
from .overlays import CustomJD, known_variables, standard_overlay
from .pipeline import check as run_check
from .suggest import did_you_mean


@click.command()
@click.argument("role")
@click.option("--overlay", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Overlay file (default: sops/custom/ROLE.yaml when ROLE names one).")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
              help=f"Set a variable, e.g. --set territory=北京 ({', '.join(known_variables())}).")
# Not the current folder: sopkit writes only into folders it made (see output_dir.py).
@click.option("--out", type=click.Path(path_type=Path), default="jd", show_default=True,
              help="Folder for the files: one sopkit made, or a new or empty one.")
@click.option("--formats", default=",".join(FORMATS), show_default=True,
              help="Comma-separated: docx, pdf.")
@click.option("--sops", "sops", type=click.Path(path_type=Path), default="sops",
              show_default=True, help="Knowledge base folder.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date used for review-overdue checks (default: today).")
def jd(role: str, overlay: Path | None, assignments: tuple[str, ...], out: Path, formats: str,
       sops: Path, today) -> None:
    """Write ROLE's custom job description (ROLE: an overlay id in sops/custom/, or a
    standard role id) as <id>.docx / <id>.pdf, and <id>-redline.docx / .pdf comparing it
    with the standard as tracked changes."""
    chosen = _formats(formats)
    overrides = _assignments(assignments)
    try:
        check_folder(jd_target(out, sops), replaces=False)  # told before the long check
    except OutputError as exc:
        fail_output(exc)
    result = run_check(sops, today.date() if today else None)
    if not result.ok:
        _fail(format_text(result.diagnostics, result.files) + "\njd refused: fix the errors "
              "above first")
    diags = Diagnostics()
    custom = _custom_jd(role, overlay, overrides, result.linked, sops, diags)
    if custom is None:
        _fail(format_text(diags, 1))
    try:
        with kept(jd_target(out, sops)) as folder:
            written = write_custom_jd(result.linked, custom, folder, chosen)
    except SetupError as exc:
        _fail(f"error: {exc}")
    except OutputError as exc:
        fail_output(exc)
    for path in written:
        click.echo(str(path))


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


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise click.UsageError(f"unknown format `{unknown[0] if unknown else text}`: use "
                               f"{', '.join(FORMATS)}")
    return chosen


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
    if role in linked.kb.roles:
        return link_overlay(linked, standard_overlay(linked.kb.roles[role]), diags, overrides)
    hint = did_you_mean(role, [*linked.kb.roles, *overlays])
    raise click.UsageError(f"`{role}` is neither a role id nor an overlay in "
                           f"{sops / 'custom'}{hint}")

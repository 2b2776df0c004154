"""Write one person's pack folder: the PDF (with the filled-in forms), Word and calendar.

Everything is written into a staging folder beside the target and swapped into place at
the end (``output_dir.staged``), so a failure never leaves half a pack, a rebuilt pack
replaces the old one whole, and a folder of the same name that sopkit did not make is
refused instead of replaced.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagrams.render import to_png, to_svg
from ..documents import Document, render_view
from ..fonts import org_font
from ..i18n import Labels
from ..jobs import process_pool
from ..linker import LinkedKB
from ..output_dir import OutputTarget, only_named, staged
from ..paths import TEMPLATES_DIR
from . import formfiles
from .coverage import coverage_warnings
from .fields import with_cjk_fields
from .ics import pack_calendar
from .orgchart import position_dot
from .pdf import pack_pdf
from .request import DEFAULT_FORMATS, FORMATS, NewHire
from .view import Pack, build_pack, folder_name, pack_files, pack_view
from .workdays import WorkingCalendar

TEMPLATE_DIRS = [TEMPLATES_DIR / "onboarding"]
SIGNATURE_FIELD = "ack-signature"   # the acknowledgement's <input name> (pack_sections)


@dataclass(frozen=True, slots=True)
class PackOutput:
    folder: Path
    files: tuple[str, ...]   # relative to the folder, in the order written
    warnings: tuple[str, ...] = ()   # schedule dates the calendar could not check
    unscheduled: tuple[str, ...] = ()   # titles of the sessions without a day (no date)


def write_pack(linked: LinkedKB, hire: NewHire, calendar: WorkingCalendar, out_root: Path,
               formats: tuple[str, ...] = DEFAULT_FORMATS, workers: int = 1) -> PackOutput:
    """Write one pack; with ``workers`` > 1, other processes draw its forms meanwhile."""
    t = linked.labels
    pack = build_pack(linked, hire, calendar, t, formats)
    target = out_root / folder_name(hire)
    written: list[str] = []
    with staged(pack_target(target, Path(linked.kb.root), hire, t)) as folder:
        for fmt in formats:
            written += _WRITERS[fmt](linked, pack, t, folder, workers)
    return PackOutput(target, tuple(written),
                      tuple(coverage_warnings(calendar, pack.sittings)),
                      tuple(session.title for _, session in pack.unscheduled))


def pack_target(target: Path, sops: Path, hire: NewHire, t: Labels) -> OutputTarget:
    """The pack folder as an output sopkit may replace: its own (marked), empty, or this
    person's pack from before markers existed (nothing in it but the pack's own file names
    and forms/; HR may keep a folder of the same name with the hire's papers in it)."""
    names = {*pack_files(hire, t, FORMATS).values(), "forms"}
    return OutputTarget(target, sops, "onboard", option="", doing="writing the pack",
                        instead="give another --out", legacy=only_named(names))


def position_svgs(linked: LinkedKB, pack: Pack, t: Labels) -> dict[str, bytes]:
    return {pack.org_chart: to_svg(position_dot(linked, pack.where, t, org_font(linked.org)))}


def pack_document(linked: LinkedKB, pack: Pack, t: Labels, fillable: bool) -> Document:
    return render_view(linked, pack_view(linked, pack, t, fillable), TEMPLATE_DIRS)


def _write_pdf(linked: LinkedKB, pack: Pack, t: Labels, folder: Path,
               workers: int) -> list[str]:
    todo = formfiles.missing_blanks(linked, (entry.form for entry in pack.forms))
    filled: dict[str, bytes] | None = None
    if workers > 1 and len(todo) > 1:
        import weasyprint  # noqa: F401  loaded before the pool forks: workers start warm

        with formfiles.form_pool(linked, workers - 1) as pool:
            drawing = formfiles.draw_in_background(todo, pool)
            _write_pack_pdf(linked, pack, t, folder)
            formfiles.keep_drawn(linked, drawing)
    elif workers > 1 and not todo and len(pack.forms) > 1:
        # Every blank was at hand (drawn before or in the disk cache): another process
        # fills them in while this one prints the pack.
        with process_pool(1) as pool:
            filling = formfiles.fill_in_background(linked, pack, pool)
            _write_pack_pdf(linked, pack, t, folder)
            filled = {file: future.result() for file, future in filling.items()}
    else:
        _write_pack_pdf(linked, pack, t, folder)
    if filled is None:
        filled = formfiles.filled_forms(linked, pack)
    for file, data in filled.items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_bytes(data)
    return [pack.files["pdf"], *(entry.file for entry in pack.forms)]


def _write_pack_pdf(linked: LinkedKB, pack: Pack, t: Labels, folder: Path) -> None:
    document = pack_document(linked, pack, t, fillable=True)
    pdf = pack_pdf(document, position_svgs(linked, pack, t))
    (folder / pack.files["pdf"]).write_bytes(
        with_cjk_fields(pdf, t.locale, signatures=(SIGNATURE_FIELD,)))


def _write_docx(linked: LinkedKB, pack: Pack, t: Labels, folder: Path, _workers) -> list[str]:
    from ..docx import html_to_docx  # the Word renderer of document HTML

    document = pack_document(linked, pack, t, fillable=False)
    # Word embeds the PNG twin of each <img src>, read from an assets folder laid out like
    # dist/; the pack's only picture is its own org-chart excerpt.
    with tempfile.TemporaryDirectory(prefix="sopkit-onboard-") as assets:
        chart = Path(assets, pack.org_chart).with_suffix(".png")
        chart.parent.mkdir(parents=True)
        chart.write_bytes(to_png(position_dot(linked, pack.where, t, org_font(linked.org))))
        data = html_to_docx(document.html, Path(assets), name=pack.files["docx"])
    (folder / pack.files["docx"]).write_bytes(data)
    return [pack.files["docx"]]


def _write_ics(linked: LinkedKB, pack: Pack, t: Labels, folder: Path, _workers) -> list[str]:
    if not pack.sittings:
        return []  # RFC 5545 wants at least one event; the PDF says there is no training
    (folder / pack.files["ics"]).write_bytes(pack_calendar(pack, t, linked.actor_name))
    return [pack.files["ics"]]


_WRITERS: dict[str, Callable[[LinkedKB, Pack, Labels, Path, int], list[str]]] = {
    "pdf": _write_pdf, "docx": _write_docx, "ics": _write_ics}

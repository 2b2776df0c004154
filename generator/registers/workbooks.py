"""What each register holds, row by row, from the linked model."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

from openpyxl import Workbook

from ..docx.package import normalized_zip
from ..fonts import org_font
from ..kinds import KINDS
from ..linker import LinkedKB
from ..model import DutyGroup, Role
from .sheet import fill_sheet

SHEET_NAME_LIMIT = 31  # Excel refuses longer sheet names


def registers(linked: LinkedKB) -> dict[str, bytes]:
    """File name (from the locale catalog) → workbook bytes."""
    t = linked.labels
    font = org_font(linked.org)
    books = {
        t("register_roles_file"): _roles_book(linked, font),
        t("register_raci_file"): _raci_book(linked, font),
        t("register_training_file"): _training_book(linked, font),
        t("register_documents_file"): _documents_book(linked, font),
    }
    stamp = dt.datetime.combine(linked.today, dt.time())
    return {f"{name}.xlsx": _bytes(book, stamp) for name, book in books.items()}


def _bytes(book: Workbook, stamp: dt.datetime) -> bytes:
    """Byte-identical workbooks from the same content: openpyxl stamps the clock into the
    document properties and the zip entries, so both are fixed (to the build's date)."""
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    # openpyxl sets `modified` to the clock while saving, whatever the properties say
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries["docProps/core.xml"] = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when,
                                          entries["docProps/core.xml"])
    return normalized_zip(entries)


def _new(first_title: str) -> Workbook:
    book = Workbook()
    assert book.active is not None  # a new workbook has its one sheet
    book.active.title = _sheet_title(first_title)
    return book


def _sheet_title(text: str) -> str:
    # []:*?/\ are not allowed in sheet names
    clean = "".join("_" if c in "[]:*?/\\" else c for c in text)
    return clean[:SHEET_NAME_LIMIT] or "-"


def _roles_book(linked: LinkedKB, font: str) -> Workbook:
    t = linked.labels
    roles = sorted(linked.kb.roles.values(), key=linked.rank)
    book = _new(t("job_descriptions"))
    sheet = book.active
    assert sheet is not None
    fill_sheet(sheet, ["id", t("title"), t("department"), t("reports_to"), t("headcount"),
                       t("summary")],
               [(r.id, r.title, linked.actor_name(r.department),
                 linked.actor_name(r.reports_to) if r.reports_to else "", r.headcount,
                 r.summary or "") for r in roles], font)
    fill_sheet(book.create_sheet(_sheet_title(t("duties"))),
               ["id", t("title"), t("duties")],
               [(r.id, r.title, duty) for r in roles for duty in _duties(r)], font)
    fill_sheet(book.create_sheet(_sheet_title(t("kpis"))),
               ["id", t("title"), t("kpis"), t("kpi_target"), t("kpi_period")],
               [(r.id, r.title, k.name, k.target or "",
                 t(f"period_{k.period}") if k.period else "") for r in roles for k in r.kpis],
               font)
    fill_sheet(book.create_sheet(_sheet_title(t("qualifications"))),
               ["id", t("title"), t("education"), t("experience"), t("other_requirements")],
               [(r.id, r.title, (r.qualifications.education or "") if r.qualifications else "",
                 (r.qualifications.experience or "") if r.qualifications else "",
                 "\n".join(r.qualifications.other) if r.qualifications else "")
                for r in roles], font)
    return book


def _duties(role: Role) -> Iterator[str]:
    for duty in role.duties:
        if isinstance(duty, DutyGroup):
            yield from (f"{duty.group}: {item}" for item in duty.items)
        else:
            yield str(duty)


def _raci_book(linked: LinkedKB, font: str) -> Workbook:
    """One sheet per workflow: steps down, actors across, R/A/C/I letters in the cells."""
    t = linked.labels
    book = _new(t("raci_matrix"))
    first = True
    for workflow_id, raci in linked.raci.items():
        workflow = linked.kb.workflows[workflow_id]
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = _unique(book, _sheet_title(workflow.title))
        first = False
        fill_sheet(sheet, [t("step_no"), t("step_name"),
                           *(linked.actor_name(actor) for actor in raci.actors)],
                   [(number, row.step.name, *(row.cells.get(actor, "") for actor in raci.actors))
                    for number, row in enumerate(raci.rows, start=1)], font)
    if first:  # no workflows yet: an empty matrix with the legend
        sheet = book.active
        assert sheet is not None
        fill_sheet(sheet, [t("raci_legend")], [], font)
    return book


def _unique(book: Workbook, title: str) -> str:
    taken = {sheet.title for sheet in book.worksheets}
    candidate, n = title, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = title[:SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    return candidate


def _training_book(linked: LinkedKB, font: str) -> Workbook:
    """Roles down, training sessions across, the working day of each session in the cell."""
    t = linked.labels
    sessions = [(plan, session) for plan in sorted(linked.kb.training.values(), key=linked.rank)
                for session in plan.sessions]
    book = _new(t("training"))
    sheet = book.active
    assert sheet is not None
    rows = []
    for role in sorted(linked.kb.roles.values(), key=linked.rank):
        taken = {(plan.id, session.id) for plan, session in linked.role_training.get(role.id, ())}
        rows.append((role.title, linked.actor_name(role.department),
                     *(t("register_training_day", day=session.day)
                       if (plan.id, session.id) in taken else "" for plan, session in sessions)))
    fill_sheet(sheet, [t("title"), t("department"),
                       *(f"{plan.title}: {session.title}" for plan, session in sessions)],
               rows, font)
    return book


def _documents_book(linked: LinkedKB, font: str) -> Workbook:
    t = linked.labels
    book = _new(t("register_documents"))
    sheet = book.active
    assert sheet is not None
    rows = []
    for kind in KINDS:
        for item in linked.in_order(linked.kb.of(kind.folder).values()):
            doc = linked.doc(item)
            rows.append((doc.number, item.title, t(kind.portal_index_label), doc.version,
                         t(f"status_{doc.status}"),
                         doc.effective.isoformat() if doc.effective else "",
                         doc.next_review.isoformat() if doc.next_review else "",
                         doc.author or ""))
    fill_sheet(sheet, [t("document_number"), t("register_document_title"),
                       t("register_document_kind"), t("version"), t("status"), t("effective"),
                       t("next_review"), t("register_document_author")], rows, font)
    return book

"""What each register holds, row by row, from the linked model.

Each register is first planned as plain rows (``Sheet``), then written by openpyxl. The
plan is everything the workbook shows, so it is the workbook's key in the build cache:
planning takes milliseconds, writing the workbook most of the time.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from ..docx.package import normalized_zip
from ..fonts import org_font
from ..kinds import KINDS
from ..linker import LinkedKB
from ..model import DutyGroup, Role
from .sheet import Row, fill_sheet

SHEET_NAME_LIMIT = 31  # Excel refuses longer sheet names


@dataclass(frozen=True)
class Sheet:
    title: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]


Plan = tuple[Sheet, ...]


def register_plans(linked: LinkedKB) -> dict[str, Plan]:
    """File name (from the locale catalog) → the sheets of that workbook."""
    t = linked.labels
    plans = {
        t("register_roles_file"): _roles_book(linked),
        t("register_raci_file"): _raci_book(linked),
        t("register_training_file"): _training_book(linked),
        t("register_documents_file"): _documents_book(linked),
    }
    return {f"{name}.xlsx": plan for name, plan in plans.items()}


def registers(linked: LinkedKB) -> dict[str, bytes]:
    """File name → workbook bytes."""
    font, stamp = org_font(linked.org), register_stamp(linked)
    return {name: workbook(plan, font, stamp) for name, plan in register_plans(linked).items()}


def register_stamp(linked: LinkedKB) -> dt.datetime:
    """The workbooks' created and modified dates: the build's date, never the clock."""
    return dt.datetime.combine(linked.today, dt.time())


def workbook(plan: Plan, font: str, stamp: dt.datetime) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has its one sheet
    for number, sheet in enumerate(plan):
        target = first if number == 0 else book.create_sheet()
        target.title = sheet.title
        fill_sheet(target, sheet.header, sheet.rows, font)
    return _bytes(book, stamp)


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


def _sheet(title: str, header: Sequence[str], rows) -> Sheet:
    return Sheet(title, tuple(str(h) for h in header), tuple(tuple(row) for row in rows))


def _sheet_title(text: str) -> str:
    # []:*?/\ are not allowed in sheet names
    clean = "".join("_" if c in "[]:*?/\\" else c for c in text)
    return clean[:SHEET_NAME_LIMIT] or "-"


def _roles_book(linked: LinkedKB) -> Plan:
    t = linked.labels
    roles = sorted(linked.kb.roles.values(), key=linked.rank)
    return (
        _sheet(_sheet_title(t("job_descriptions")),
               ["id", t("title"), t("department"), t("reports_to"), t("headcount"),
                t("summary")],
               [(r.id, r.title, linked.actor_name(r.department),
                 linked.actor_name(r.reports_to) if r.reports_to else "", r.headcount,
                 r.summary or "") for r in roles]),
        _sheet(_sheet_title(t("duties")), ["id", t("title"), t("duties")],
               [(r.id, r.title, duty) for r in roles for duty in _duties(r)]),
        _sheet(_sheet_title(t("kpis")),
               ["id", t("title"), t("kpis"), t("kpi_target"), t("kpi_period")],
               [(r.id, r.title, k.name, k.target or "",
                 t(f"period_{k.period}") if k.period else "") for r in roles for k in r.kpis]),
        _sheet(_sheet_title(t("qualifications")),
               ["id", t("title"), t("education"), t("experience"), t("other_requirements")],
               [(r.id, r.title, (r.qualifications.education or "") if r.qualifications else "",
                 (r.qualifications.experience or "") if r.qualifications else "",
                 "\n".join(r.qualifications.other) if r.qualifications else "")
                for r in roles]),
    )


def _duties(role: Role) -> Iterator[str]:
    for duty in role.duties:
        if isinstance(duty, DutyGroup):
            yield from (f"{duty.group}: {item}" for item in duty.items)
        else:
            yield str(duty)


def _raci_book(linked: LinkedKB) -> Plan:
    """One sheet per workflow: steps down, actors across, R/A/C/I letters in the cells."""
    t = linked.labels
    sheets: list[Sheet] = []
    for workflow_id, raci in linked.raci.items():
        workflow = linked.kb.workflows[workflow_id]
        title = _unique({sheet.title for sheet in sheets}, _sheet_title(workflow.title))
        sheets.append(_sheet(title, [t("step_no"), t("step_name"),
                                     *(linked.actor_name(actor) for actor in raci.actors)],
                             [(number, row.step.name,
                               *(row.cells.get(actor, "") for actor in raci.actors))
                              for number, row in enumerate(raci.rows, start=1)]))
    if not sheets:  # no workflows yet: an empty matrix with the legend
        sheets.append(_sheet(_sheet_title(t("raci_matrix")), [t("raci_legend")], []))
    return tuple(sheets)


def _unique(taken: set[str], title: str) -> str:
    candidate, n = title, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = title[:SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    return candidate


def _training_book(linked: LinkedKB) -> Plan:
    """Roles down, training sessions across, the working day of each session in the cell."""
    t = linked.labels
    sessions = [(plan, session) for plan in sorted(linked.kb.training.values(), key=linked.rank)
                for session in plan.sessions]
    rows = []
    for role in sorted(linked.kb.roles.values(), key=linked.rank):
        taken = {(plan.id, session.id) for plan, session in linked.role_training.get(role.id, ())}
        rows.append((role.title, linked.actor_name(role.department),
                     *(t("register_training_day", day=session.day)
                       if (plan.id, session.id) in taken else "" for plan, session in sessions)))
    return (_sheet(_sheet_title(t("training")),
                   [t("title"), t("department"),
                    *(f"{plan.title}: {session.title}" for plan, session in sessions)], rows),)


def _documents_book(linked: LinkedKB) -> Plan:
    t = linked.labels
    rows = []
    for kind in KINDS:
        for item in linked.in_order(linked.kb.of(kind.folder).values()):
            doc = linked.doc(item)
            rows.append((doc.number, item.title, t(kind.portal_index_label), doc.version,
                         t(f"status_{doc.status}"),
                         doc.effective.isoformat() if doc.effective else "",
                         doc.next_review.isoformat() if doc.next_review else "",
                         doc.author or ""))
    return (_sheet(_sheet_title(t("register_documents")),
                   [t("document_number"), t("register_document_title"),
                    t("register_document_kind"), t("version"), t("status"), t("effective"),
                    t("next_review"), t("register_document_author")], rows),)

"""`sopkit status`: the document register — every controlled document with its number,
version, status, owner, effective and next-review dates; overdue reviews and pending
approvals flagged and counted. Text on stdout, or inside the JSON document (`documents`)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from ..pipeline import check as run_check
from ..views.register import RegisterRow, register_rows
from .options import reporting, sops_option, today_option
from .report import Reporter


@click.command()
@sops_option
@today_option
@reporting("status")
def status(sops: Path, today, report: Reporter) -> None:
    """List every controlled document: number, version, status, owner, dates; overdue
    reviews and pending approvals."""
    with report.failures():
        result = run_check(sops, today)
    report.checked(result, "status", warnings=False)
    rows = register_rows(result.linked)
    report.data["documents"] = [row.as_json() for row in rows]
    report.data["review_overdue"] = sum(row.overdue for row in rows)
    report.data["pending_approval"] = sum(row.pending for row in rows)
    if not report.json:
        t = result.linked.labels
        click.echo(_table(rows, t))
        click.echo(f"{len(rows)} documents: {report.data['review_overdue']} review(s) "
                   f"overdue, {report.data['pending_approval']} pending approval")
    report.finish()


def _table(rows: list[RegisterRow], t) -> str:
    head = [t("document_number"), t("version"), t("status"), t("doc_document"), t("register_owner"),
            t("effective"), t("next_review"), ""]
    body = [[row.doc.number, row.doc.version, t(f"status_{row.doc.status}"), row.item.title,
             row.owner, _day(row.doc.effective), _day(row.next_review), _flags(row, t)]
            for row in rows]
    widths = [max(_width(line[i]) for line in [head, *body]) for i in range(len(head))]
    return "\n".join("  ".join(cell + " " * (w - _width(cell)) for cell, w in
                               zip(line, widths, strict=True)).rstrip()
                     for line in [head, *body])


def _flags(row: RegisterRow, t) -> str:
    flags = [t("status_review_overdue")] if row.overdue else []
    if row.pending:
        flags.append(t("status_pending_approval"))
    return " ".join(flags)


def _day(day) -> str:
    return day.isoformat() if day else "—"


def _width(text: str) -> int:
    """Columns in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

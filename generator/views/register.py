"""The document register (`sopkit status`, the portal's register page): every controlled
document with its number, version, status, owner and dates, and what needs doing.

Retired documents are in it too (a register answers "which documents did we have"), from
``LinkedKB.retired``; overdue reviews concern published documents only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..doccontrol import DocInfo
from ..kinds import kind_of
from ..linker import LinkedKB
from ..model import Item


@dataclass(frozen=True, slots=True)
class RegisterRow:
    item: Item
    kind: str          # the kind's folder: roles, workflows, …
    doc: DocInfo
    owner: str         # the accountable role's or department's name, else the author
    next_review: dt.date | None
    overdue: bool      # its next review date has passed
    pending: bool      # awaiting approval: draft or in review

    def as_json(self) -> dict[str, object]:
        return {"id": self.item.id, "kind": self.kind, "title": self.item.title,
                "number": self.doc.number, "version": self.doc.version,
                "status": self.doc.status, "owner": self.owner,
                "effective": _iso(self.doc.effective), "next_review": _iso(self.next_review),
                "review_overdue": self.overdue, "pending_approval": self.pending}


def register_rows(linked: LinkedKB) -> list[RegisterRow]:
    """Every controlled document, current ones first, each group by document number. A
    draft being revised is listed as the draft it is (pending approval), not as the last
    approved revision the other outputs publish (generator/publication.py)."""
    linked = linked.working or linked
    items = [*linked.kb.items(), *(entry.item for entry in linked.retired)]
    rows = [_row(linked, item) for item in items]
    return sorted(rows, key=lambda r: (r.doc.is_retired, r.doc.number, r.item.id))


def _row(linked: LinkedKB, item: Item) -> RegisterRow:
    doc = linked.doc(item)
    next_review = None if doc.is_retired else doc.next_review
    owner_id = getattr(item, "owner", None) or getattr(item, "department", None)
    owner = linked.actor_name(owner_id) if owner_id else (doc.author or "")
    return RegisterRow(item, kind_of(item).folder, doc, owner, next_review,
                       overdue=next_review is not None and next_review < linked.today,
                       pending=doc.is_draft)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None

"""Document control: each item's effective number, version, status and review dates.

An item's own ``document:`` block wins field by field over ``document_defaults`` in
org.yaml; a missing number comes from org.yaml's `numbering:` pattern for the kind, or else
is derived from the id so it never changes between builds.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .kinds import kind_of
from .model import DocumentControl, HistoryEntry, Item, Org

_MERGED = ("version", "status", "review_every_months", "effective", "author", "reviewer",
           "approver")


@dataclass(frozen=True, slots=True)
class DocInfo:
    number: str
    version: str
    status: str
    effective: dt.date | None
    review_every_months: int | None
    author: str | None
    reviewer: str | None
    approver: str | None
    history: tuple[HistoryEntry, ...]

    @property
    def next_review(self) -> dt.date | None:
        # A retired document is never reviewed again; its `effective` is when it was retired.
        if self.is_retired or self.effective is None or not self.review_every_months:
            return None
        return add_months(self.effective, self.review_every_months)

    @property
    def is_draft(self) -> bool:
        return self.status in ("draft", "in_review")

    @property
    def is_retired(self) -> bool:
        return self.status == "retired"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def derived_number(item: Item) -> str:
    return f"{kind_of(item).number_prefix}-{item.id.upper()}"


def resolve(item: Item, org: Org, pattern_number: str | None = None) -> DocInfo:
    """``pattern_number``: what org.yaml's `numbering:` gives the item (generator.ordering)."""
    own = item.document or DocumentControl()
    defaults = org.document_defaults or DocumentControl()
    merged = {name: _first(getattr(own, name), getattr(defaults, name)) for name in _MERGED}
    return DocInfo(
        number=own.number or pattern_number or derived_number(item),
        version=merged["version"] or "1.0",
        status=merged["status"] or "approved",
        effective=merged["effective"],
        review_every_months=merged["review_every_months"],
        author=merged["author"], reviewer=merged["reviewer"], approver=merged["approver"],
        history=own.history,
    )


def _first(value, fallback):
    return fallback if value is None else value

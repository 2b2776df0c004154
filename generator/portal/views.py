"""Facts only the portal pages show that are not one field of one item: what changed
recently, the order of roles on a chart, the control block. Read-only over ``LinkedKB``;
what every presentation shows is in ``generator/views``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..doccontrol import DocInfo, add_months
from ..linker import LinkedKB
from ..model import Item, Role


@dataclass(frozen=True, slots=True)
class Change:
    """A line of "what changed recently": one revision, or the items that took effect."""

    date: dt.date
    item: Item | None
    version: str
    changes: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class Control:
    """The document-control facts a page shows, for an item or for the handbook."""

    number: str
    version: str
    status: str
    effective: dt.date | None
    next_review: dt.date | None
    approver: str | None
    overdue: bool


def item_control(linked: LinkedKB, item: Item) -> Control:
    return _control(linked.doc(item), linked.today)


def _control(doc: DocInfo, today: dt.date) -> Control:
    next_review = doc.next_review
    return Control(doc.number, doc.version, doc.status, doc.effective, next_review,
                   doc.approver, bool(next_review and next_review < today))


def handbook_control(linked: LinkedKB, handbook) -> Control:
    """Index pages are views of the handbook as a whole: they show its control block.
    ``handbook`` is the documents' HandbookControl (title, number, version, approval)."""
    defaults = linked.org.document_defaults
    months = defaults.review_every_months if defaults else None
    effective = handbook.effective
    next_review = add_months(effective, months) if effective and months else None
    return Control(handbook.number, handbook.version, handbook.status, effective, next_review,
                   handbook.approver, bool(next_review and next_review < linked.today))


def recent_changes(linked: LinkedKB, limit: int = 10) -> list[Change]:
    """Revisions from every item's history, newest first; items without a history are
    summed up per effective date, so forty new documents make one line, not forty."""
    changes = [Change(h.date, item, h.version, h.changes)
               for item in linked.kb.items() for h in linked.doc(item).history]
    quiet: dict[tuple[dt.date, str], int] = {}
    for item in linked.kb.items():
        doc = linked.doc(item)
        if not doc.history and doc.effective:
            key = (doc.effective, doc.version)
            quiet[key] = quiet.get(key, 0) + 1
    changes += [Change(day, None, version, "", count) for (day, version), count in quiet.items()]
    changes.sort(key=lambda c: (c.date, c.item is not None, c.item.title if c.item else ""),
                 reverse=True)
    return changes[:limit]


def roles_in_chart_order(linked: LinkedKB, department: str) -> list[Role]:
    """A department's roles in the reading order of roles (generator/ordering.py): their own
    `order:`, else top-down by reporting depth, then title, as in the handbook."""
    return linked.in_order(linked.department_roles.get(department, ()))  # type: ignore[return-value]


def split_retired(linked: LinkedKB, items: Iterable[Item]) -> tuple[list[Item], list[Item]]:
    current: list[Item] = []
    retired: list[Item] = []
    for item in items:
        (retired if linked.doc(item).is_retired else current).append(item)
    return current, retired


def in_reading_order(linked: LinkedKB, items: Iterable[Item]) -> list[Item]:
    """In the kind's reading order (own `order:`, else the default): generator/ordering.py."""
    return linked.in_order(items)


def roles_by_department(linked: LinkedKB) -> list[tuple]:
    """"Start from your role": each department that has current roles, with them in chart
    order. Departments without roles are left out rather than listed empty."""
    found = []
    for dept in linked.departments.values():
        roles, _ = split_retired(linked, roles_in_chart_order(linked, dept.id))
        if roles:
            found.append((dept, roles))
    return found


def example_queries(linked: LinkedKB, limit: int = 3) -> list[str]:
    """Search examples from this knowledge base (never another company's words): the
    first current workflow, form and role in reading order."""
    examples = []
    for folder in ("workflows", "forms", "roles"):
        current, _ = split_retired(linked, in_reading_order(linked, linked.kb.of(folder).values()))
        if current:
            examples.append(str(current[0].title))
    return examples[:limit]

"""Document control of the handbook as a whole, derived from org.yaml and the items in it.

The handbook's revision history is its own (org.yaml `handbook: history`, format 1.1) when
it keeps one; otherwise every item's history, newest first, so the front matter still shows
what changed across the whole set. Its purpose, scope and principles come from the same
block.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import Labels
from ..linker import LinkedKB


@dataclass(frozen=True, slots=True)
class Revision:
    date: dt.date
    version: str
    item_title: str  # empty for the handbook's own entries
    changes: str
    by: str | None


@dataclass(frozen=True, slots=True)
class HandbookControl:
    title: str
    number: str
    version: str
    status: str
    effective: dt.date | None
    author: str | None
    reviewer: str | None
    approver: str | None
    revisions: tuple[Revision, ...]
    purpose: str | None = None
    scope: str | None = None
    principles: tuple[str, ...] = ()

    @property
    def per_item(self) -> bool:
        """Whether the revisions name the item they changed (no history of its own)."""
        return any(r.item_title for r in self.revisions)


def handbook_control(linked: LinkedKB, t: Labels) -> HandbookControl:
    org = linked.org
    defaults = org.document_defaults
    handbook = org.handbook
    name = org.organization.short_name or org.organization.name
    department = _department_names(linked)
    title = (handbook.title if handbook and handbook.title else None) or \
        (t("department_handbook", department=department) if department else t("handbook"))
    if handbook and handbook.history:  # newest first, as written
        revisions = [Revision(h.date, h.version, "", h.changes, h.by) for h in handbook.history]
    else:
        revisions = sorted(
            (Revision(h.date, h.version, item.title, h.changes, h.by)
             for item in linked.kb.items() for h in linked.doc(item).history),
            key=lambda r: (r.date, r.item_title), reverse=True)
    return HandbookControl(
        title=title,
        number=(handbook.number if handbook and handbook.number else None) or f"{name}-SOP",
        version=_version(org),
        status=(defaults.status if defaults and defaults.status else "approved"),
        effective=defaults.effective if defaults else None,
        author=defaults.author if defaults else None,
        reviewer=defaults.reviewer if defaults else None,
        approver=defaults.approver if defaults else None,
        revisions=tuple(revisions),
        purpose=handbook.purpose if handbook else None,
        scope=handbook.scope if handbook else None,
        principles=handbook.principles if handbook else ())


def _version(org) -> str:
    """Its own `version`, else the newest entry of its own history, else the defaults'."""
    handbook, defaults = org.handbook, org.document_defaults
    if handbook and handbook.version:
        return handbook.version
    if handbook and handbook.history:
        return handbook.history[0].version
    return defaults.version if defaults and defaults.version else "1.0"


def _department_names(linked: LinkedKB) -> str:
    """A one-department knowledge base is that department's handbook (销售部作业指导书)."""
    with_roles = [d for d in linked.departments.values() if linked.department_roles.get(d.id)]
    return with_roles[0].name if len(with_roles) == 1 else ""

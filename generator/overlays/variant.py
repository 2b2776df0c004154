"""One custom job description: the applied role and its own document control.

The custom role keeps the standard role's id, so everything the linker derived for the
standard role (workflows, training, forms, policies) still applies to it. Its document
control is its own: the number is `<standard number>-<overlay id>`, and its history says
which standard it adapts. Renderers see it through ``LinkedKB.for_custom``, the linked model
whose document control for this role is the variant's.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..diagnostics import Diagnostics, Loc
from ..doccontrol import DocInfo
from ..fields import Text
from ..i18n import Labels
from ..model import HistoryEntry, Item, Role
from .apply import apply_overlay, base_role
from .model import Overlay
from .placeholders import variable_values


@dataclass(frozen=True, slots=True)
class CustomJD:
    overlay: Overlay
    standard: Role
    role: Role             # the standard role with the overlay applied
    standard_doc: DocInfo
    doc: DocInfo           # the variant's own document control
    date: dt.date          # date of the changes: the overlay's, else the standard's effective date

    @property
    def id(self) -> str:
        return self.overlay.id

    @property
    def author(self) -> str:
        return self.overlay.author or self.doc.author or ""


@dataclass(frozen=True, slots=True)
class Standards:
    """What applying an overlay needs from the linked knowledge base."""

    roles: Mapping[str, Role]
    doc: Callable[[Item], DocInfo]
    labels: Labels
    today: dt.date


def standard_overlay(role: Role) -> Overlay:
    """An overlay that changes nothing: `sopkit jd ROLE` without --overlay."""
    return Overlay(id=role.id, extends=Text(role.id, role.loc), source=role.source)


def check_overlay_id(overlay: Overlay, roles: Mapping[str, Role], diags: Diagnostics) -> None:
    if overlay.id in roles:
        where = overlay.locs.get("id", Loc(overlay.source, 1, 1))
        diags.error(where, f"overlay id `{overlay.id}` is also a role id "
                    f"({roles[overlay.id].source}): name the file after the variant, e.g. "
                    f"`{overlay.extends or overlay.id}-shanghai.yaml`", "duplicate-id")


def customise(overlay: Overlay, standards: Standards, diags: Diagnostics,
              overrides: Mapping[str, str] | None = None) -> CustomJD | None:
    """The custom JD, or None when the overlay has errors (reported into ``diags``)."""
    before = len(diags.errors)
    standard = base_role(overlay, standards.roles, diags)
    if standard is None:
        return None
    role = apply_overlay(overlay, standard, variable_values(overlay, overrides), diags)
    if len(diags.errors) > before:
        return None
    standard_doc = standards.doc(standard)
    date = overlay.date or standard_doc.effective or standards.today
    doc = _variant_doc(overlay, standard, standard_doc, date, standards.labels)
    return CustomJD(overlay, standard, role, standard_doc, doc, date)


def variant_number(standard_doc: DocInfo, overlay: Overlay) -> str:
    if overlay.id == overlay.extends:
        return standard_doc.number
    return f"{standard_doc.number}-{overlay.id}"


def _variant_doc(overlay: Overlay, standard: Role, standard_doc: DocInfo, when: dt.date,
                 t: Labels) -> DocInfo:
    if overlay.id == overlay.extends:
        return standard_doc
    loc = overlay.loc if overlay.source else Loc("")
    entry = HistoryEntry(
        version=Text(standard_doc.version, loc), date=when,
        changes=Text(t("jd_variant_history", number=standard_doc.number, title=standard.title),
                     loc),
        by=overlay.author or _located(standard_doc.author, loc))
    return dataclasses.replace(
        standard_doc, number=variant_number(standard_doc, overlay),
        status=overlay.status or standard_doc.status,
        author=overlay.author or standard_doc.author, history=(entry,))


def _located(value: str | None, loc: Loc) -> Text | None:
    """Content strings are Texts, so a value copied from document control gets a location."""
    return None if value is None else Text(value, loc)

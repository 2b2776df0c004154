"""One custom job description: the applied role, its own document control, and its views.

The custom role keeps the standard role's id, so everything the linker derived for the
standard role (workflows, training, forms, policies) still applies to it. Its document
control is its own: the number is `<standard number>-<overlay id>`, and its history says
which standard it adapts. Templates read document control through ``linked.doc``, so the
variant gets a linked model whose entry for this role is the variant's.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..diagnostics import Diagnostics, Loc
from ..doccontrol import DocInfo
from ..documents import DocumentView, item_view
from ..fields import Text
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import HistoryEntry, Role
from .apply import apply_overlay, base_role
from .overlay import Overlay
from .placeholders import variable_values

OUTPUT_FOLDER = "roles/custom"


@dataclass(frozen=True, slots=True)
class CustomJD:
    overlay: Overlay
    standard: Role
    role: Role
    linked: LinkedKB       # the knowledge base as seen by this variant's documents
    standard_doc: DocInfo
    doc: DocInfo

    @property
    def id(self) -> str:
        return self.overlay.id

    @property
    def author(self) -> str:
        return self.overlay.author or self.doc.author or ""

    @property
    def date(self) -> dt.date:
        return self.overlay.date or self.standard_doc.effective or self.linked.today

    def labels(self) -> Labels:
        return Labels(self.linked.org.locale if self.linked.org else None)

    def view(self, folder: str = OUTPUT_FOLDER) -> DocumentView:
        """The custom JD through the standard role template: the same house style."""
        view = item_view(self.linked, self.role, folder, "role.html.j2", self.labels())
        return dataclasses.replace(view, path=f"{folder}/{self.id}")


def standard_overlay(role: Role) -> Overlay:
    """An overlay that changes nothing: `sopkit jd ROLE` without --overlay."""
    return Overlay(id=role.id, extends=Text(role.id, role.loc), source=role.source)


def customise(linked: LinkedKB, overlay: Overlay, diags: Diagnostics,
              overrides: Mapping[str, str] | None = None) -> CustomJD | None:
    """The custom JD, or None when the overlay has errors (reported into ``diags``)."""
    before = len(diags.errors)
    standard = base_role(overlay, linked.kb.roles, diags)
    if standard is None:
        return None
    role = apply_overlay(overlay, standard, variable_values(overlay, overrides), diags)
    if len(diags.errors) > before:
        return None
    standard_doc = linked.doc(standard)
    doc = _variant_doc(overlay, standard, standard_doc, linked)
    documents = dict(linked.documents)
    documents[(role.KIND, role.id)] = doc
    variant_linked = dataclasses.replace(linked, documents=MappingProxyType(documents))
    return CustomJD(overlay, standard, role, variant_linked, standard_doc, doc)


def variant_number(standard_doc: DocInfo, overlay: Overlay) -> str:
    if overlay.id == overlay.extends:
        return standard_doc.number
    return f"{standard_doc.number}-{overlay.id}"


def _variant_doc(overlay: Overlay, standard: Role, standard_doc: DocInfo,
                 linked: LinkedKB) -> DocInfo:
    if overlay.id == overlay.extends:
        return standard_doc
    t = Labels(linked.org.locale if linked.org else None)
    when = overlay.date or standard_doc.effective or linked.today
    loc = overlay.loc if overlay.source else Loc("")
    entry = HistoryEntry(
        version=Text(standard_doc.version, loc), date=when,
        changes=Text(t("jd_variant_history", number=standard_doc.number, title=standard.title),
                     loc),
        by=overlay.author or standard_doc.author)
    return dataclasses.replace(
        standard_doc, number=variant_number(standard_doc, overlay),
        status=overlay.status or standard_doc.status,
        author=overlay.author or standard_doc.author, history=(entry,))

"""Which documents exist and the document-control facts of each (number, version, status,
approval, watermark). Everything about *what goes where inside* a document is in templates.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..fonts import org_font
from ..i18n import Labels
from ..kinds import KINDS
from ..linker import LinkedKB
from ..logo import aspect_ratio, logo_bytes, logo_dist_path
from ..model import Item
from .control import handbook_control
from .environment import item_anchor


@dataclass(frozen=True)
class DocumentView:
    path: str
    template: str
    title: str
    meta: Mapping[str, str]
    context: Mapping[str, Any] = field(default_factory=dict)


def document_meta(linked: LinkedKB, t: Labels, title: str, number: str, version: str,
                  status: str, effective) -> dict[str, str]:
    org = linked.org
    meta = {
        "organization": org.organization.name,
        "title": title, "number": number, "version": version, "status": status,
        "footer": t("page_x_of_y"),
        "font": org_font(org),
        "lang": linked.locale,
        "date": effective.isoformat() if effective else "2000-01-01",
    }
    logo = logo_bytes(linked.kb)
    if logo is not None:  # the build copies it there (renderers/diagrams_renderer.py)
        meta["logo"] = logo_dist_path(logo[0])
        meta["logo-aspect"] = f"{aspect_ratio(*logo):.3f}"
    theme = linked.kb.theme
    if theme and theme.print_css:  # read by the PDF printer after the house print.css
        meta["theme-css"] = theme.print_css
    if theme and theme.reference_docx:  # the Word converter's styles
        meta["word-reference"] = theme.reference_docx
    if status in ("draft", "in_review"):
        meta["watermark"] = t("watermark_draft")
    elif status == "retired":
        meta["watermark"] = t("watermark_retired")
    return meta


def item_view(linked: LinkedKB, item: Item, folder: str, template: str,
              t: Labels | None = None) -> DocumentView:
    t = t or linked.labels
    doc = linked.doc(item)
    return DocumentView(
        path=f"{folder}/{item.id}", template=template, title=item.title,
        meta=document_meta(linked, t, item.title, doc.number, doc.version, doc.status,
                           doc.effective),
        context={"item": item, "doc": doc})


def _handbook_anchors(linked: LinkedKB) -> frozenset[str]:
    """The handbook has a section for every role, workflow, training plan and policy, and a
    page for every form (the appendix of blank forms), so names of them elsewhere in it can
    link there."""
    kb = linked.kb
    return frozenset(item_anchor(item) for items in (kb.roles, kb.workflows, kb.training,
                                                     kb.policies, kb.forms)
                     for item in items.values())


def document_views(linked: LinkedKB) -> list[DocumentView]:
    t = linked.labels
    control = handbook_control(linked, t)
    views = [DocumentView(
        path="handbook", template="handbook.html.j2", title=control.title,
        meta=document_meta(linked, t, control.title, control.number, control.version,
                           control.status, control.effective),
        context={"control": control, "xrefs": _handbook_anchors(linked)})]
    for kind in KINDS:
        if kind.document_template:
            views += [item_view(linked, item, kind.folder, kind.document_template, t)
                      for item in linked.kb.of(kind.folder).values()]
    return views

"""Which documents exist and the document-control facts of each (number, version, status,
approval, watermark). Everything about *what goes where inside* a document is in templates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .control import handbook_control
from ..fonts import cjk_family
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Item


@dataclass(frozen=True)
class DocumentView:
    path: str
    template: str
    title: str
    meta: Mapping[str, str]
    context: Mapping[str, Any] = field(default_factory=dict)


def _meta(linked: LinkedKB, t: Labels, title: str, number: str, version: str,
          status: str, effective) -> dict[str, str]:
    org = linked.org
    meta = {
        "organization": org.organization.name if org else "",
        "title": title, "number": number, "version": version, "status": status,
        "footer": t("page_x_of_y"),
        "font": cjk_family(org.locale if org else None),
        "lang": (org.locale if org and org.locale else "zh-Hans"),
        "date": effective.isoformat() if effective else "2000-01-01",
    }
    if status in ("draft", "in_review"):
        meta["watermark"] = t("watermark_draft")
    elif status == "retired":
        meta["watermark"] = t("watermark_retired")
    return meta


def _item_view(linked: LinkedKB, t: Labels, item: Item, folder: str, template: str) -> DocumentView:
    doc = linked.doc(item)
    return DocumentView(
        path=f"{folder}/{item.id}", template=template, title=item.title,
        meta=_meta(linked, t, item.title, doc.number, doc.version, doc.status, doc.effective),
        context={"item": item, "doc": doc})


def document_views(linked: LinkedKB) -> list[DocumentView]:
    t = Labels(linked.org.locale if linked.org else None)
    control = handbook_control(linked, t)
    views = [DocumentView(
        path="handbook", template="handbook.html.j2", title=control.title,
        meta=_meta(linked, t, control.title, control.number, control.version, control.status,
                   control.effective),
        context={"control": control})]
    kb = linked.kb
    views += [_item_view(linked, t, r, "roles", "role.html.j2") for r in kb.roles.values()]
    views += [_item_view(linked, t, w, "workflows", "workflow.html.j2")
              for w in kb.workflows.values()]
    views += [_item_view(linked, t, p, "policies", "policy.html.j2") for p in kb.policies.values()]
    return views

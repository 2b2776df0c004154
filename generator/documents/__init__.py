"""Document HTML (docs/document-html.md): the handbook and every role, workflow and policy
document, written once by the templates in ``templates/documents`` and read by both the
PDF and the Word renderer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..doccontrol import DocInfo, add_months, derived_number, resolve  # noqa: F401
from ..linker import LinkedKB
from .environment import document_environment
from .views import DocumentView, document_views


@dataclass(frozen=True, slots=True)
class Document:
    path: str                  # output path without suffix, relative to dist/
    html: str
    meta: Mapping[str, str]    # the sopkit:* meta values, also in the HTML head

    @property
    def is_draft(self) -> bool:
        return self.meta.get("status") in ("draft", "in_review")


def render_documents(linked: LinkedKB) -> list[Document]:
    env = document_environment(linked)
    documents = []
    for view in document_views(linked):
        html = env.get_template(view.template).render(view=view, **view.context)
        documents.append(Document(view.path, html, view.meta))
    return documents


__all__ = ["Document", "DocumentView", "render_documents"]

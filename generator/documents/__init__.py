"""Document HTML (docs/document-html.md): the handbook and every role, workflow, training
plan and policy document, written once by the templates in ``templates/documents`` and
read by both the PDF and the Word renderer.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..doccontrol import DocInfo, add_months, derived_number, resolve  # noqa: F401
from ..linker import LinkedKB
from .chartroom import fit_charts_to_their_pages
from .emptycolumns import drop_empty_columns
from .environment import document_environment, template_state
from .pagetails import keep_chapter_tails
from .printgroups import group_long_chapters
from .views import DocumentView, document_meta, document_views, item_view


@dataclass(frozen=True, slots=True)
class Document:
    path: str                  # output path without suffix, relative to dist/
    html: str
    meta: Mapping[str, str]    # the sopkit:* meta values, also in the HTML head

    @property
    def is_draft(self) -> bool:
        return self.meta.get("status") in ("draft", "in_review")


def render_view(linked: LinkedKB, view: DocumentView, extra_template_dirs=(),
                env=None) -> Document:
    """Render one view. Other features (onboarding packs, custom job descriptions) make their
    own views and templates, which may import "macros.html.j2" from templates/documents."""
    env = env or document_environment(linked, extra_template_dirs)
    html = env.get_template(view.template).render(view=view, **view.context)
    html = fit_charts_to_their_pages(group_long_chapters(drop_empty_columns(html)))
    return Document(view.path, keep_chapter_tails(html), view.meta)


def render_documents(linked: LinkedKB) -> list[Document]:
    """Every document of ``linked``. The Word and PDF renderers of one build both ask; the
    second gets the documents the first rendered (about 1 s of CPU on the sample), unless
    a template changed in between."""
    state = template_state()
    if _rendered is not None and _rendered[0] is linked and _rendered[1] == state:
        return list(_rendered[2])
    # One environment for the whole set: compiling templates per document costs ~65 ms each.
    env = document_environment(linked)
    documents = [render_view(linked, view, env=env) for view in document_views(linked)]
    _remember((linked, state, tuple(documents)))
    return documents


# The last model's documents (one slot: a build renders one model). The model is compared by
# identity: a LinkedKB is immutable, and a new check makes a new one.
_rendered: tuple[LinkedKB, tuple, tuple[Document, ...]] | None = None


def _remember(entry: tuple[LinkedKB, tuple, tuple[Document, ...]]) -> None:
    global _rendered
    _rendered = entry


__all__ = ["Document", "DocumentView", "render_documents", "render_view", "document_meta",
           "item_view"]

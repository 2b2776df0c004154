"""The redline as PDF: our own small template, printed by WeasyPrint in the house style
(print.css and the same page furniture as every document) plus redline.css."""
from __future__ import annotations

from ..documents import Document, DocumentView, document_meta, render_view
from ..linker import LinkedKB
from ..overlays import CustomJD
from ..paths import TEMPLATES_DIR
from ..pdf import render_pdf
from .redline import redline_for

CUSTOM_TEMPLATES = TEMPLATES_DIR / "custom"
REDLINE_CSS = CUSTOM_TEMPLATES / "redline.css"


def redline_document(linked: LinkedKB, custom: CustomJD, folder: str) -> Document:
    redline = redline_for(linked, custom, "jd_redline_note_pdf")
    seen = linked.for_custom(custom)
    t, doc = seen.labels, custom.doc
    title = f"{redline.title} {custom.role.title}"
    view = DocumentView(
        path=f"{folder}/{custom.id}-redline", template="redline.html.j2", title=title,
        meta=document_meta(seen, t, redline.title, doc.number, doc.version,
                           doc.status, doc.effective),
        context={"redline": redline})
    return render_view(seen, view, [CUSTOM_TEMPLATES])


def redline_pdf(document: Document) -> bytes:
    # No images in a redline: with no diagrams the fetcher refuses every URL.
    return render_pdf(document.html, dict(document.meta), {},
                      extra_css=(REDLINE_CSS,))

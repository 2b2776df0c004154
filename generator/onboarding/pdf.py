"""The pack's document HTML → PDF: the documents' print.css and page furniture, plus
templates/onboarding/pack.css, with the acknowledgement's <input> elements as AcroForm
fields."""
from __future__ import annotations

from ..documents import Document
from ..paths import TEMPLATES_DIR
from ..pdf import render_pdf

PACK_CSS = TEMPLATES_DIR / "onboarding" / "pack.css"


def pack_pdf(document: Document, svgs: dict[str, bytes]) -> bytes:
    """The pack as PDF; ``svgs`` maps each <img src> to its SVG bytes."""
    return render_pdf(document.html, dict(document.meta), svgs, extra_css=(PACK_CSS,))

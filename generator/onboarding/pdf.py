"""The pack's document HTML → PDF: the documents' print.css and page furniture, plus
templates/onboarding/pack.css, with the acknowledgement's <input> elements as AcroForm
fields."""
from __future__ import annotations

from ..documents import Document
from ..paths import TEMPLATES_DIR
from ..pdf import BASE_URL, DOCUMENTS_DIR, _fetcher, page_css

PACK_CSS = TEMPLATES_DIR / "onboarding" / "pack.css"


def pack_pdf(document: Document, svgs: dict[str, bytes]) -> bytes:
    """The pack as PDF; ``svgs`` maps each <img src> to its SVG bytes."""
    from weasyprint import CSS, HTML

    html = HTML(string=document.html, base_url=BASE_URL, url_fetcher=_fetcher(svgs))
    stylesheets = [CSS(filename=str(DOCUMENTS_DIR / "print.css")),
                   CSS(string=page_css(dict(document.meta))),
                   CSS(filename=str(PACK_CSS))]
    return html.write_pdf(stylesheets=stylesheets)

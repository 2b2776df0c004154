"""Write one custom job description: `<id>.pdf` / `<id>.docx` and their redlines beside them."""
from __future__ import annotations

from pathlib import Path

from ..documents import Document, render_view
from ..outputs import write_atomic
from ..pdf import render_pdf
from .redline import redline_for
from .redline_docx import redline_docx
from .redline_pdf import redline_document, redline_pdf
from .variant import OUTPUT_FOLDER, CustomJD

FORMATS = ("docx", "pdf")


def write_custom_jd(custom: CustomJD, folder: Path, formats=FORMATS) -> list[Path]:
    """Write the chosen formats into ``folder``; returns the files written."""
    document = render_view(custom.linked, custom.view(OUTPUT_FOLDER))
    outputs = {}
    if "pdf" in formats:
        outputs[f"{custom.id}.pdf"] = jd_pdf(document)
        outputs[f"{custom.id}-redline.pdf"] = redline_pdf(redline_document(custom, OUTPUT_FOLDER))
    if "docx" in formats:
        outputs[f"{custom.id}.docx"] = jd_docx(document, folder)
        outputs[f"{custom.id}-redline.docx"] = redline_docx(redline_for(custom))
    return [write_atomic(folder / name, data) for name, data in outputs.items()]


def jd_pdf(document: Document) -> bytes:
    return render_pdf(document.html, dict(document.meta), {})  # a role document has no diagrams


def jd_docx(document: Document, assets: Path) -> bytes:
    """The custom JD in Word, by the same HTML → Word converter (and reference document) as
    every standard JD. A role document has no images, so ``assets`` is never read."""
    from ..docx import html_to_docx
    return html_to_docx(document.html, assets, name=document.path)

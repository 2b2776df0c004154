"""Write one custom job description: `<id>.pdf` / `<id>.docx` and their redlines beside them."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from ..documents import Document, DocumentView, item_view, render_view
from ..linker import LinkedKB
from ..outputs import write_atomic
from ..overlays import CustomJD
from ..pdf import render_pdf
from .redline import redline_for
from .redline_docx import redline_docx
from .redline_pdf import redline_document, redline_pdf
from .variants import OUTPUT_FOLDER

FORMATS = ("docx", "pdf")


def write_custom_jd(linked: LinkedKB, custom: CustomJD, folder: Path,
                    formats=FORMATS, redline: bool = True) -> list[Path]:
    """Write the chosen formats into ``folder``, with the redlines against the standard
    unless ``redline`` is off (a standard role compared with itself shows nothing);
    returns the files written."""
    seen = linked.for_custom(custom)
    document = render_view(seen, custom_view(seen, custom, OUTPUT_FOLDER))
    outputs = {}
    if "pdf" in formats:
        outputs[f"{custom.id}.pdf"] = jd_pdf(document)
        if redline:
            outputs[f"{custom.id}-redline.pdf"] = redline_pdf(
                redline_document(linked, custom, OUTPUT_FOLDER))
    if "docx" in formats:
        outputs[f"{custom.id}.docx"] = jd_docx(document, folder)
        if redline:
            outputs[f"{custom.id}-redline.docx"] = redline_docx(redline_for(linked, custom))
    return [write_atomic(folder / name, data) for name, data in outputs.items()]


def custom_view(seen: LinkedKB, custom: CustomJD, folder: str = OUTPUT_FOLDER) -> DocumentView:
    """The custom JD through the standard role template: the same house style. ``seen`` is
    ``linked.for_custom(custom)``."""
    view = item_view(seen, custom.role, folder, "role.html.j2", seen.labels)
    return dataclasses.replace(view, path=f"{folder}/{custom.id}")


def jd_pdf(document: Document) -> bytes:
    return render_pdf(document.html, dict(document.meta), {})  # a role document has no diagrams


def jd_docx(document: Document, assets: Path) -> bytes:
    """The custom JD in Word, by the same HTML → Word converter (and reference document) as
    every standard JD. A role document has no images, so ``assets`` is never read."""
    from ..docx import html_to_docx
    return html_to_docx(document.html, assets, name=document.path)

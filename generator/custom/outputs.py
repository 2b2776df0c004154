"""Write one custom job description: `<id>.pdf` / `<id>.docx` and their redlines beside them."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..buildcache import Tally, cached, output_key
from ..documents import Document, DocumentView, item_view, render_view
from ..keyparts import print_key, word_key
from ..linker import LinkedKB
from ..outputs import write_atomic
from ..overlays import CustomJD
from ..pdf import render_pdf
from .redline import Redline, redline_for
from .redline_docx import redline_docx
from .redline_pdf import REDLINE_CSS, redline_document, redline_pdf
from .variants import OUTPUT_FOLDER

FORMATS = ("docx", "pdf")


def write_custom_jd(linked: LinkedKB, custom: CustomJD, folder: Path,
                    formats=FORMATS, redline: bool = True,
                    tally: Tally | None = None) -> list[Path]:
    """Write the chosen formats into ``folder``, with the redlines against the standard
    unless ``redline`` is off (a standard role compared with itself shows nothing);
    returns the files written. With the build's ``tally``, each file comes from the build
    cache when nothing it reads has changed."""
    seen = linked.for_custom(custom)
    document = render_view(seen, custom_view(seen, custom, OUTPUT_FOLDER))
    outputs: dict[str, tuple[Callable[[], str], Callable[[], bytes]]] = {}
    if "pdf" in formats:
        outputs[f"{custom.id}.pdf"] = (partial(print_key, document), partial(jd_pdf, document))
        if redline:
            marked = redline_document(linked, custom, OUTPUT_FOLDER)
            outputs[f"{custom.id}-redline.pdf"] = (partial(print_key, marked, REDLINE_CSS),
                                                   partial(redline_pdf, marked))
    if "docx" in formats:
        outputs[f"{custom.id}.docx"] = (partial(word_key, document, folder),
                                        partial(jd_docx, document, folder))
        if redline:
            lines = redline_for(linked, custom)
            outputs[f"{custom.id}-redline.docx"] = (partial(_redline_docx_key, lines),
                                                    partial(redline_docx, lines))
    return [write_atomic(folder / name, _output(tally, f"{OUTPUT_FOLDER}/{name}", key, make))
            for name, (key, make) in outputs.items()]


def _output(tally: Tally | None, name: str, key: Callable[[], str],
            make: Callable[[], bytes]) -> bytes:
    if tally is None:  # `sopkit jd`: one file on request, nothing to reuse
        return make()
    return cached(tally, "custom", "custom", key(), make, name)


def _redline_docx_key(lines: Redline) -> str:
    # the Redline is plain frozen data (texts, dates, the compared sections): its repr is
    # all the Word writer reads
    return output_key("redline-docx", repr(lines))


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

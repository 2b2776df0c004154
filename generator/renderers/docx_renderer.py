"""`dist/handbook.docx` and one .docx per role, workflow, training plan and policy, from
document HTML.

Figures embed the PNG twins the diagrams renderer wrote into the same build (ORDER 20 < 40):
`NEEDS` has `--only docx` build them too.
"""
from __future__ import annotations

from pathlib import Path

from ..documents import render_documents
from ..docx import html_to_docx, number_toc_pages
from ..fonts import org_font
from ..jobs import process_pool
from ..linker import LinkedKB
from ..outputs import write_atomic

NAME = "docx"
ORDER = 40
NEEDS = ("diagrams",)  # the PNG twins its figures embed
DESCRIPTION = "handbook and documents as Word files styled by templates/word/reference.docx"


def _convert(job: tuple[str, str, Path]) -> tuple[str, bytes]:
    """One document; one with a TOC (the handbook) is printed once by LibreOffice in the
    worker so its TOC carries the page numbers (generator/docx/tocpages.py)."""
    path, html, assets = job
    return path, number_toc_pages(html_to_docx(html, assets, name=path))


def render(linked: LinkedKB, context) -> None:
    org_font(linked.org)  # stop before any work if the font is missing
    jobs = [(doc.path, doc.html, context.out) for doc in render_documents(linked)]
    # Conversion is CPU-bound Python (lxml, zlib): separate processes use the cores.
    with process_pool(context.workers(len(jobs))) as pool:
        for path, data in context.progress(pool.map(_convert, jobs, chunksize=4), "Word",
                                           len(jobs)):
            write_atomic(context.out / f"{path}.docx", data)

"""`dist/handbook.pdf` and one PDF per role, workflow and policy, via WeasyPrint."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from ..documents import render_documents
from ..fonts import org_font
from ..linker import LinkedKB
from ..outputs import write_atomic
from ..pdf import diagram_svgs, render_pdf

NAME = "pdf"
ORDER = 50
DESCRIPTION = "handbook and documents as print-quality PDF (WeasyPrint)"


def _render(job: tuple) -> tuple[str, bytes]:
    path, html, meta, svgs, variant = job
    return path, render_pdf(html, meta, svgs, variant)


def render(linked: LinkedKB, context) -> None:
    org_font(linked.org)  # stop before any work if the font is missing
    svgs = diagram_svgs(linked)
    variant = context.options.get("pdf_variant")
    jobs = [(doc.path, doc.html, dict(doc.meta), svgs, variant)
            for doc in render_documents(linked)]
    # WeasyPrint is CPU-bound Python: separate processes use both cores.
    with ProcessPoolExecutor(max_workers=2) as pool:
        for path, pdf in context.progress(pool.map(_render, jobs), "PDF", len(jobs)):
            write_atomic(context.out / f"{path}.pdf", pdf)

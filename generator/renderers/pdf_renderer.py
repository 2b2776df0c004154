"""`dist/handbook.pdf` and one PDF per role, workflow, training plan and policy, via WeasyPrint."""
from __future__ import annotations

from ..documents import render_documents
from ..fonts import org_font
from ..linker import LinkedKB
from ..outputs import write_atomic
from ..pdf import Printing, PrintJob, diagram_svgs

NAME = "pdf"
# First after the diagrams: the prints run in worker processes while the Word files, the
# forms, registers and the portal are made (RenderContext.later). A handbook part's print
# is the longest piece of a rebuild after a summary edit (the Word handbook's LibreOffice
# pass is cut into chunks and its quit no longer waited for at the end: docx_renderer), so
# it is started before the Word renderer's own work in this process (~0.4 s).
ORDER = 22
READS_OTHER_OUTPUTS = False  # Word files may still be in the making meanwhile (build.py)
DESCRIPTION = "handbook and documents as print-quality PDF (WeasyPrint)"


def render(linked: LinkedKB, context) -> None:
    org_font(linked.org)  # stop before any work if the font is missing
    svgs = diagram_svgs(linked)
    jobs = [PrintJob(doc.path, doc.html, dict(doc.meta)) for doc in render_documents(linked)]
    # WeasyPrint is CPU-bound Python: separate processes use all cores (the handbook in parts).
    # What the build cache holds is not printed again (generator/pdf/printcache.py).
    printing = Printing(jobs, svgs, context.options.get("pdf_variant"),
                        workers=context.jobs, tally=context.tally)

    def finish() -> None:
        try:
            for path, pdf in context.progress(printing.results(), "PDF", len(jobs)):
                write_atomic(context.out / f"{path}.pdf", pdf)
        finally:
            printing.stop()

    context.later(finish, printing.stop, promised={f"{job.path}.pdf" for job in jobs})

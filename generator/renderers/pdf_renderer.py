"""`dist/handbook.pdf` and one PDF per role, workflow, training plan and policy, via WeasyPrint."""
from __future__ import annotations

from ..documents import render_documents
from ..fonts import org_font
from ..linker import LinkedKB
from ..outputs import write_atomic
from ..pdf import PrintJob, diagram_svgs, print_documents, start_printers

NAME = "pdf"
ORDER = 50
READS_OTHER_OUTPUTS = False  # Word files may still be in the making meanwhile (build.py)
DESCRIPTION = "handbook and documents as print-quality PDF (WeasyPrint)"


def start(_linked: LinkedKB, context) -> None:
    """Before the first format is made: the print workers are forked and import WeasyPrint
    (about a second) while this process makes the formats before this one."""
    printers = start_printers(context.jobs)
    context.started[NAME] = printers
    context.closing.append(lambda: printers.shutdown(cancel_futures=True))


def render(linked: LinkedKB, context) -> None:
    org_font(linked.org)  # stop before any work if the font is missing
    svgs = diagram_svgs(linked)
    jobs = [PrintJob(doc.path, doc.html, dict(doc.meta)) for doc in render_documents(linked)]
    # WeasyPrint is CPU-bound Python: separate processes use all cores (the handbook in parts).
    # What the build cache holds is not printed again (generator/pdf/printcache.py).
    printed = print_documents(jobs, svgs, context.options.get("pdf_variant"),
                              workers=context.jobs, tally=context.tally,
                              printers=context.started.get(NAME))
    for path, pdf in context.progress(printed, "PDF", len(jobs)):
        write_atomic(context.out / f"{path}.pdf", pdf)

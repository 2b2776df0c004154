"""`dist/forms/<id>.pdf` (fillable AcroForm) and `dist/forms/<id>.docx` (content controls)."""
from __future__ import annotations

from ..fonts import org_font
from ..forms.docx_form import fillable_docx
from ..forms.pdf import fillable_from_job, fillable_job, warm
from ..jobs import process_pool
from ..linker import LinkedKB
from ..outputs import write_atomic

NAME = "forms"
ORDER = 30
DESCRIPTION = "every form as a fillable PDF and a Word document with content controls"


def render(linked: LinkedKB, context) -> None:
    org_font(linked.org)  # stop before any work if the font is missing
    forms = sorted(linked.kb.forms.values(), key=lambda form: form.id)
    folder = context.out / "forms"
    for form in forms:
        write_atomic(folder / f"{form.id}.docx", fillable_docx(linked, form))
    jobs = [fillable_job(linked, form) for form in forms]
    if jobs:
        warm()  # the workers forked below inherit WeasyPrint imported
    # WeasyPrint is CPU-bound Python: separate processes use the cores.
    with process_pool(context.workers(len(jobs))) as pool:
        # futures, not pool.map: the progress bar lists its items first, and each future
        # is only waited for when its turn comes, so the bar moves as PDFs finish
        pending = [(form, pool.submit(fillable_from_job, job)) for form, job in
                   zip(forms, jobs, strict=True)]
        for form, future in context.progress(pending, "forms"):
            write_atomic(folder / f"{form.id}.pdf", future.result())

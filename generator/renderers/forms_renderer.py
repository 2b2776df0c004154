"""`dist/forms/<id>.pdf` (fillable AcroForm) and `dist/forms/<id>.docx` (content controls).

Both are kept in the build cache. The PDF under its worker job (the form's HTML, page CSS,
field slots and locale: everything WeasyPrint and the AcroForm finisher read) and the font
files WeasyPrint embeds; the Word file under what it shows of the model: the form itself,
its number and version, the organisation's name, the locale and the font it names.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..buildcache import file_fingerprint, output_key
from ..fonts import org_font
from ..forms.docx_form import fillable_docx
from ..forms.html import STYLESHEET, locale_of, organization_name
from ..forms.pdf import fillable_from_job, fillable_job, warm
from ..jobs import process_pool
from ..keyparts import Wanted, font_fingerprint, look_up, made
from ..linker import LinkedKB
from ..model import Form
from ..outputs import write_atomic
from ..pdf import printgc
from .json_renderer import plain

NAME = "forms"
ORDER = 30
READS_OTHER_OUTPUTS = False  # Word files may still be in the making meanwhile (build.py)
DESCRIPTION = "every form as a fillable PDF and a Word document with content controls"
KIND_PDF, KIND_DOCX = "form-pdf", "form-docx"


def _pdf_key(job: tuple, font: str) -> str:
    html, css, slots, locale = job
    return output_key(KIND_PDF, html, css, file_fingerprint(STYLESHEET),
                      repr(sorted(slots.items())), repr(locale), font_fingerprint(font))


def _docx_key(linked: LinkedKB, form: Form, font: str) -> str:
    document = linked.doc(form)
    shown = {"form": plain(form), "number": document.number, "version": document.version,
             "status": document.status, "organization": organization_name(linked),
             "locale": locale_of(linked), "font": font}
    return output_key(KIND_DOCX, json.dumps(shown, ensure_ascii=False, sort_keys=True))


def render(linked: LinkedKB, context) -> None:
    font = org_font(linked.org)  # stop before any work if the font is missing
    forms = sorted(linked.kb.forms.values(), key=lambda form: form.id)
    by_name = {f"forms/{form.id}.docx": form for form in forms}
    found, missing = look_up(context.tally, NAME, KIND_DOCX,
                             [Wanted(name, _docx_key(linked, form, font))
                              for name, form in by_name.items()])
    for item in missing:
        found[item.name] = made(context.tally, NAME, KIND_DOCX, item,
                                fillable_docx(linked, by_name[item.name]))
    for name, data in found.items():
        write_atomic(context.out / name, data)
    _fillable_pdfs(forms, linked, context, font)


def _fillable_pdfs(forms: list[Form], linked: LinkedKB, context, font: str) -> None:
    jobs = {f"forms/{form.id}.pdf": fillable_job(linked, form) for form in forms}
    found, missing = look_up(context.tally, NAME, KIND_PDF,
                             [Wanted(name, _pdf_key(job, font)) for name, job in jobs.items()])
    for name, data in found.items():
        write_atomic(context.out / name, data)
    if not missing:
        return
    warm()  # the workers forked below inherit WeasyPrint imported
    printed = context.progress(_printed(missing, jobs, context), "forms", total=len(missing))
    for item, data in printed:
        write_atomic(context.out / item.name, made(context.tally, NAME, KIND_PDF, item, data))


def _printed(missing: list, jobs: dict[str, tuple], context) -> Iterator[tuple]:
    """(item, PDF) as each is printed. The first here: a process's first print pays ~0.15 s
    of CPU that later ones do not (cffi parsing the C types WeasyPrint asks for, the forms'
    fonts loaded into fontconfig and Pango), and the workers forked after it inherit all
    of that instead of each paying it again. The rest in worker processes: WeasyPrint is
    CPU-bound Python, separate processes use the cores."""
    first, *rest = missing
    yield first, fillable_from_job(jobs[first.name])
    if not rest:
        return
    with process_pool(context.workers(len(rest)), initializer=printgc.start_worker) as pool:
        # futures, not pool.map: each future is only waited for when its turn comes, so
        # the progress bar moves as PDFs finish
        with printgc.frozen_for_fork():  # the first submit forks every worker
            pending = [(item, pool.submit(fillable_from_job, jobs[item.name])) for item in rest]
        for item, future in pending:
            yield item, future.result()

"""`fill_form`: a form pre-filled from data, as PDF (fillable or flattened) or Word.

The data is checked first (generator/forms/data.py); nothing is written unless every
value fits. Used by `sopkit form fill` and by the onboarding pack.
"""
from __future__ import annotations

from pathlib import Path

from ..linker import LinkedKB
from ..model import Form
from ..outputs import write_atomic
from ..suggest import did_you_mean_id, ids_titled
from . import docx_fill, fill_pdf
from .cjkfont import font_for
from .data import form_values
from .docx_form import fillable_docx
from .errors import UnknownForm, UnsupportedOutput
from .html import locale_of
from .pdf import fillable_pdf, flattened_pdf

FORMATS = (".pdf", ".docx")


def fill_form(linked: LinkedKB, form_id: str, data: object, out_path: Path | str,
              flatten: bool = False, cut_off: list[str] | None = None) -> Path:
    """Check ``data`` against form ``form_id`` and write the filled form to ``out_path``
    (.pdf or .docx). Raises UnknownForm, UnsupportedOutput or InvalidFormData (with every
    problem) before anything is written. Fields of a fillable PDF whose value is cut off
    are appended to ``cut_off`` (the file is still written: the value is in the field)."""
    out_path = Path(out_path)
    form = find_form(linked, form_id)
    suffix = out_path.suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedOutput(f"cannot write `{out_path.name}`: the output must end in "
                                ".pdf or .docx")
    if flatten and suffix != ".pdf":
        raise UnsupportedOutput("--flatten makes a non-editable PDF: write a .pdf file")
    values = form_values(form, data)
    return write_atomic(out_path, filled(linked, form, values, suffix, flatten, cut_off))


def find_form(linked: LinkedKB, form_id: str) -> Form:
    forms = linked.kb.forms
    titles = {key: str(form.title) for key, form in forms.items()}
    titled = ids_titled(form_id, titles)
    if form_id not in forms and len(titled) == 1:  # the title printed on the paper form
        return forms[titled[0]]
    if form_id not in forms:
        raise UnknownForm(f"unknown form `{form_id}`{did_you_mean_id(form_id, titles)}")
    return forms[form_id]


def filled(linked: LinkedKB, form: Form, values: dict, suffix: str, flatten: bool,
           cut_off: list[str] | None = None) -> bytes:
    if suffix == ".docx":
        return docx_fill.fill(fillable_docx(linked, form), values)
    if flatten:
        return flattened_pdf(linked, form, values)
    return fill_pdf.fill(fillable_pdf(linked, form), values, font_for(locale_of(linked)),
                         cut_off)

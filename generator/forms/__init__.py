"""Fillable forms: every form as a fillable PDF (AcroForm) and a Word document with
content controls, and `fill_form` to pre-fill either from data.

Field names are decided once in ``slots.py``; the PDF is laid out by WeasyPrint from
``templates/forms/`` and finished by ``acroform.py``; the Word document is built by
``docx_form.py``. Design and measurements: docs/forms-design.md.
"""
from .data import form_values
from .docx_form import fillable_docx
from .errors import FormError, InvalidFormData, UnknownForm, UnsupportedOutput
from .fill import fill_form
from .pdf import fillable_pdf, flattened_pdf

__all__ = ["FormError", "InvalidFormData", "UnknownForm", "UnsupportedOutput", "fill_form",
           "fillable_docx", "fillable_pdf", "flattened_pdf", "form_values"]

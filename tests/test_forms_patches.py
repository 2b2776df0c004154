"""Form PDFs are printed with the documents' WeasyPrint patches (pangocache, percentfast,
cascadeshare, onepass, stylefast, backfast, widthmemo, pageshare, svgfast) and a user-agent
sheet cut to the form (generator/forms/pdf.py): the bytes are those WeasyPrint's own code prints, fillable
(AcroForm fields) and flattened (values as page text), for forms with every kind of field."""
from __future__ import annotations

import importlib
import io

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from forms_support import SAMPLE
from generator.forms import pdf as form_pdf
from generator.pdf import uasheet
from generator.pipeline import check

PATCHES = ("pangocache", "percentfast", "cascadeshare", "onepass", "stylefast", "backfast",
           "widthmemo", "pageshare", "svgfast")
# a table field, choices and check boxes, a signature, dates and money between them
FORMS = ("expense-claim", "sales-appraisal", "complaint-record", "quotation")


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE).linked


def _printed(make, monkeypatch) -> dict[bool, list[bytes]]:
    """What ``make()`` prints as WeasyPrint's own code would, then as sopkit prints it."""
    patched_class = form_pdf._html_class()
    printed = {}
    for on in (False, True):
        for name in PATCHES:
            importlib.import_module(f"generator.pdf.{name}").switch(on)
        monkeypatch.setattr(form_pdf, "_html_class", lambda on=on: patched_class if on else HTML)
        printed[on] = make()
    return printed


def test_fillable_forms_print_the_same_bytes_patched(linked, monkeypatch):
    forms = [linked.kb.forms[form_id] for form_id in FORMS]
    printed = _printed(lambda: [form_pdf.fillable_pdf(linked, form) for form in forms],
                       monkeypatch)
    assert printed[True] == printed[False]
    assert all(PdfReader(io.BytesIO(pdf)).get_fields() for pdf in printed[True])


def test_flattened_form_prints_the_same_bytes_patched(linked, monkeypatch):
    form = linked.kb.forms["expense-claim"]
    values = {field.id: "2026-11-30" if field.type == "date" else "差旅"
              for field in form.all_fields if field.type in (None, "text", "date")}
    assert values
    printed = _printed(lambda: [form_pdf.flattened_pdf(linked, form, values)], monkeypatch)
    assert printed[True] == printed[False]
    assert not PdfReader(io.BytesIO(printed[True][0])).get_fields()


def test_the_user_agent_sheet_is_cut_once_for_every_form(linked):
    """Every sample form gets the one cut made for the names the form template writes
    (parsed before the workers fork); it keeps fewer than half of WeasyPrint's rules."""
    from weasyprint.html import UA_FORM_STYLESHEET, UA_STYLESHEET
    one_cut = uasheet.sheet(form_pdf.FORM_TAGS, form_pdf.FORM_ATTRIBUTES)
    for form in linked.kb.forms.values():
        document = form_pdf._html_class()(string=form_pdf.form_html(linked, form))
        assert document._ua_stylesheets(forms=True) == [one_cut, UA_FORM_STYLESHEET], form.id
    assert 0 < _selectors(one_cut) < _selectors(UA_STYLESHEET) / 2


def test_a_form_with_other_names_gets_its_own_cut():
    from weasyprint.html import UA_STYLESHEET
    html = '<html><body><p dir="rtl">x</p><ul><li>y</li></ul></body></html>'
    sheet = form_pdf._html_class()(string=html)._ua_stylesheets()[0]
    assert sheet is not UA_STYLESHEET
    assert sheet is not uasheet.sheet(form_pdf.FORM_TAGS, form_pdf.FORM_ATTRIBUTES)
    assert _selectors(sheet) < _selectors(UA_STYLESHEET)


def _selectors(sheet) -> int:
    matcher = sheet.matcher
    tables = (matcher.id_selectors, matcher.class_selectors,
              matcher.lower_local_name_selectors, matcher.namespace_selectors)
    return (sum(len(selectors) for table in tables for selectors in table.values())
            + len(matcher.lang_attr_selectors) + len(matcher.other_selectors))

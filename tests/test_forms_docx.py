"""The forms' Word documents: real content controls (not legacy form fields), tagged with
the field names, and readable by LibreOffice as an independent second reader."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from forms_support import SAMPLE, expected_names, pdf_text
from generator.forms import fillable_docx
from generator.forms.docx_fill import fill, set_value
from generator.forms.docx_form import FormDocument
from generator.forms.docx_package import FIXED_TIME
from generator.pipeline import check

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
CONTROL_TYPE = {"text": "text", "textarea": "text", "phone": "text", "email": "text",
                "number": "text", "money": "text", "signature": "text", "date": "date",
                "choice": "dropDownList", "checkbox": "checkbox"}

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE).linked


@pytest.fixture(scope="module")
def documents(linked, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("form-docx")
    paths = {}
    for form_id, form in linked.kb.forms.items():
        paths[form_id] = folder / f"{form_id}.docx"
        paths[form_id].write_bytes(fillable_docx(linked, form))
    return paths


def controls(path: Path) -> dict[str, object]:
    body = docx.Document(path).element.body
    return {sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val"): sdt for sdt in body.iter(f"{W}sdt")}


def control_type(sdt) -> str:
    properties = sdt.find(f"{W}sdtPr")
    if properties.find(f"{W14}checkbox") is not None:
        return "checkbox"
    for name in ("date", "dropDownList", "text"):
        if properties.find(f"{W}{name}") is not None:
            return name
    return "none"


def test_one_content_control_per_field_tagged_with_its_name(documents, linked):
    for form_id, path in documents.items():
        assert set(controls(path)) == set(expected_names(linked.kb.forms[form_id])), form_id


def test_control_types_follow_the_form_model(documents, linked):
    kinds_seen = set()
    for form_id, path in documents.items():
        expected = expected_names(linked.kb.forms[form_id])
        for tag, sdt in controls(path).items():
            kind = "text" if expected[tag] == "choice" and tag.count(".") == 2 else expected[tag]
            assert control_type(sdt) == CONTROL_TYPE[kind], (form_id, tag)
            kinds_seen.add(control_type(sdt))
    assert kinds_seen == {"text", "date", "dropDownList", "checkbox"}


def test_drop_down_lists_hold_the_options(documents, linked):
    sdt = controls(documents["complaint-record"])["category"]
    items = [item.get(f"{W}displayText") for item in sdt.iter(f"{W}listItem")]
    field = next(f for f in linked.kb.forms["complaint-record"].all_fields if f.id == "category")
    assert items == list(field.options)


def test_check_boxes_are_word_2010_check_boxes(documents):
    sdt = controls(documents["customer-card"])["interests.1"]
    box = sdt.find(f"{W}sdtPr/{W14}checkbox")
    assert box.find(f"{W14}checked").get(f"{W14}val") == "0"
    assert box.find(f"{W14}checkedState").get(f"{W14}val") == "2612"
    assert "".join(t.text for t in sdt.iter(f"{W}t")) == "\u2610"


def test_dates_use_a_date_picker_in_iso_format(documents):
    date = controls(documents["car-request"])["apply-date"].find(f"{W}sdtPr/{W}date")
    assert date.find(f"{W}dateFormat").get(f"{W}val") == "yyyy-MM-dd"
    assert date.find(f"{W}lid").get(f"{W}val") == "zh-CN"


def test_no_legacy_form_fields(documents):
    for path in documents.values():
        xml = docx.Document(path).element.xml
        assert "w:ffData" not in xml and "FORMTEXT" not in xml and "FORMCHECKBOX" not in xml


def test_word_documents_are_reproducible(linked):
    form = linked.kb.forms["quotation"]
    assert fillable_docx(linked, form) == fillable_docx(linked, form)


def _zipped_twice(document) -> bytes:
    """How a form's .docx was written before it was zipped once: python-docx's own save,
    then every entry re-zipped with the fixed time and plain permissions."""
    saved_once = io.BytesIO()
    document.save(saved_once)
    source, out = zipfile.ZipFile(saved_once), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()


def test_zipping_once_writes_the_same_bytes_as_saving_and_rezipping(linked):
    for form_id in ("quotation", "customer-card", "inbound-contact-log"):
        written = fillable_docx(linked, linked.kb.forms[form_id])
        assert written == _zipped_twice(FormDocument(linked, linked.kb.forms[form_id]).compose())
        entries = zipfile.ZipFile(io.BytesIO(written)).infolist()
        assert {entry.date_time for entry in entries} == {FIXED_TIME}
        assert [e.filename for e in entries][:2] == ["[Content_Types].xml", "_rels/.rels"]
    values = {"customer": "上海乐园"}
    filled = fill(written, values)
    document = docx.Document(io.BytesIO(written))
    for sdt in document.element.body.iter(f"{W}sdt"):
        if sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val") in values:
            set_value(sdt, values["customer"])
    assert filled == _zipped_twice(document) != written


@needs_soffice
def test_libreoffice_opens_the_form_and_shows_its_labels(documents, linked, tmp_path):
    profile = tmp_path / "lo-forms"
    chosen = ("car-request", "customer-card", "expense-claim")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), *(str(documents[f]) for f in chosen)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    for form_id in chosen:
        text = pdf_text(tmp_path / f"{form_id}.pdf")
        form = linked.kb.forms[form_id]
        assert form.title in text and "华游游乐设备有限公司" in text
        for field in form.all_fields:
            assert re.sub(r"\s+", "", field.label) in text, (form_id, field.label)

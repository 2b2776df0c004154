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
from lxml import etree

from forms_support import SAMPLE, expected_names, pdf_text
from generator.docx.package import unzipped
from generator.fonts import org_font
from generator.forms import fillable_docx
from generator.forms.docx_fill import fill, set_value
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


LEAN_PARTS = ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml",
              "word/_rels/document.xml.rels", "word/footer1.xml", "word/styles.xml",
              "word/settings.xml"]


def test_a_form_holds_only_the_parts_it_uses_zipped_reproducibly(linked):
    """No stylesWithEffects, theme, numbering, font table or thumbnail of python-docx's
    default template: only the parts a form uses, each with the fixed time."""
    for form_id in ("quotation", "customer-card", "inbound-contact-log"):
        written = fillable_docx(linked, linked.kb.forms[form_id])
        entries = zipfile.ZipFile(io.BytesIO(written)).infolist()
        assert [entry.filename for entry in entries] == LEAN_PARTS
        assert {entry.date_time for entry in entries} == {FIXED_TIME}
        assert len(written) < 10_000, form_id  # python-docx's template made it ~39 KB


def test_every_style_the_form_names_is_defined_and_no_theme_is_needed(linked):
    parts = {name: etree.fromstring(data) for name, data in
             unzipped(fillable_docx(linked, linked.kb.forms["quotation"])).items()
             if name.endswith(".xml")}
    styles = parts["word/styles.xml"]
    defined = {style.get(f"{W}styleId") for style in styles.iter(f"{W}style")}
    named = {element.get(f"{W}val") for part in parts.values()
             for tag in ("pStyle", "rStyle", "tblStyle", "basedOn")
             for element in part.iter(f"{W}{tag}")}
    assert named == {"TableGrid", "Footer", "TableNormal", "Normal"} <= defined
    xml = b"".join(etree.tostring(part) for part in parts.values())
    assert b"Theme" not in xml and b"theme" not in xml  # the package has no theme part
    normal = styles.find(f"{W}style[@{W}styleId='Normal']/{W}rPr/{W}rFonts")
    assert {normal.get(f"{W}{script}") for script in ("ascii", "hAnsi", "eastAsia")} == {
        org_font(linked.org)}


def test_the_page_is_a4_with_the_footer(documents):
    document = docx.Document(documents["quotation"])
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert (section.left_margin.mm, section.top_margin.mm) == pytest.approx((15, 14), abs=0.1)
    assert section.footer.paragraphs[0].text == "报价单  XS-BD-011 / 版本 1.0"
    assert document.core_properties.title == "报价单"
    assert document.core_properties.author == "华游游乐设备有限公司"


def _zipped_twice(document) -> bytes:
    """How a filled form's .docx was written before it was zipped once: python-docx's own
    save, then every entry re-zipped with the fixed time and plain permissions."""
    saved_once = io.BytesIO()
    document.save(saved_once)
    source, out = zipfile.ZipFile(saved_once), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()


def test_filling_zips_once_the_bytes_saving_and_rezipping_wrote(linked):
    written = fillable_docx(linked, linked.kb.forms["quotation"])
    values = {"customer": "上海乐园"}
    filled = fill(written, values)
    document = docx.Document(io.BytesIO(written))
    for sdt in document.element.body.iter(f"{W}sdt"):
        if sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val") in values:
            set_value(sdt, values["customer"])
    assert filled == _zipped_twice(document) != written
    assert "上海乐园" in unzipped(filled)["word/document.xml"].decode("utf-8")


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

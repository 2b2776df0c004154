"""Fillable form PDFs of the bundled sample, built through the CLI (`--only forms`) and read
back with pypdf and poppler: names, types, options, flags, fonts, size, print look."""
from __future__ import annotations

import base64
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from forms_support import SAMPLE, expected_names, grey_page, leaf_fields, pdf_text, pdffonts
from generator.cli import main
from generator.forms import fillable_docx, fillable_pdf, placeholder_font
from generator.pipeline import check

REQUIRED, MULTILINE, COMBO = 1 << 1, 1 << 12, 1 << 17
FIELD_TYPE = {"text": "/Tx", "textarea": "/Tx", "date": "/Tx", "number": "/Tx", "money": "/Tx",
              "phone": "/Tx", "email": "/Tx", "choice": "/Ch", "checkbox": "/Btn",
              "signature": "/Sig"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forms") / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(SAMPLE), "--out", str(out),
                                       "--only", "forms", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE).linked


@pytest.fixture(scope="module")
def readers(dist, linked) -> dict[str, PdfReader]:
    return {form_id: PdfReader(dist / "forms" / f"{form_id}.pdf") for form_id in linked.kb.forms}


def fields_of(form) -> dict:
    return {field.id: field for field in form.all_fields}


def test_every_form_has_a_pdf_and_a_word_document(dist, linked):
    folder = dist / "forms"
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(linked.kb.forms)
    assert sorted(p.stem for p in folder.glob("*.docx")) == sorted(linked.kb.forms)


def test_one_pdf_field_per_form_field_named_by_its_id(readers, linked):
    for form_id, reader in readers.items():
        assert set(leaf_fields(reader)) == set(expected_names(linked.kb.forms[form_id])), form_id


def test_field_types_follow_the_form_model(readers, linked):
    for form_id, reader in readers.items():
        expected = expected_names(linked.kb.forms[form_id])
        for name, field in leaf_fields(reader).items():
            kind = "text" if expected[name] == "choice" and name.count(".") == 2 else expected[name]
            assert field["/FT"] == FIELD_TYPE[kind], (form_id, name)
            flags = int(field.get("/Ff", 0))
            assert bool(flags & MULTILINE) == (kind == "textarea"), (form_id, name)
            assert bool(flags & COMBO) == (kind == "choice"), (form_id, name)


def test_choices_are_combo_boxes_with_the_options(readers, linked):
    seen = 0
    for form_id, reader in readers.items():
        pdf_fields = leaf_fields(reader)
        for field in linked.kb.forms[form_id].all_fields:
            if field.type == "choice":
                assert list(pdf_fields[field.id]["/Opt"]) == list(field.options)
                seen += 1
    assert seen >= 15


def test_required_fields_carry_the_required_flag(readers, linked):
    for form_id, reader in readers.items():
        pdf_fields = leaf_fields(reader)
        for field_id, field in fields_of(linked.kb.forms[form_id]).items():
            if field_id in pdf_fields:
                flagged = bool(int(pdf_fields[field_id].get("/Ff", 0)) & REQUIRED)
                assert flagged == field.required, (form_id, field_id)


def test_required_fields_are_marked_on_the_page(dist):
    text = pdf_text(dist / "forms" / "car-request.pdf")
    assert "申请人*" in text and "*为必填项" in text
    assert "用车时段*" not in text


def test_multichoice_is_one_check_box_per_option(readers):
    fields = leaf_fields(readers["customer-card"])
    boxes = [name for name in fields if name.startswith("interests.")]
    assert boxes == [f"interests.{n}" for n in range(1, 11)]   # the ten product lines of 000
    for name in boxes:
        assert fields[name]["/FT"] == "/Btn"
        assert set(fields[name]["/AP"]["/N"]) == {"/Yes"}
        assert fields[name]["/AS"] == "/Off"
    assert fields["interests.2"]["/TU"] == "意向产品：水上乐园类"


def test_table_cells_are_a_field_hierarchy(readers):
    fields = leaf_fields(readers["expense-claim"])
    cell = fields["items.3.amount"]
    assert cell["/T"] == "amount"
    row = cell["/Parent"].get_object()
    assert row["/T"] == "3" and row["/Parent"].get_object()["/T"] == "items"
    assert cell["/TU"] == "费用明细：第 3 行 金额"
    assert len([name for name in fields if name.startswith("items.")]) == 8 * 4


def test_dates_and_amounts_have_formats_and_hints(readers, dist):
    fields = leaf_fields(readers["car-request"])
    actions = fields["apply-date"]["/AA"]
    assert actions["/F"]["/JS"] == 'AFDate_FormatEx("yyyy-mm-dd");'
    assert actions["/K"]["/JS"] == 'AFDate_KeystrokeEx("yyyy-mm-dd");'
    money = leaf_fields(readers["cash-advance"])["amount"]["/AA"]
    assert money["/F"]["/JS"] == 'AFNumber_Format(2, 1, 0, 0, "", true);'
    text = pdf_text(dist / "forms" / "cash-advance.pdf")
    assert "格式：YYYY-MM-DD" in text and "金额（元），两位小数" in text


def test_signatures_are_signature_fields(readers):
    fields = leaf_fields(readers["car-request"])
    for name in ("applicant-sign", "manager-sign", "admin-sign"):
        assert fields[name]["/FT"] == "/Sig"
        assert "/V" not in fields[name] and "/DA" not in fields[name]


def test_fields_are_drawn_in_a_standard_cjk_font_that_is_not_embedded(readers):
    for form_id, reader in readers.items():
        acroform = reader.trailer["/Root"]["/AcroForm"]
        font = acroform["/DR"]["/Font"]["/CJK"].get_object()
        assert font["/BaseFont"] == "/STSong-Light"
        assert font["/Encoding"] == "/UniGB-UCS2-H"
        descendant = font["/DescendantFonts"][0].get_object()
        assert not any(key.startswith("/FontFile") for key in descendant["/FontDescriptor"])
        for name, field in leaf_fields(reader).items():
            if field["/FT"] in ("/Tx", "/Ch"):
                assert str(field["/DA"]).startswith("/CJK "), (form_id, name)


def test_page_fonts_are_embedded_subsets_and_the_placeholder_is_gone(dist, linked):
    for form_id in linked.kb.forms:
        lines = pdffonts(dist / "forms" / f"{form_id}.pdf")
        # cut from the layout copy of the font (generator/pdf/layoutfont.py), as documents
        assert lines and all("Noto-Sans-CJK-SC-Sopkit" in line for line in lines), lines
        assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in lines), lines
        assert not any(placeholder_font.POSTSCRIPT_MARK in line for line in lines)


def test_the_placeholder_font_is_nowhere_in_the_file(readers):
    """Not only gone from the page: no object of the file is its font or its program (the
    finisher empties what the catalog no longer reaches), and each font program left
    belongs to a font a page uses."""
    for form_id, reader in readers.items():
        objects = [reader.get_object(n) for n in range(1, reader.trailer["/Size"])]
        fonts = [obj for obj in objects if hasattr(obj, "get") and obj.get("/Type") == "/Font"
                 and obj.get("/Subtype") == "/Type0"]
        assert not any(placeholder_font.POSTSCRIPT_MARK in str(font["/BaseFont"])
                       for font in fonts), form_id
        programs = [obj for obj in objects if hasattr(obj, "get")
                    and any(key.startswith("/FontFile") for key in obj)]
        page_fonts = reader.pages[0]["/Resources"]["/Font"]
        assert len(programs) == len(page_fonts) == len(fonts) - 1, form_id  # - the CJK one


def test_every_sample_form_is_at_most_1_mb(dist, linked):
    sizes = {form_id: (dist / "forms" / f"{form_id}.pdf").stat().st_size
             for form_id in linked.kb.forms}
    assert max(sizes.values()) <= 1_000_000, sizes


def test_header_shows_organisation_number_version_and_sections(dist, linked):
    form = linked.kb.forms["travel-request"]
    text = pdf_text(dist / "forms" / "travel-request.pdf")
    document = linked.doc(form)
    for expected in ("华游游乐设备有限公司", "出差申请单", f"文件编号：{document.number}",
                     f"版本：{document.version}", "申请人信息", "出差安排", "审批", "拟拜访客户"):
        assert expected in text


def test_blank_form_prints_a_visible_box_around_every_text_field(dist, tmp_path):
    """Rendered by poppler as a printer would: above and below each text field, within a
    few millimetres, runs a dark line across its whole width (the box it sits in), so an
    unfilled form can be filled in by hand."""
    path = dist / "forms" / "car-request.pdf"
    dpi = 144
    width, height, pixels = grey_page(path, dpi, tmp_path)
    scale = dpi / 72
    page_height = float(PdfReader(path).pages[0].mediabox.height)

    def line_at(row: int, columns: range) -> bool:
        return sum(pixels[row * width + x] < 160 for x in columns) > 0.95 * len(columns)

    reach = round(6 / 25.4 * dpi)  # 6 mm
    for name, field in leaf_fields(PdfReader(path)).items():
        if field["/FT"] != "/Tx":
            continue
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        columns = range(round(x1 * scale) + 6, round(x2 * scale) - 6)
        bottom, top = round((page_height - y1) * scale), round((page_height - y2) * scale)
        assert any(line_at(row, columns) for row in range(bottom - 3, bottom + reach)), name
        assert any(line_at(row, columns) for row in range(top - reach, top + 3)), name


def test_the_same_form_renders_to_the_same_bytes(linked):
    form = linked.kb.forms["quotation"]
    assert fillable_pdf(linked, form) == fillable_pdf(linked, form)


ALONE = """\
import sys
from pathlib import Path
from generator.forms import fillable_pdf
from generator.pipeline import check
linked = check(Path(sys.argv[1])).linked
sys.stdout.buffer.write(fillable_pdf(linked, linked.kb.forms[sys.argv[2]]))
"""


def test_a_build_prints_each_form_as_a_fresh_process_prints_it_alone(dist):
    """The build prints its first form in its own process and forks the workers after it
    (forms_renderer._printed): the one printed there and the first one a worker printed
    after it are the bytes a process that printed nothing before makes."""
    for form_id in ("car-request", "cash-advance"):  # the first two to print, by id
        alone = subprocess.run([sys.executable, "-c", ALONE, str(SAMPLE), form_id],
                               capture_output=True, check=True, timeout=300).stdout
        assert alone == (dist / "forms" / f"{form_id}.pdf").read_bytes(), form_id


def test_traditional_chinese_forms_use_msung_and_traditional_labels(make_kb, tmp_path):
    kb = make_kb({"forms/leave.yaml": """\
        title: 請假單
        owner: boss
        fields:
          - {id: name, label: 姓名, type: text, required: true}
          - id: days
            label: 明細
            type: table
            rows: 2
            columns: [{id: date, label: 日期, type: date}]
        """}, org="organization: {name: 測試公司}\nlocale: zh-Hant\ndepartments: "
                  "[{id: sales, name: 業務部}]\n")
    linked = kb.check().linked
    path = tmp_path / "leave.pdf"
    path.write_bytes(fillable_pdf(linked, linked.kb.forms["leave"]))
    font = PdfReader(path).trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]["/CJK"].get_object()
    assert font["/BaseFont"] == "/MSung-Light" and font["/Encoding"] == "/UniCNS-UCS2-H"
    text = pdf_text(path)
    assert "序號" in text and "為必填欄位" in text and "測試公司" in text


def test_a_draft_form_carries_the_draft_mark(make_kb, tmp_path):
    kb = make_kb({"forms/leave.yaml": """\
        title: 请假单
        owner: boss
        fields:
          - {id: name, label: 姓名, type: text}
        document: {status: draft, version: "0.3"}
        """})
    linked = kb.check().linked
    path = tmp_path / "leave.pdf"
    path.write_bytes(fillable_pdf(linked, linked.kb.forms["leave"]))
    text = pdf_text(path)
    assert "草" in text and "稿" in text and "版本：0.3" in text  # the mark is rotated


def test_filling_instructions_print_beside_the_label(make_kb, tmp_path):
    kb = make_kb({"forms/leave.yaml": """\
        title: 请假单
        owner: boss
        fields:
          - {id: name, label: 姓名, type: text, help: 请填写身份证上的姓名}
          - id: days
            label: 请假明细
            type: table
            help: 每天一行
            rows: 2
            columns: [{id: date, label: 日期, type: date}]
        """})
    linked = kb.check().linked
    path = tmp_path / "leave.pdf"
    path.write_bytes(fillable_pdf(linked, linked.kb.forms["leave"]))
    text = pdf_text(path)
    assert "请填写身份证上的姓名" in text and "每天一行" in text
    word = zipfile.ZipFile(io.BytesIO(fillable_docx(linked, linked.kb.forms["leave"])))
    xml = word.read("word/document.xml").decode("utf-8")
    assert "请填写身份证上的姓名" in xml and "每天一行" in xml


def test_the_kept_placeholder_font_is_the_one_fonttools_builds():
    """The field font's bytes are kept in the module (building them costs every build
    ~0.4 s of fontTools imports); they stay what its documented recipe builds, so the font
    can always be made again from source. On a fontTools that builds other bytes, paste
    base64 of built_font_bytes() into FONT_BASE64."""
    kept = base64.b64decode(placeholder_font.FONT_BASE64)
    assert kept == placeholder_font.built_font_bytes()
    assert placeholder_font.POSTSCRIPT_MARK.encode() in kept

"""`sopkit form fill` and `fill_form`: Chinese values into the PDF and the Word document,
read back with pypdf, poppler and python-docx; bad data writes nothing."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from forms_support import SAMPLE, leaf_fields, pdf_text, pdffonts
from generator.cli import main
from generator.forms import InvalidFormData, fill_form
from generator.pipeline import check

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"

EXPENSE = """\
name: 欧阳娜娜
department: 销售部华南区
claim-date: 2026-11-30
categories: [差旅费, 住宿费]
items:
  - {date: 2026-11-02, description: 广州至深圳高铁（二等座）, receipts: 2, amount: 149.5}
  - {date: 2026-11-03, description: 深圳市内出租车, amount: 86}
total: 235.5
balance: -64.5
"""
CAR = """\
name: 张三
department: 销售部
phone: 13800138000
apply-date: 2026-11-23
use-date: 2026-11-25
purpose: 接送客户
route: |
  公司出发，经人民路、解放大道到白云机场 T2 航站楼接客户，
  然后返回公司展厅参观。
passengers: 3
driver-needed: true
"""


def fill(tmp_path: Path, form: str, data: str, out: str, *extra: str, name="data.yaml"):
    data_file = tmp_path / name
    data_file.write_text(data, encoding="utf-8")
    return CliRunner().invoke(main, ["form", "fill", form, "--data", str(data_file), "-o",
                                     str(tmp_path / out), "--sops", str(SAMPLE), *extra])


def test_fill_pdf_with_chinese_values_and_read_them_back(tmp_path):
    result = fill(tmp_path, "expense-claim", EXPENSE, "claim.pdf")
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'claim.pdf'}" in result.output
    fields = leaf_fields(PdfReader(tmp_path / "claim.pdf"))
    assert fields["name"]["/V"] == "欧阳娜娜"
    assert fields["department"]["/V"] == "销售部华南区"
    assert fields["claim-date"]["/V"] == "2026-11-30"
    assert fields["items.1.description"]["/V"] == "广州至深圳高铁（二等座）"
    assert fields["items.1.amount"]["/V"] == "149.50"
    assert fields["items.2.amount"]["/V"] == "86.00"
    assert fields["balance"]["/V"] == "-64.50"
    assert fields["categories.1"]["/V"] == "/Yes" and fields["categories.1"]["/AS"] == "/Yes"
    assert fields["categories.2"]["/V"] == "/Off"
    assert fields["categories.3"]["/V"] == "/Yes"
    assert "/V" not in fields["applicant-sign"]
    assert fields["advance"].get("/V", "") == ""


def test_filled_values_carry_their_own_appearance(tmp_path):
    """Every value is drawn into the field's appearance, UCS-2 in the standard CJK font,
    so viewers show it without regenerating anything."""
    assert fill(tmp_path, "car-request", CAR, "car.pdf").exit_code == 0
    reader = PdfReader(tmp_path / "car.pdf")
    fields = leaf_fields(reader)
    stream = fields["name"]["/AP"]["/N"].get_object()
    assert "张三".encode("utf-16-be").hex() in stream.get_data().decode("ascii")
    assert list(stream["/Resources"]["/Font"]) == ["/CJK"]
    assert fields["purpose"]["/V"] == "接送客户"
    route = fields["route"]["/AP"]["/N"].get_object().get_data().decode("ascii")
    assert route.count(" Tj") >= 2  # the two lines of the text area
    assert "/NeedAppearances" not in reader.trailer["/Root"]["/AcroForm"]
    assert any("STSong-Light" in line and " no " in line
               for line in pdffonts(tmp_path / "car.pdf"))


def test_flatten_prints_the_values_and_leaves_no_fields(tmp_path):
    result = fill(tmp_path, "expense-claim", EXPENSE, "flat.pdf", "--flatten")
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "flat.pdf")
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert not reader.get_fields()
    assert not any("/Annots" in page for page in reader.pages)
    text = pdf_text(tmp_path / "flat.pdf")
    for value in ("欧阳娜娜", "销售部华南区", "广州至深圳高铁（二等座）", "149.50", "2026-11-30"):
        assert value in text
    lines = pdffonts(tmp_path / "flat.pdf")
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in lines), lines


def test_fill_word_document(tmp_path):
    result = fill(tmp_path, "car-request", CAR, "car.docx")
    assert result.exit_code == 0, result.output
    controls = {}
    for sdt in docx.Document(tmp_path / "car.docx").element.body.iter(f"{W}sdt"):
        controls[sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val")] = sdt
    text = lambda tag: "".join(t.text for t in controls[tag].iter(f"{W}t"))  # noqa: E731
    assert text("name") == "张三" and text("department") == "销售部"
    assert text("purpose") == "接送客户"
    assert controls["name"].find(f"{W}sdtPr/{W}showingPlcHdr") is None
    assert controls["apply-date"].find(f"{W}sdtPr/{W}date").get(f"{W}fullDate") == \
        "2026-11-23T00:00:00Z"
    checked = controls["driver-needed"].find(f"{W}sdtPr/{W14}checkbox/{W14}checked")
    assert checked.get(f"{W14}val") == "1" and text("driver-needed") == "\u2612"
    assert controls["use-time"].find(f"{W}sdtPr/{W}showingPlcHdr") is not None


def test_bad_data_is_reported_and_nothing_is_written(tmp_path):
    result = fill(tmp_path, "car-request", CAR.replace("passengers: 3", "passengers: 三个")
                  + "colour: red\n", "car.pdf")
    assert result.exit_code == 1
    data = tmp_path / "data.yaml"
    assert result.output.splitlines() == [
        f"{data}:10:13: error: wrong type for `passengers` (乘车人数): expected a number, "
        "got `三个`",
        f"{data}:12:1: error: unknown field `colour`: form `car-request` has no such field",
        "nothing written: 2 problems in the data"]
    assert not (tmp_path / "car.pdf").exists()
    assert list(tmp_path.iterdir()) == [data]


def test_json_data(tmp_path):
    data = {"name": "李雷", "department": "销售部", "phone": "020-8888 6666",
            "apply-date": "2026-12-01", "use-date": "2026-12-02", "purpose": "客户拜访"}
    result = fill(tmp_path, "car-request", json.dumps(data, ensure_ascii=False), "car.pdf",
                  name="data.json")
    assert result.exit_code == 0, result.output
    assert leaf_fields(PdfReader(tmp_path / "car.pdf"))["name"]["/V"] == "李雷"


def test_unreadable_data_file(tmp_path):
    result = fill(tmp_path, "car-request", "name: [张三", "car.pdf")
    assert result.exit_code == 1
    assert result.output.startswith(f"{tmp_path / 'data.yaml'}:2:1: error: YAML syntax error: ")
    result = fill(tmp_path, "car-request", "{name: ", "car.pdf", name="data.json")
    assert result.exit_code == 1
    assert result.output == (f"{tmp_path / 'data.json'}:1:2: error: not valid JSON: expected "
                             "a key in double quotes\n")


def test_a_form_is_found_by_its_title(tmp_path):
    result = fill(tmp_path, "派车申请单", CAR, "car.pdf")
    assert result.exit_code == 0, result.output
    assert "派车申请单" in pdf_text(tmp_path / "car.pdf")
    result = fill(tmp_path, "派车单", CAR, "car2.pdf")
    assert result.exit_code == 2
    assert "Error: unknown form `派车单`" in result.output


def test_command_line_mistakes_exit_2(tmp_path):
    result = fill(tmp_path, "car-requst", CAR, "car.pdf")
    assert result.exit_code == 2
    assert "unknown form `car-requst`: did you mean `car-request`" in result.output
    result = fill(tmp_path, "car-request", CAR, "car.docx", "--flatten")
    assert result.exit_code == 2
    assert "--flatten makes a non-editable PDF: write a .pdf file" in result.output
    result = fill(tmp_path, "car-request", CAR, "car.txt")
    assert result.exit_code == 2
    assert not (tmp_path / "car.docx").exists() and not (tmp_path / "car.txt").exists()


def test_fill_form_api_for_the_onboarding_pack(tmp_path):
    linked = check(SAMPLE).linked
    out = fill_form(linked, "daily-log", {"name": "韩梅梅", "log-date": "2026-12-01",
                                          "visits": [{"customer": "长隆", "duration": 45}]},
                    tmp_path / "log.pdf")
    assert out == tmp_path / "log.pdf"
    fields = leaf_fields(PdfReader(out))
    assert fields["visits.1.customer"]["/V"] == "长隆"
    assert fields["visits.1.duration"]["/V"] == "45"
    with pytest.raises(InvalidFormData) as caught:
        fill_form(linked, "daily-log", {}, tmp_path / "empty.pdf")
    assert caught.value.problems == ["missing required field `name` (姓名)",
                                     "missing required field `log-date` (日期)"]
    assert not (tmp_path / "empty.pdf").exists()


def test_pre_filled_text_wraps_between_chinese_characters_and_at_latin_spaces():
    from generator.forms.appearance import wrap
    from generator.forms.cjkfont import STSONG
    lines = wrap("以及中文说明文字比较长需要换行 hello world and more words 6222020200112233445566",
                 STSONG, 10, 100)
    assert lines == ["以及中文说明文字比较", "长需要换行 hello world", "and more words",
                     "622202020011223344556", "6"]
    assert all(line == line.strip() for line in lines)


# ---------------------------------------------------------------- long values in small boxes

CARD = """\
name: 张三
customer: 星河游乐有限公司
grade: A 重点客户
contact: 王经理
address: {address}
phone: "13800138000"
"""
ADDRESS_43 = "广东省广州市番禺区大石街道迎宾路南浦段创意产业园星河商务中心东塔写字楼12楼1208室"
ADDRESS_60 = "广东省广州市番禺区大石街道迎宾路南浦段创意产业园星河商务中心东塔写字楼十二层东侧办公区B座1208室前台转销售部王经理收"


def _field_area_text(path: Path, name: str) -> str:
    """poppler's text inside the field's box only (at 72 dpi a pixel is a point): a line
    drawn below the box, where the appearance's clip cuts it off, is not in it."""
    import subprocess
    reader = PdfReader(path)
    page = reader.pages[0]
    (widget,) = [a.get_object() for a in page["/Annots"] if a.get_object().get("/T") == name]
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    top = float(page.mediabox.height) - y1
    out = subprocess.run(["pdftotext", "-r", "72", "-x", str(int(x0)), "-y", str(int(top)),
                          "-W", str(int(x1 - x0) + 1), "-H", str(int(y1 - y0) + 1),
                          str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(out.split())


def _appearance_sizes(path: Path, name: str) -> list[float]:
    import re
    fields = leaf_fields(PdfReader(path))
    stream = fields[name]["/AP"]["/N"].get_object().get_data().decode("ascii")
    return [float(size) for size in re.findall(r"([\d.]+) Tf", stream)]


def _ink_rows(path: Path, name: str, folder: Path) -> list[int]:
    """Rows of the field's box (top to bottom, at 144 dpi) that poppler draws ink in."""
    from forms_support import grey_page
    width, height, pixels = grey_page(path, 144, folder)
    page = PdfReader(path).pages[0]
    widget = next(a.get_object() for a in page["/Annots"] if a.get_object().get("/T") == name)
    x0, y0, x1, y1 = (float(v) * 2 for v in widget["/Rect"])
    page_height = float(page.mediabox.height) * 2
    rows = range(int(page_height - y1) + 3, int(page_height - y0) - 3)
    return [row for row in rows
            if any(pixels[row * width + col] < 128 for col in range(int(x0) + 3, int(x1) - 3))]


def test_a_long_address_in_a_one_line_field_is_wrapped_and_prints_whole(tmp_path):
    result = fill(tmp_path, "customer-card", CARD.format(address=ADDRESS_43), "card.pdf")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    path = tmp_path / "card.pdf"
    assert _field_area_text(path, "address") == ADDRESS_43
    assert _appearance_sizes(path, "address") == [7.5]        # two lines, not 6 pt
    rows = _ink_rows(path, "address", tmp_path)
    assert rows and rows[-1] - rows[0] > 20                    # two lines of ink, 144 dpi
    assert leaf_fields(PdfReader(path))["address"]["/V"] == ADDRESS_43


def test_a_value_that_cannot_fit_is_warned_about_with_its_place(tmp_path):
    assert len(ADDRESS_60) == 60
    result = fill(tmp_path, "customer-card", CARD.format(address=ADDRESS_60), "card.pdf")
    assert result.exit_code == 0, result.output
    data = tmp_path / "data.yaml"
    assert (f"{data}:5:10: warning: the value of `address` does not fit its box even at the "
            "smallest size and is cut off when printed (the field holds it whole)") in \
        result.output
    path = tmp_path / "card.pdf"
    shown = _field_area_text(path, "address")
    assert shown and shown != ADDRESS_60 and ADDRESS_60.startswith(shown)   # the warning is due
    assert _appearance_sizes(path, "address") == [7.0]        # never below 7 pt
    assert leaf_fields(PdfReader(path))["address"]["/V"] == ADDRESS_60


@pytest.mark.parametrize("length", [1, 10, 20, 30, 40, 45, 50, 80, 400])
def test_values_are_never_drawn_below_7_pt(length):
    from generator.forms.appearance import MIN_SIZE, layout
    from generator.forms.cjkfont import STSONG
    for multiline, height in ((False, 22.7), (True, 60.0)):
        drawn = layout("地" * length, STSONG, 10, 171.8, height, multiline)
        assert drawn.size >= MIN_SIZE == 7.0
        assert "".join(drawn.lines) == "地" * length               # nothing dropped
        bottom = drawn.top - (len(drawn.lines) - 1) * drawn.size * 1.25 - 0.12 * drawn.size
        assert drawn.fits == (bottom >= 1 and drawn.top + 0.88 * drawn.size <= height - 1)

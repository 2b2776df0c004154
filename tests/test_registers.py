"""Excel registers (`dist/registers/`), read back with openpyxl (issue 19)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from conftest import SAMPLE_SOPS
from generator.pipeline import check
from generator.registers import registers

TODAY_CHECK = __import__("datetime").date(2026, 11, 23)
NAMES = ["RACI责任矩阵.xlsx", "培训矩阵.xlsx", "岗位职责与绩效指标.xlsx", "文件清单.xlsx"]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("registers")
    linked = check(SAMPLE_SOPS, TODAY_CHECK).linked
    written = registers(linked)
    assert sorted(written) == NAMES  # named by the zh-Hans catalog
    result = {}
    for name, data in written.items():
        (folder / name).write_bytes(data)
        result[name] = openpyxl.load_workbook(folder / name)
    return result


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE_SOPS, TODAY_CHECK).linked


def test_roles_workbook_has_one_row_per_role_and_per_kpi(books, linked):
    book = books["岗位职责与绩效指标.xlsx"]
    assert book.sheetnames == ["岗位说明书", "工作内容", "绩效指标", "任职条件"]
    roles = book["岗位说明书"]
    assert [c.value for c in roles[1]] == ["id", "职位名称", "所属部门", "直接上级", "编制人数",
                                           "岗位概述"]
    # in reading order, as in the handbook: the head of the department first
    assert [row[0] for row in roles.iter_rows(min_row=2, values_only=True)] == [
        role.id for role in linked.in_order(linked.kb.roles.values())]
    assert roles["A2"].value == "sales-vp"
    kpis = book["绩效指标"]
    assert kpis.max_row - 1 == sum(len(r.kpis) for r in linked.kb.roles.values())
    rep = next(row for row in roles.iter_rows(min_row=2, values_only=True)
               if row[0] == "sales-rep")
    assert rep[1] == "销售员" and rep[2] == "销售部"


def test_every_sheet_has_a_frozen_bold_header_filters_widths_and_the_cjk_font(books):
    for name, book in books.items():
        for sheet in book.worksheets:
            assert sheet.freeze_panes == "A2", (name, sheet.title)
            assert sheet["A1"].font.bold, (name, sheet.title)
            assert sheet["A1"].font.name == "Noto Sans CJK SC"
            if sheet.max_row > 1:
                assert sheet.auto_filter.ref == sheet.dimensions, (name, sheet.title)
                assert sheet["B2"].font.name == "Noto Sans CJK SC"
            assert all(4 <= sheet.column_dimensions[c.column_letter].width <= 62
                       for c in sheet[1]), (name, sheet.title)


def test_every_sheet_prints_on_a4_one_page_wide_with_the_header_row_on_each_page(books):
    for name, book in books.items():
        for sheet in book.worksheets:
            where = (name, sheet.title)
            assert sheet.print_title_rows == "$1:$1", where
            assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4, where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), where
            assert sheet.oddHeader.center.text == "&A", where  # which sheet a page is from
            assert sheet.oddFooter.center.text == "&P / &N", where
            widths = sum(sheet.column_dimensions[c.column_letter].width for c in sheet[1])
            expected = "landscape" if widths > 95 else "portrait"
            assert sheet.page_setup.orientation == expected, (where, widths)
            # wider than landscape A4 would print small: running text wraps instead
            assert widths <= 140 + 1, (where, widths)
            assert sheet["A1"].border.bottom.style == "thin", where  # ruled when printed
    assert books["培训矩阵.xlsx"].worksheets[0].page_setup.orientation == "landscape"
    qualifications = books["岗位职责与绩效指标.xlsx"]["任职条件"]  # three text columns: narrowed
    assert [qualifications.column_dimensions[c].width for c in "CDE"] == [39, 28, 39]


def test_long_headers_wrap_and_rows_are_as_tall_as_their_wrapped_text(books, linked):
    training = books["培训矩阵.xlsx"].worksheets[0]
    day = training["C1"]  # "销售部培训: 入职培训" over a column of "第1天"
    assert training.column_dimensions["C"].width == 12
    assert training.row_dimensions[1].height >= 2 * 14.5  # wrapped lines, not cut off
    duties = books["岗位职责与绩效指标.xlsx"]["工作内容"]
    assert duties.column_dimensions["C"].width == 60
    tallest = max(duties.iter_rows(min_row=2), key=lambda row: len(str(row[2].value)))
    lines = -(-len(str(tallest[2].value)) * 2 // 59)  # CJK: two widths; 59 fit on a line
    assert duties.row_dimensions[tallest[2].row].height >= lines * 14.5, tallest[2].value
    assert day.alignment.wrap_text
    raci = books["RACI责任矩阵.xlsx"].worksheets[0]
    assert raci["C2"].alignment.horizontal == "center"  # R/A/C/I letters centred


def test_raci_matrix_has_one_sheet_per_workflow_with_the_letters(books, linked):
    book = books["RACI责任矩阵.xlsx"]
    assert len(book.sheetnames) == len(linked.kb.workflows)
    for workflow_id, raci in linked.raci.items():
        sheet = book[linked.kb.workflows[workflow_id].title]
        header = [c.value for c in sheet[1]]
        assert header[:2] == ["序号", "作业内容"]
        assert header[2:] == [linked.actor_name(a) for a in raci.actors]
        for row, expected in zip(sheet.iter_rows(min_row=2, values_only=True), raci.rows,
                                 strict=True):
            assert row[1] == expected.step.name
            assert [v or "" for v in row[2:]] == [expected.cells.get(a, "")
                                                 for a in raci.actors]
            assert set("".join(v or "" for v in row[2:])) <= set("RACI")


def test_training_matrix_marks_the_day_of_each_session_a_role_takes(books, linked):
    sheet = books["培训矩阵.xlsx"].worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(linked.kb.roles)
    header = [c.value for c in sheet[1]]
    taken = linked.role_training["sales-rep"]
    for plan, session in taken:
        column = header.index(f"{plan.title}: {session.title}")
        assert rows["销售员"][column] == f"第{session.day}天"


def test_document_register_lists_every_item_with_its_number(books, linked):
    sheet = books["文件清单.xlsx"].worksheets[0]
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(numbers) == len(linked.kb.items())
    assert linked.doc(linked.kb.roles["sales-rep"]).number in numbers


def test_formula_like_content_stays_text(make_kb, tmp_path):
    kb = make_kb({"roles/a.yaml": "title: 会计\ndepartment: sales\nreports_to: boss\n"
                                  "duties: [\"=HYPERLINK(\\\"http://x\\\")\"]\n"})
    data = registers(kb.check().linked)["岗位职责与绩效指标.xlsx"]
    (tmp_path / "r.xlsx").write_bytes(data)
    duties = openpyxl.load_workbook(tmp_path / "r.xlsx")["工作内容"]
    cell = next(c for c in duties["C"] if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"


def _calc_installed() -> bool:
    soffice = shutil.which("soffice")
    program = Path(os.path.realpath(soffice)).parent if soffice else None
    return bool(program and (program / "libsclo.so").exists())


def test_libreoffice_converts_every_workbook(linked, tmp_path):
    """The bytes sopkit writes, printed by LibreOffice Calc (a second reader, as for Word)."""
    assert _calc_installed(), "LibreOffice Calc is missing: run the README's set-up command"
    for name, data in registers(linked).items():
        source = tmp_path / name
        source.write_bytes(data)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=300)
    text = subprocess.run(["pdftotext", str(tmp_path / "岗位职责与绩效指标.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert all(role.title in text for role in linked.kb.roles.values())
    pages = text.split("\f")[:-1]
    duties = [page for page in pages if "工作内容" in page.split("\n", 2)[0]]
    assert len(duties) >= 2  # the duties sheet runs over pages …
    assert all("职位名称" in page for page in duties)  # … each with the header row
    assert all(re.search(rf"(?<!\d){n}\s*/\s*{len(pages)}(?!\d)", page)  # "2 / 7"
               for n, page in enumerate(pages, start=1))
    training = PdfReader(tmp_path / "培训矩阵.pdf")
    assert len(training.pages) == 1  # every session column on one page …
    box = training.pages[0].mediabox
    assert box.width > box.height  # … printed landscape
    fonts = subprocess.run(["pdffonts", str(tmp_path / "培训矩阵.pdf")], check=True,
                           capture_output=True, text=True).stdout
    assert "NotoSansCJK" in fonts


def test_the_same_content_gives_byte_identical_workbooks(linked):
    """A rebuild that changed nothing shows no change (openpyxl stamps the clock)."""
    import time
    first = registers(linked)
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    assert registers(linked) == first


def test_a_yaml_block_gives_no_empty_last_line_in_its_cell(make_kb, tmp_path):
    kb = make_kb({"roles/a.yaml": "title: 会计\ndepartment: sales\nreports_to: boss\n"
                                  "summary: |\n  负责记账。\n"})
    (tmp_path / "r.xlsx").write_bytes(registers(kb.check().linked)["岗位职责与绩效指标.xlsx"])
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["岗位说明书"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "a")
    assert row[5].value == "负责记账。"
    assert sheet.row_dimensions[row[0].row].height == 14.5 + 3  # one line

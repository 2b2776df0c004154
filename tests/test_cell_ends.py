"""No table cell's text ends in a line of one Chinese character when printed (issue 16).

generator/cellends.py joins a cell's last Chinese character to the one before with U+2060
WORD JOINER in what the print renderers lay out; the Word converter puts the joined pair in
a run tagged with no East Asian language, where LibreOffice keeps the joiner. Checked on
the strings, on the Word XML, and on real prints of a narrow column (WeasyPrint, and
LibreOffice with and without the language tag), read back with pdftotext's boxes.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from docx_helpers import NS, Docx, raw_text_of, text_of
from generator.cellends import SHORTEST, WORD_JOINER, join_cell_ends
from generator.documents import render_documents
from generator.docx import html_to_docx
from generator.pdf import render_pdf
from page_quality import continued_lone_characters, measure

FONT = "Noto Sans CJK SC"
META = {"organization": "测试游乐设备有限公司", "title": "单元格测试", "number": "T-001",
        "version": "1.0", "footer": "第 {page} 页 共 {pages} 页", "font": FONT,
        "lang": "zh-Hans", "status": "approved"}
WORDS = "客户需求分析报告销售合同审批流程售后服务质量跟踪记录经销商开设评估意见书"
LENGTHS = range(6, 31)   # in a column 5-6 characters wide, several end in one alone


def document(body: str) -> str:
    metas = "\n".join(f'<meta name="sopkit:{key}" content="{value}">'
                      for key, value in META.items())
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans" data-status="approved">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{META["title"]}</title>\n{metas}\n</head>\n'
            f"<body>\n{body}\n</body>\n</html>\n")


def narrow_column() -> str:
    """A table whose first column (12 % of the line) holds texts of every length."""
    rows = "".join(f"<tr><td>{WORDS[:n]}</td><td>{n}</td></tr>\n" for n in LENGTHS)
    return document('<table class="grid"><colgroup><col style="width:12%">'
                    '<col style="width:88%"></colgroup>\n'
                    f"<thead><tr><th>名称</th><th>字数</th></tr></thead>\n<tbody>\n{rows}"
                    "</tbody></table>")


# ---------------------------------------------------------------- the strings
@pytest.mark.parametrize(("cell", "joined"), [
    ("能够有效沟通，表达解决方案", "能够有效沟通，表达解决方\u2060案"),
    ("能够有效沟通，表达解决方案。", "能够有效沟通，表达解决方\u2060案。"),
    ('由<a href="#r">客户服务部经</a>理', '由<a href="#r">客户服务部经</a>\u2060理'),
    ("第一行很长的一段文字<br>第二行也很长的文字", "第一行很长的一段文\u2060字<br>第二行也很长的文\u2060字"),
])
def test_a_cells_last_chinese_character_is_joined_to_the_one_before(cell, joined):
    assert join_cell_ends(f"<td>{cell}</td>") == f"<td>{joined}</td>"
    assert join_cell_ends(f'<th class="x">{cell}</th>') == f'<th class="x">{joined}</th>'


@pytest.mark.parametrize("html", [
    "<td>文件编号</td>",                         # shorter than SHORTEST: a label, a name
    "<td>报价金额超过五十万元 50</td>",            # ends in a number that may wrap alone
    "<td>销售合同审批流程 v2</td>",
    "<td>审批流程中的最后一个 字</td>",            # a space before it: a break anyway
    "<p>不在表格中的很长的一段文字内容</p>",          # body text is not a cell
    "<thead><tr><th>步骤</th></tr></thead>",
])
def test_labels_numbers_and_text_outside_cells_are_left_as_written(html):
    assert len("文件编号") < SHORTEST
    assert join_cell_ends(html) == html


def test_documents_keep_their_text_and_only_print_joins(sample_result):
    """The document HTML (portal downloads, redlines, search read it) has no joiner; the
    printed HTML differs from it by joiners only, and only inside cells."""
    for doc in render_documents(sample_result.linked):
        assert WORD_JOINER not in doc.html, doc.path
        printed = join_cell_ends(doc.html)
        assert printed.replace(WORD_JOINER, "") == doc.html
        outside = re.sub(r"<t[dh]\b.*?</t[dh]>", "", printed, flags=re.S)
        assert WORD_JOINER not in outside, doc.path
    handbook = join_cell_ends(render_documents(sample_result.linked)[0].html)
    assert handbook.count(WORD_JOINER) > 100


# ---------------------------------------------------------------- the Word XML
@pytest.fixture(scope="module")
def narrow_docx(tmp_path_factory) -> bytes:
    return html_to_docx(narrow_column(), tmp_path_factory.mktemp("assets"), name="narrow")


def test_word_joins_the_pair_in_a_run_of_no_language_where_the_text_may_wrap(narrow_docx):
    rows = Docx(narrow_docx).document.xpath("//w:tbl/w:tr", namespaces=NS)[1:]
    for n, row in zip(LENGTHS, rows, strict=True):
        name, count = row.xpath("w:tc", namespaces=NS)
        assert text_of(name) == WORDS[:n]
        joined = name.xpath(".//w:r[w:rPr/w:lang/@w:eastAsia='zxx']", namespaces=NS)
        # the column holds 5-6 characters: 6 may fit, 8 and more wrap
        if n >= 8:
            assert [raw_text_of(run) for run in joined] == [
                f"{WORDS[n - 2]}{WORD_JOINER}{WORDS[n - 1]}"]
        assert WORD_JOINER not in raw_text_of(count)


def test_word_leaves_text_that_fits_its_cell_as_written(narrow_docx):
    header = Docx(narrow_docx).document.xpath("//w:tbl/w:tr", namespaces=NS)[0]
    assert raw_text_of(header) == "名称字数"
    wide = html_to_docx(document('<table class="grid"><colgroup><col style="width:100%">'
                                 f"</colgroup><tr><td>{WORDS[:20]}</td></tr></table>"),
                        Path("."), name="wide")
    assert WORD_JOINER not in raw_text_of(Docx(wide).document)


# ---------------------------------------------------------------- real prints
def lone_lines(pdf: Path) -> list[str]:
    return [above.text + "/" + line.text for page in measure(pdf)
            for line, above in continued_lone_characters(page)]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler is needed")


@needs_poppler
def test_weasyprint_prints_no_cell_line_of_one_character_and_no_joiner(tmp_path):
    pdf = tmp_path / "narrow.pdf"
    pdf.write_bytes(render_pdf(narrow_column(), dict(META), {}))
    assert not lone_lines(pdf)
    text = re.sub(r"\s+", "", pdf_text(pdf))
    assert WORD_JOINER not in text
    # each joined pair is copied and found as written, side by side
    assert all(WORDS[n - 2:n] in text for n in LENGTHS)
    # the column did wrap its texts: the test would see a lone character
    assert len(measure(pdf)[0].lines) > 2 * len(LENGTHS)


def libreoffice_print(docx: bytes, folder: Path) -> Path:
    folder.mkdir()
    source = folder / "narrow.docx"
    source.write_bytes(docx)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   capture_output=True, timeout=300, check=True)
    return folder / "narrow.pdf"


def with_language(docx: bytes, language: str) -> bytes:
    """The same file with the joined runs tagged ``language`` instead of none."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b'w:eastAsia="zxx"', f'w:eastAsia="{language}"'.encode())
            target.writestr(item, data)
    return out.getvalue()


@needs_poppler
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")
def test_libreoffice_keeps_the_pair_together_only_in_a_run_of_no_language(narrow_docx,
                                                                          tmp_path):
    printed = libreoffice_print(narrow_docx, tmp_path / "joined")
    assert not lone_lines(printed)
    assert WORD_JOINER not in pdf_text(printed)
    # tagged Chinese, LibreOffice breaks by its own rules and ignores the joiner
    chinese = libreoffice_print(with_language(narrow_docx, "zh-CN"), tmp_path / "chinese")
    assert lone_lines(chinese)

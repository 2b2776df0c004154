"""Chapter and section numbers in the handbook (issue 16): 第一章 / 1.1 in the headings, the
PDF's text and bookmarks, and Word's headings and pre-filled table of contents.

A small Chinese knowledge base of this test's own, built once through the CLI (PDF and
Word; the Word TOC's page numbers come from LibreOffice when it is installed).
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import write
from docx_helpers import Docx, style_of, text_of
from generator.cli import main
from generator.documents.numbering import chinese_numeral
from generator.i18n import Labels

ORG = """\
organization:
  name: 测试游乐设备有限公司
departments:
  - {id: sales, name: 销售部}
"""
FILES = {
    "roles/boss.yaml": "title: 销售部经理\ndepartment: sales\nduties: [管理销售部]\n",
    "roles/rep.yaml": "title: 业务代表\ndepartment: sales\nreports_to: boss\n"
                      "duties: [拜访客户]\n",
    "workflows/visit.yaml": """\
        title: 客户拜访流程
        owner: boss
        steps:
          - {id: plan, name: 制定拜访计划, by: rep}
          - {id: go, name: 上门拜访并记录, by: rep, end: true}
        """,
}


def test_chinese_numerals_for_chapter_numbers():
    assert [chinese_numeral(n, Labels("zh-Hans")("chinese_numerals")) for n in (1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 105, 120)] == [
        "一", "二", "九", "十", "十一", "十九", "二十", "二十一", "九十九", "一百", "一百零五",
        "一百二十"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("numbered")
    write(base / "sops/org.yaml", ORG)
    for relative, content in FILES.items():
        write(base / "sops" / relative, content)
    result = CliRunner().invoke(main, ["build", "--sops", str(base / "sops"), "--out",
                                       str(base / "dist"), "--only", "diagrams,pdf,docx",
                                       "-q", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    return base / "dist"


def pdf_text(pdf: Path) -> str:
    """In reading layout: without it pdftotext takes the number and the title after the
    ideographic space for two blocks and may print them in either order."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_pdf_text_has_the_chapter_number_before_its_title_and_section_numbers(dist):
    pages = pdf_text(dist / "handbook.pdf").split("\f")
    contents = next(i for i, page in enumerate(pages) if "目录" in page)
    assert re.search(r"第一章\s*组织架构", pages[contents])
    # each chapter opens a page after the contents with its numbered title, and
    # its first section follows with 1.1, 2.1 …
    starts = [next(i for i, page in enumerate(pages) if i > contents and
                   re.search(pattern, page))
              for pattern in (r"第一章\s*组织架构", r"第二章\s*岗位说明书",
                              r"第三章\s*作业流程")]
    assert starts == sorted(starts)
    assert re.search(r"第一章\s*组织架构.*?1\.1\s*部门设置", pages[starts[0]], re.S)
    assert re.search(r"第二章\s*岗位说明书\s*2\.1\s*销售部经理", pages[starts[1]])


def test_pdf_bookmarks_carry_the_numbers(dist):
    reader = PdfReader(dist / "handbook.pdf")

    def titles(items) -> list[str]:
        found = []
        for item in items:
            found += titles(item) if isinstance(item, list) else [item.title]
        return found
    marks = titles(reader.outline)
    assert "第一章\u3000组织架构" in marks
    assert "1.1\u3000部门设置" in marks and "2.2\u3000业务代表" in marks
    assert "3.1\u3000客户拜访流程" in marks


def test_standalone_documents_are_not_numbered(dist):
    text = pdf_text(dist / "roles/rep.pdf")
    assert "业务代表" in text and "2.2" not in text and "第二章" not in text


def test_docx_headings_and_toc_carry_the_numbers(dist):
    handbook = Docx.open(dist / "handbook.docx")
    paragraphs = handbook.body_paragraphs()
    headings = [text_of(p) for p in paragraphs if style_of(p) == "Heading1"]
    assert headings[:3] == ["第一章\u3000组织架构", "第二章\u3000岗位说明书",
                            "第三章\u3000作业流程"]
    sections = [text_of(p) for p in paragraphs if style_of(p) == "Heading2"]
    assert sections[:4] == ["1.1\u3000部门设置", "1.2\u3000岗位编制", "2.1\u3000销售部经理",
                            "2.2\u3000业务代表"]
    toc = [text_of(p) for p in paragraphs if style_of(p) in ("TOC1", "TOC2")]
    assert toc[0].startswith("第一章\u3000组织架构") and toc[1].startswith("1.1\u3000部门设置")
    if any(re.search(r"\d$", entry) for entry in toc):  # pre-filled by LibreOffice
        assert re.fullmatch(r"第一章\u3000组织架构\s*\d+", toc[0]), toc[0]

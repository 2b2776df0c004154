"""Training plans as documents (issue 16): a PDF and a Word file per plan, with the control
block on page 1 and one row per session, read back from the real outputs (pdftotext, the
docx XML, LibreOffice's print of the docx)."""
from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html
from pypdf import PdfReader

from conftest import BOSS_YAML, ORG_YAML, write
from docx_helpers import NS, Docx, text_of
from generator.cli import main

REP = """\
title: 销售代表
department: sales
reports_to: boss
duties: [拜访客户]
"""
WORKFLOW = """\
title: 客户接待流程
owner: boss
steps:
  - {id: greet, name: 迎接客户, by: rep}
"""
POLICY = """\
title: 销售纪律
applies_to: [all]
sections:
  - {title: 纪律, rules: [按时上班]}
"""
FORM = """\
title: 报价单
owner: rep
fields:
  - {id: total, label: 总金额, type: money}
"""
# Sessions with and without a day, hours, assessments and materials; one title is markup,
# which must print as the characters written.
PLAN = """\
title: 新员工入职培训
for: [rep]
sessions:
  - id: intro
    title: 公司概况介绍
    topics: [企业发展历程, 组织架构]
    by: hr
    day: 1
    hours: 2
    assessment: 笔试
    materials: [reception, discipline]
  - id: product
    title: 产品知识讲解
    topics: [主要产品线, 报价规则]
    by: boss
    materials: [quote]
  - id: markup
    title: "<b>客户沟通</b> & 礼仪"
    topics: [电话礼仪]
    by: sales
    day: 3
"""
# A second plan without hours, assessments or materials: its table has no empty columns.
SHORT_PLAN = """\
title: 岗前安全培训
sessions:
  - {id: safety, title: 消防安全常识, topics: [灭火器使用], by: hr}
"""
SESSIONS = {  # what each row must show, in order: day, title, topics, by, materials
    "intro": ["1", "公司概况介绍", "企业发展历程；组织架构", "人事部", "笔试", "客户接待流程、销售纪律"],
    "product": ["待安排", "产品知识讲解", "主要产品线；报价规则", "经理", "报价单"],
    "markup": ["3", "<b>客户沟通</b>&礼仪", "电话礼仪", "销售部"],
}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(pdf: Path, *args: str) -> str:
    """The text in drawing order (-raw): a table cell's lines stay together."""
    return subprocess.run(["pdftotext", "-raw", *args, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("training-kb")
    sops = base / "sops"
    for relative, content in {"org.yaml": ORG_YAML, "roles/boss.yaml": BOSS_YAML,
                              "roles/rep.yaml": REP, "workflows/reception.yaml": WORKFLOW,
                              "policies/discipline.yaml": POLICY, "forms/quote.yaml": FORM,
                              "training/induction.yaml": PLAN,
                              "training/safety.yaml": SHORT_PLAN}.items():
        write(sops / relative, content)
    out = base / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "pdf,docx,site", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_a_pdf_and_a_word_file_per_plan(dist):
    for suffix in ("pdf", "docx"):
        assert sorted(p.name for p in (dist / "training").glob(f"*.{suffix}")) == \
            [f"induction.{suffix}", f"safety.{suffix}"]


def test_page_one_has_the_title_and_the_control_block(dist):
    first = squeeze(pdftotext(dist / "training" / "induction.pdf", "-f", "1", "-l", "1"))
    for expected in ("新员工入职培训", "适用岗位销售代表", "文件控制", "文件编号", "TP-INDUCTION",
                     "版本", "状态"):
        assert expected in first, expected


def test_every_session_row_is_in_the_pdf_in_order(dist):
    text = squeeze(pdftotext(dist / "training" / "induction.pdf"))
    _assert_rows_in_order(text[text.index("培训安排"):])


def _assert_rows_in_order(text: str) -> None:
    """Each session's cells appear after the previous session's (a row each)."""
    position = 0
    for cells in SESSIONS.values():
        for cell in cells:
            found = text.find(squeeze(cell), position)
            assert found >= 0, f"{cell!r} not found after position {position}"
        position = text.find(squeeze(cells[1]), position)


def test_columns_follow_what_the_sessions_give(dist):
    induction = squeeze(pdftotext(dist / "training" / "induction.pdf"))
    assert "第几个工作日培训项目培训内容负责部门课时考核方式培训资料" in induction
    safety = squeeze(pdftotext(dist / "training" / "safety.pdf"))
    assert "第几个工作日培训项目培训内容负责部门" in safety
    for absent in ("课时", "考核方式", "培训资料", "培训方式"):
        assert absent not in safety, absent


def session_rows(path: Path) -> list[list[str]]:
    """The rows of the Word document's session table, as cell texts."""
    body = Docx.open(path).document
    for table in body.iter(f"{{{NS['w']}}}tbl"):
        rows = [[text_of(cell) for cell in row.iter(f"{{{NS['w']}}}tc")]
                for row in table.iter(f"{{{NS['w']}}}tr")]
        if rows and rows[0][:2] == ["第几个工作日", "培训项目"]:
            return rows
    raise AssertionError("no session table")


def test_every_session_is_a_row_of_the_word_table(dist):
    rows = session_rows(dist / "training" / "induction.docx")
    assert rows[0] == ["第几个工作日", "培训项目", "培训内容", "负责部门", "课时", "考核方式",
                       "培训资料"]
    assert rows[1] == ["1", "公司概况介绍", "企业发展历程；组织架构", "人事部", "2", "笔试",
                       "客户接待流程、销售纪律"]
    assert rows[2] == ["待安排", "产品知识讲解", "主要产品线；报价规则", "经理", "", "", "报价单"]
    assert rows[3] == ["3", "<b>客户沟通</b> & 礼仪", "电话礼仪", "销售部", "", "", ""]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_every_session_row(dist, tmp_path):
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(dist / "training" / "induction.docx")],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    printed = tmp_path / "induction.pdf"
    text = squeeze(pdftotext(printed))
    assert "文件控制" in squeeze(pdftotext(printed, "-f", "1", "-l", "1"))
    _assert_rows_in_order(text[text.index("培训安排"):])


def test_the_handbook_has_the_plans_with_their_sessions(dist):
    reader = PdfReader(dist / "handbook.pdf")
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert "第三章\u3000培训计划" in titles  # numbered (issue 16)
    text = squeeze(pdftotext(dist / "handbook.pdf"))
    chapter = text[text.rindex("培训计划"):]
    _assert_rows_in_order(chapter[chapter.index("新员工入职培训"):])
    assert "消防安全常识" in chapter
    word = Docx.open(dist / "handbook.docx").all_text()
    for cells in SESSIONS.values():
        for cell in cells:
            assert squeeze(cell) in squeeze(word), cell


def download_links(site: Path, page: str) -> set[str]:
    """The site paths a portal page links to under downloads/."""
    tree = html.parse(str(site / page))
    base = posixpath.dirname(page)
    return {posixpath.normpath(posixpath.join(base, href)) for href in tree.xpath("//a/@href")
            if "downloads/" in href and not href.startswith("http")}


def test_portal_training_pages_offer_the_plans_word_and_pdf(dist):
    site = dist / "site"
    for plan in ("induction", "safety"):
        expected = {f"downloads/training/{plan}.pdf", f"downloads/training/{plan}.docx"}
        assert expected <= download_links(site, f"training/{plan}.html")
        assert expected <= download_links(site, "training/index.html")
        for path in expected:  # the very files the build wrote
            built = dist / path.removeprefix("downloads/")
            assert (site / path).read_bytes() == built.read_bytes()

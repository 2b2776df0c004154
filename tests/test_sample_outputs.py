"""The sample's format-1.1 content reaches the outputs a reader opens: the 4S-shop 话术 in the
workflow PDF and portal page, the customer-grading table as a real table, and a role that
approves several matters listing every one of them."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from generator.diagrams.catalog import diagrams
from generator.documents import render_documents
from generator.pdf import render_pdf
from generator.pipeline import check
from portal_support import PROJECT_DIR, build_site

SAMPLE = PROJECT_DIR / "sops"
GREETING = "欢迎光临本店，咱们店这么远，给你看车造成不便表示歉意。"
QUESTION = "以前来看过吗？"
ANSWER = "以前那位销售人员接待的？请您稍等我帮你叫他过来。"
BADMINTON = "他说您的羽毛球打的非常棒"
# the sales manager's approval duties, derived from approvals/ (matter, its part)
MANAGER_MATTERS = {"销售折扣": "审批（第1档）", "销售合同": "审批（第1档）",
                   "最终报价或投标书": "审核（第1档）；审批（第2档）"}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE).linked


def pdf_text(linked, path: str, tmp_path: Path) -> str:
    """Render one standalone document with WeasyPrint and read its text back."""
    doc = next(d for d in render_documents(linked) if d.path == path)
    svgs = {f"diagrams/{d.path}.svg": d.svg() for d in diagrams(linked)}
    out = tmp_path / "doc.pdf"
    out.write_bytes(render_pdf(doc.html, doc.meta, svgs))
    return squeeze("".join(page.extract_text() or "" for page in PdfReader(out).pages))


def test_4s_workflow_pdf_prints_the_checklists_and_script(linked, tmp_path):
    text = pdf_text(linked, "workflows/showroom-sales", tmp_path)
    assert "检查清单与话术" in text
    for line in (GREETING, QUESTION, ANSWER, BADMINTON, "接待客户携带工具夹"):
        assert squeeze(line) in text, line
    # each checklist item of 资料准备, in the manual's order
    positions = [text.index(item) for item in ("报价单", "竞品资料", "便签纸", "分期资料", "保险资料")]
    assert positions == sorted(positions)
    # the step with the discount matrix shows its tier, and the phases head the steps table
    assert "第14步报价成交：销售折扣" in text
    assert "需求分析至" in text and "售前准备" in text


def test_sales_manager_job_description_lists_every_matter_it_approves(linked, tmp_path):
    text = pdf_text(linked, "roles/sales-manager", tmp_path)
    assert "审批职责" in text
    for matter, part in MANAGER_MATTERS.items():
        assert matter in text and part in text, matter


# ---------------------------------------------------------------- portal


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(SAMPLE, tmp_path_factory.mktemp("sample-portal") / "dist")


def page(site: Path, uri: str):
    html = (site / uri).read_text(encoding="utf-8")
    return lxml.html.fromstring(html).xpath("//article")[0]


def test_portal_4s_page_prints_the_script(site):
    article = page(site, "workflows/showroom-sales.html")
    text = squeeze(article.text_content())
    for line in (GREETING, QUESTION, ANSWER, BADMINTON):
        assert squeeze(line) in text, line
    items = [squeeze(li.text_content()) for li in article.iter("li")]
    assert "展厅卫生" in items and "按照公司要求着装" in items


def test_portal_grading_policy_is_a_table(site):
    article = page(site, "policies/customer-grading.html")
    tables = [t for t in article.iter("table")
              if [squeeze(th.text_content()) for th in t.iter("th")] == ["等级", "标准", "维护方式"]]
    assert len(tables) == 1
    rows = [[squeeze(td.text_content()) for td in tr.iter("td")] for tr in tables[0].iter("tr")]
    rows = [row for row in rows if row]
    assert rows[3] == ["D忽略客户", "关系一般且潜力不大的客户", "善待走过身边的每一个人"]
    assert [row[0] for row in rows] == ["A重点客户", "B可能客户", "C普通客户", "D忽略客户"]


def test_portal_sales_manager_page_lists_every_matter_it_approves(site):
    text = squeeze(page(site, "roles/sales-manager.html").text_content())
    for matter, part in MANAGER_MATTERS.items():
        assert matter in text and part in text, matter


def test_portal_home_shows_the_handbook_purpose(site):
    text = squeeze(page(site, "index.html").text_content())
    assert "为了提高销售部的工作效率和质量" in text and "客户至上" in text


"""Word handbooks printed by LibreOffice lose no table row (issue 16).

LibreOffice dropped every row after the first from a step table whose rows were all
``cantSplit`` when the table met a page end, and every body row of 出差申请流程's table when
its ``cantSplit`` header row was alone at a page foot. These tests print ``handbook.docx`` of the
sample and of a synthetic knowledge base with long (20-step) workflows, and find every step
row of every 作业步骤 table in the printed text, between that table's heading and the RACI
matrix that follows it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import BOSS_YAML, ORG_YAML, build_sample, write
from docx_helpers import NS, Docx, style_of, text_of
from generator.cli import main
from generator.pipeline import check
from page_quality import Line, measure

ROOT = Path(__file__).resolve().parent.parent
STEPS = 20

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice (soffice) is not installed")

ACTIONS = ["核对", "登记", "复查", "归档", "汇总"]
OBJECTS = ["样品资料", "客户名单", "报价明细", "合同条款", "发货记录"]


APPROVAL = {"title": "费用审批权限", "matter": "费用报销",
            "unit": "元", "tiers": [{"up_to": 5000, "approve": "boss"},
                                   {"condition": "重大项目", "review": ["boss"], "approve": "hr"},
                                   {"review": ["boss"], "approve": "hr", "inform": ["sales"]}]}


def long_workflow(number: int) -> dict:
    """A workflow of STEPS steps, each named uniquely, with a two-line description."""
    steps = []
    for index in range(1, STEPS + 1):
        action, thing = ACTIONS[index % 5], OBJECTS[(index + number) % 5]
        steps.append({
            "id": f"s{index}", "name": f"{action}{thing}第{index}项", "by": "boss",
            "description": f"流程{number}的第{index}步：{action}{thing}，并把结果逐条写入"
                           f"记录表，由经理在当日签字确认后交回存档备查（编号{number}-{index}）。",
            # every fourth step is approved in tiers, whose tables follow the step table
            **({"approval": "expenses"} if index % 4 == 0 else {})})
    return {"title": f"长流程{number}", "owner": "boss", "department": "sales",
            "purpose": "检验长表格在打印时不丢失任何一行。", "scope": "仅用于测试。",
            "steps": steps}


def print_docx(docx: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The text LibreOffice prints for ``docx``, whitespace removed."""
    return compact(pdftotext(print_pdf(docx, tmp_path_factory)))


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def print_pdf(docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``docx`` printed by LibreOffice."""
    out = tmp_path_factory.mktemp("lo-print")
    profile = tmp_path_factory.mktemp("lo-profile")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return out / f"{docx.stem}.pdf"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def step_table_text(printed: str, title: str) -> str:
    """What is printed from the workflow's header block to the end of its RACI legend."""
    # the header block opens with the owner, or with the department when no owner is given
    found = re.search(re.escape(title) + "(流程负责人|所属部门)", printed)
    assert found, f"{title} is not printed"
    start = found.start()
    end = printed.find("RACI责任矩阵", start)
    steps = printed.find("作业步骤", start)
    assert 0 <= steps < end, f"{title}: no 作业步骤 before the RACI matrix"
    return printed[steps:end]


@pytest.fixture(scope="module")
def synthetic_dist(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("long-kb")
    write(base / "sops" / "org.yaml", ORG_YAML)
    write(base / "sops" / "roles" / "boss.yaml", BOSS_YAML)
    write(base / "sops" / "approvals" / "expenses.yaml", APPROVAL)
    for number in (1, 2, 3):
        write(base / "sops" / "workflows" / f"long-{number}.yaml", long_workflow(number))
    out = base / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(base / "sops"), "--out",
                                       str(out), "--only", "diagrams,docx", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_every_row_of_20_step_tables_is_printed(synthetic_dist, tmp_path_factory):
    printed = print_docx(synthetic_dist / "handbook.docx", tmp_path_factory)
    for number in (1, 2, 3):
        table = step_table_text(printed, f"长流程{number}")
        for index in range(1, STEPS + 1):
            name = f"{ACTIONS[index % 5]}{OBJECTS[(index + number) % 5]}第{index}项"
            assert f"{name}：" in table, (number, index)


@pytest.fixture(scope="module")
def sample_dist(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory, "diagrams,docx")


@pytest.fixture(scope="module")
def sample_printed(sample_dist, tmp_path_factory) -> Path:
    return print_pdf(sample_dist / "handbook.docx", tmp_path_factory)


def test_every_step_row_of_the_sample_is_printed(sample_printed):
    printed = compact(pdftotext(sample_printed))
    for workflow in check(ROOT / "sops").linked.kb.workflows.values():
        table = step_table_text(printed, workflow.title)
        for step in workflow.steps:
            assert compact(step.name) in table, (workflow.title, step.name)


def toc_entries(docx: Path) -> list[tuple[str, str]]:
    """(title, page number shown) of every TOC entry, as the file stores them."""
    document = Docx.open(docx)
    found = []
    for paragraph in document.body_paragraphs():
        if re.fullmatch(r"TOC\d", style_of(paragraph) or ""):
            runs = paragraph.xpath("w:hyperlink/w:r[w:t]", namespaces=NS)
            title, page = "".join(text_of(r) for r in runs[:-1]), text_of(runs[-1])
            found.append((title, page))
    return found


def test_the_toc_shows_the_pages_libreoffice_prints_headings_on(sample_dist,
                                                                  sample_printed):
    entries = toc_entries(sample_dist / "handbook.docx")
    assert len(entries) > 20 and all(page.isdigit() for _, page in entries), entries
    reader = PdfReader(sample_printed)
    pages = [compact(page.extract_text()) for page in reader.pages]
    # the first entries: the heading is printed on the page the TOC names, and that is
    # the page LibreOffice's own bookmark for the heading points at
    outline = [(compact(item.title), reader.get_destination_page_number(item) + 1)
               for item in flatten(reader.outline)]
    for title, page in entries[:12]:
        assert compact(title) in pages[int(page) - 1], (title, page)
        index = next(i for i, (name, _) in enumerate(outline) if name == compact(title))
        assert outline[index][1] == int(page), (title, page, outline[index])
        outline = outline[index + 1:]
    # and LibreOffice prints the numbers in the TOC itself, after dot leaders
    toc = next(page for page in pages if page.startswith(compact("目录")) or "目录" in page[:40])
    first, number = entries[0]
    assert re.search(re.escape(compact(first)) + r"\.{3,}" + number, toc), toc[:200]


def flatten(items: list) -> list:
    return [leaf for item in items
            for leaf in (flatten(item) if isinstance(item, list) else [item])]


def test_an_approvals_header_block_keeps_with_its_tier_table(sample_printed):
    """Each approval matrix's title and header block are printed on the page of its tier
    table's header and first tier (LibreOffice ended page 81 with 销售合同审定权限's title
    and first field, its tiers on page 82, issue 16). LibreOffice's text runs column by
    column, so the page's lines are read by position: each matrix's title line, right
    above its first field label, and the lines below it down to the next title."""
    linked = check(ROOT / "sops").linked
    t = linked.labels
    matter, tier = compact(t("approval_matter")), compact(t("approval_tier"))
    titles = [compact(approval.title) for approval in linked.kb.approvals.values()]
    assert titles
    for approval in linked.kb.approvals.values():
        found = [(lines, index) for lines in map(by_position, measure(sample_printed))
                 for index in heads(lines, compact(approval.title), matter)]
        assert len(found) == 1, approval.title
        lines, index = found[0]
        after = [i for title in titles for i in heads(lines, title, matter) if i > index]
        below = [compact(line.text) for line in lines[index + 1:min(after, default=None)]]
        assert tier in below, (approval.title, below)
        first = approval.tiers[0]
        if first.condition:
            assert compact(first.condition) in below, approval.title


def by_position(page) -> list[Line]:
    """A printed page's lines top to bottom, left to right on a line."""
    return sorted(page.lines, key=lambda line: (round(line.y_min), line.x_min))


def heads(lines: list[Line], title: str, label: str) -> list[int]:
    """Indexes of the lines that end with ``title`` and are followed by ``label``."""
    return [index for index, line in enumerate(lines[:-1])
            if compact(line.text).endswith(title) and compact(lines[index + 1].text) == label]

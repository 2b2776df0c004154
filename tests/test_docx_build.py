"""Word output of the bundled sample, built through the CLI (`--only diagrams,docx`), read
back with python-docx and lxml, and converted by LibreOffice as a second, independent
reader."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import build_sample
from docx_helpers import NS, Docx, instructions, style_of, text_of
from generator.cli import main
from generator.documents import render_documents
from generator.docx import html_to_docx, number_toc_pages
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
FONT = "Noto Sans CJK SC"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory, "diagrams,docx")


@pytest.fixture(scope="module")
def linked():
    return check(ROOT / "sops").linked


@pytest.fixture(scope="module")
def handbook(dist) -> Docx:
    return Docx.open(dist / "handbook.docx")


def duty_texts(role) -> list[str]:
    texts = []
    for duty in role.duties:
        texts += [duty] if isinstance(duty, str) else list(duty.items)
    return texts


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_one_docx_per_role_workflow_and_policy(dist, linked):
    assert (dist / "handbook.docx").is_file()
    kb = linked.kb
    for folder, items in (("roles", kb.roles), ("workflows", kb.workflows),
                          ("training", kb.training), ("policies", kb.policies)):
        assert sorted(p.stem for p in (dist / folder).glob("*.docx")) == sorted(items)


def test_chapters_are_heading_1_and_items_heading_2(dist, linked):
    document = docx.Document(str(dist / "handbook.docx"))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Heading 1"] == ["第一章\u3000组织架构", "第二章\u3000岗位说明书",
                                     "第三章\u3000培训计划", "第四章\u3000作业流程",
                                     "第五章\u3000表单", "第六章\u3000规章制度",
                                     "第七章\u3000审批权限", "附录A\u3000空白表单"]
    # chapters' items and the organisation chapter's sections are numbered 1.1 … (issue 16);
    # the appendix's blank forms carry their titles only
    form_titles = {f.title for f in linked.kb.forms.values()}
    numbered = [title for title in by_style["Heading 2"] if title not in form_titles]
    assert form_titles <= set(by_style["Heading 2"])
    assert all(re.match(r"\d\.\d+\u3000", title) for title in numbered), numbered
    items = {title.split("\u3000", 1)[-1] for title in numbered}
    assert {r.title for r in linked.kb.roles.values()} <= items
    assert {w.title for w in linked.kb.workflows.values()} <= items
    assert "工作内容" in by_style["Heading 3"]


def test_every_role_title_and_duty_is_in_the_handbook(handbook, linked):
    text = compact(handbook.all_text())
    for role in linked.kb.roles.values():
        assert role.title in text
        for duty in duty_texts(role):
            assert compact(duty) in text, duty


def test_toc_entries_match_the_chapter_and_item_headings(handbook):
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions(handbook.document)
    numbered = [text_of(p) for p in handbook.body_paragraphs()
                if style_of(p) in ("TOC1", "TOC2")]
    if shutil.which("soffice"):  # page numbers from LibreOffice's pagination
        assert all(re.search(r"\D\d+$", entry) for entry in numbered), numbered
    toc = [re.sub(r"\d+$", "", entry) for entry in numbered]
    headings = [text_of(p) for p in handbook.body_paragraphs()
                if style_of(p) in ("Heading1", "Heading2") and p.xpath(
                    "w:bookmarkStart[starts-with(@w:name, 'ch_') or starts-with(@w:name, "
                    "'role_') or starts-with(@w:name, 'training_') or starts-with(@w:name, "
                    "'workflow_') or starts-with(@w:name, 'policy_') or starts-with(@w:name, "
                    "'approval_') or starts-with(@w:name, 'form_')]", namespaces=NS)]
    assert len(toc) > 30
    assert sorted(toc) == sorted(h for h in headings if h in toc)
    assert set(toc) <= set(headings)


def test_names_of_roles_and_workflows_link_to_their_sections(dist, handbook):
    headings = {mark.get(f"{{{NS['w']}}}name"): text_of(mark.getparent())
                for mark in handbook.document.xpath("//w:p[starts-with(w:pPr/w:pStyle/@w:val, "
                                                    "'Heading')]/w:bookmarkStart", namespaces=NS)}
    links = [(link.get(f"{{{NS['w']}}}anchor"), text_of(link))
             for link in handbook.document.xpath("//w:tc//w:hyperlink", namespaces=NS)]
    assert len(links) > 100  # steps' executors and checkers, reports, participations …
    # a name links to its section, whose heading adds its number (2.3　销售部经理)
    assert all(headings[anchor].split("\u3000")[-1] == text for anchor, text in links)
    role = Docx.open(dist / "roles" / "sales-manager.docx")
    assert not role.document.xpath("//w:hyperlink", namespaces=NS)  # nothing to link to


def test_every_figure_embeds_its_png(dist, handbook):
    figures = len(handbook.document.xpath("//w:drawing", namespaces=NS))
    media = [n for n in handbook.parts if n.startswith("word/media/")]
    assert figures == len(media) >= 1 + len(list((dist / "workflows").glob("*.docx")))
    workflow = Docx.open(dist / "workflows" / "complaint-handling.docx")
    # a long flow is printed in parts, one figure each (the whole chart is the portal's)
    parts = list((dist / "diagrams" / "workflows").glob("complaint-handling-part-*.png"))
    assert len([n for n in workflow.parts if n.startswith("word/media/")]) == (len(parts) or 1)


def test_runs_name_the_cjk_font(handbook):
    for run in handbook.document.iter(f"{{{NS['w']}}}r"):
        assert run.xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == [FONT]


def test_step_table_header_repeats(dist):
    workflow = Docx.open(dist / "workflows" / "complaint-handling.docx")
    headers = workflow.document.xpath("//w:tr[w:trPr/w:tblHeader]", namespaces=NS)
    assert any("执行人员" in text_of(row) and "检核人员" in text_of(row) for row in headers)


def test_draft_role_is_watermarked_and_approved_role_is_not(dist):
    def marks(path):
        document = Docx.open(path)
        return [s for n in document.story_parts("header") for s in document.xml(n).xpath(
            "//v:textpath[@string]/@string", namespaces=NS)]
    assert set(marks(dist / "roles" / "account-manager.docx")) == {"草稿"}
    assert marks(dist / "roles" / "sales-rep.docx") == []


def test_build_output_is_deterministic(dist, linked):
    handbook_doc = next(d for d in render_documents(linked) if d.path == "handbook")
    again = number_toc_pages(html_to_docx(handbook_doc.html, dist, name="handbook"))
    assert again == (dist / "handbook.docx").read_bytes()


# ---------------------------------------------------------------- LibreOffice

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def lo_pdfs(dist, tmp_path_factory) -> Path:
    """handbook.docx and roles/sales-rep.docx converted once, with a private profile so a
    running LibreOffice or a stale profile cannot interfere."""
    out = tmp_path_factory.mktemp("lo-pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out),
         str(dist / "handbook.docx"), str(dist / "roles" / "sales-rep.docx")],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return out


def pdf_text(path: Path) -> str:
    return compact(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                  text=True, check=True).stdout)


@needs_soffice
def test_libreoffice_reads_every_role_and_duty(lo_pdfs, linked):
    text = pdf_text(lo_pdfs / "handbook.pdf")
    for role in linked.kb.roles.values():
        assert role.title in text
        for duty in duty_texts(role):
            assert compact(duty) in text, duty


@needs_soffice
def test_libreoffice_shows_the_toc_header_and_footer(lo_pdfs):
    pages = subprocess.run(["pdftotext", str(lo_pdfs / "handbook.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")
    pages = [compact(page) for page in pages if page.strip()]
    toc = next(page for page in pages if "目录" in page[:60])
    assert "销售副总经理" in toc and "客户投诉处理流程" in toc
    assert f"第5页共{len(pages)}页" in pages[4]
    assert "华游游乐设备有限公司" in pages[4]


@needs_soffice
def test_libreoffice_uses_a_cjk_font(lo_pdfs):
    for name in ("handbook.pdf", "sales-rep.pdf"):
        listing = subprocess.run(["pdffonts", str(lo_pdfs / name)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]
        assert listing and all("CJK" in line for line in listing), listing
        assert "销售员" in pdf_text(lo_pdfs / name)


def test_word_alone_builds_the_charts_it_embeds(tmp_path, monkeypatch):
    """`--only docx` on a fresh output folder: the renderer declares it needs the diagrams,
    so they are built too, and the handbook embeds them (issue 19)."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "--department", "财务部"]).exit_code == 0
    result = CliRunner().invoke(main, ["build", "--only", "docx", "--quiet"])
    assert result.exit_code == 0, result.output
    charts = tmp_path / "dist/diagrams"
    assert sorted(str(p.relative_to(charts)) for p in charts.rglob("*.png")) == [
        "org-finance.png", "org.png", "workflows/sample-workflow.png"]
    with zipfile.ZipFile(tmp_path / "dist/handbook.docx") as docx_zip:
        assert [n for n in docx_zip.namelist() if n.startswith("word/media/")]


def test_raci_legend_stands_before_its_matrix_and_keeps_with_it(handbook):
    """The legend explains the letters before the reader meets them, on the same page."""
    body = handbook.document.xpath("/w:document/w:body/*", namespaces=NS)
    matrices = [i for i, block in enumerate(body) if block.tag.endswith("}tbl")
                and "R执行" not in compact(text_of(block)) and i > 0
                and compact(text_of(body[i - 1])).startswith("R执行")]
    legends = [block for block in body if compact(text_of(block)).startswith("R执行·A")]
    assert len(matrices) == len(legends) > 10
    for index in matrices:
        legend = body[index - 1]
        assert style_of(legend) == "Note"
        assert legend.xpath("w:pPr/w:keepNext", namespaces=NS)


@pytest.mark.parametrize("path", ["roles/sales-rep", "workflows/customer-reception",
                                  "policies/code-of-conduct"])
def test_document_control_follows_the_header_block_of_standalone_documents(dist, path):
    """On page 1, right after the title and its field list, not last where it splits."""
    document = Docx.open(dist / f"{path}.docx")
    body = document.document.xpath("/w:document/w:body/*", namespaces=NS)
    headings = [text_of(b) for b in body if (style_of(b) or "").startswith("Heading")]
    assert headings[1] == "文件控制", headings[:4]
    control = next(i for i, b in enumerate(body) if text_of(b) == "文件控制")
    assert body[control - 1].tag.endswith("}tbl")      # the header block's field list
    assert "文件编号" in text_of(body[control + 1])     # the control table itself


def test_participation_has_one_row_per_workflow_with_its_steps_and_letters(dist, linked):
    document = Docx.open(dist / "roles" / "sales-manager.docx")
    body = document.document.xpath("/w:document/w:body/*", namespaces=NS)
    start = next(i for i, b in enumerate(body) if text_of(b) == "参与的作业流程")
    table = next(b for b in body[start:] if b.tag.endswith("}tbl"))
    rows = [[text_of(c) for c in r.xpath("w:tc", namespaces=NS)]
            for r in table.xpath("w:tr", namespaces=NS)][1:]
    workflows = sorted({part.workflow.title for part in linked.role_steps["sales-manager"]})
    assert sorted(row[0] for row in rows) == workflows   # each workflow once
    for part in linked.role_steps["sales-manager"]:
        row = next(r for r in rows if r[0] == part.workflow.title)
        assert f"{part.step.name}（{part.letters}）" in row[1], (part.step.name, row)


def test_only_workflows_and_marked_items_start_a_page_in_the_handbook(dist, linked):
    """As in print.css (issue 16): roles, policies and approval matrices run on after the
    item before them; a workflow whose head and chart start fit in the room left
    (``keep-head``) runs on, its title kept with them, the others but the chapter's first
    start a page; a draft role starts a section of its own (its 草稿 header), so does the
    role after it."""
    document = docx.Document(str(dist / "handbook.docx"))
    breaking = {p.text.split("\u3000", 1)[-1] for p in document.paragraphs
                if p.style.name == "Heading 2" and p.paragraph_format.page_break_before}
    handbook = next(d for d in render_documents(linked) if d.path == "handbook").html
    running = set(re.findall(r'class="item-title run-on keep-head"[^>]*>[\d.]+\u3000([^<]+)<',
                             handbook))
    kb = linked.kb
    workflows = [w.title for w in linked.in_order(kb.workflows.values())]
    assert len(running) > len(workflows) // 2 and running <= set(workflows)
    assert set(workflows[1:]) - running <= breaking
    assert not breaking & running
    assert not breaking & {p.title for p in kb.policies.values()}
    assert not breaking & {a.title for a in kb.approvals.values()}
    roles = {r.title for r in kb.roles.values()}
    # a role starts a page only to open a print group of the long roles chapter
    # (printgroups.py: its title has no run-on); a draft's page starts with a section
    # break instead
    group_starts = set(re.findall(r'class="item-title"[^>]*>[\d.]+\u3000([^<]+)<', handbook))
    assert 1 <= len(group_starts & roles) <= len(roles) // 3
    assert breaking & roles <= group_starts and breaking & roles

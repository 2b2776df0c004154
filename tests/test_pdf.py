"""PDF output, read back with pypdf and poppler (no mocks of WeasyPrint)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import build_sample
from generator.cli import main
from generator.documents import render_documents
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory, "pdf")


@pytest.fixture(scope="module")
def linked():
    return check(ROOT / "sops").linked


@pytest.fixture(scope="module")
def handbook(dist) -> PdfReader:
    return PdfReader(dist / "handbook.pdf")


def page_texts(reader: PdfReader) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in reader.pages]


def outline_titles(outline, depth=0):
    for entry in outline:
        if isinstance(entry, list):
            yield from outline_titles(entry, depth + 1)
        else:
            yield depth, entry.title


def test_one_pdf_per_role_workflow_training_plan_and_policy(dist, linked):
    kb = linked.kb
    for folder, items in (("roles", kb.roles), ("workflows", kb.workflows),
                          ("training", kb.training), ("policies", kb.policies)):
        assert sorted(p.stem for p in (dist / folder).glob("*.pdf")) == sorted(items)


def test_bookmarks_follow_chapters_and_roles(handbook, linked):
    titles = list(outline_titles(handbook.outline))
    top = [title for depth, title in titles if depth == 0]
    # the handbook's own front matter (org.yaml `handbook:`), its record and contents
    assert top[:5] == ["制定目的", "适用范围", "基本原则", "修订记录", "目录"]
    # chapters numbered 第一章 …, their items 1.1 … (issue 16); the appendix's forms unnumbered
    assert top[5:] == ["第一章\u3000组织架构", "第二章\u3000岗位说明书", "第三章\u3000培训计划",
                       "第四章\u3000作业流程", "第五章\u3000表单", "第六章\u3000规章制度",
                       "第七章\u3000审批权限", "附录A\u3000空白表单"]
    form_titles = {f.title for f in linked.kb.forms.values()}
    numbered = [title.split("\u3000", 1) for depth, title in titles
                if depth == 1 and title not in form_titles]
    assert all(re.fullmatch(r"\d\.\d+", number) for number, _ in numbered), numbered
    second = {title for _, title in numbered}
    assert {r.title for r in linked.kb.roles.values()} <= second
    assert {w.title for w in linked.kb.workflows.values()} <= second


def test_every_blank_form_is_in_the_appendix_on_pages_of_its_own(handbook, linked):
    appendix, children = handbook.outline[-2], handbook.outline[-1]  # last chapter, its items
    assert not isinstance(appendix, list) and appendix.title == "附录A\u3000空白表单"
    forms = [entry for entry in children if not isinstance(entry, list)]
    ordered = linked.in_order(linked.kb.forms.values())
    assert [entry.title for entry in forms] == [form.title for form in ordered]
    starts = [handbook.get_destination_page_number(entry) for entry in forms]
    assert starts == sorted(set(starts))  # each starts a page of its own
    texts = page_texts(handbook)
    for form, start, end in zip(ordered, starts, [*starts[1:], len(texts)], strict=True):
        pages = "".join(texts[start:end])
        assert re.sub(r"\s+", "", form.title) in texts[start]
        for field in form.all_fields:
            assert re.sub(r"\s+", "", field.label) in pages, (form.id, field.label)
            for column in field.columns:
                assert re.sub(r"\s+", "", column.label) in pages, (form.id, column.label)


def test_every_role_title_and_duty_is_in_the_text(handbook, linked):
    text = "".join(page_texts(handbook))
    for role in linked.kb.roles.values():
        assert role.title in text
        for duty in role.duties:
            items = duty.items if hasattr(duty, "items") and not isinstance(duty, str) else [duty]
            for item in items:
                assert re.sub(r"\s+", "", item) in text, item


def test_fonts_are_embedded_cjk_subsets(dist):
    listing = subprocess.run(["pdffonts", str(dist / "handbook.pdf")], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        assert "CJK" in line
        columns = line.split()
        assert columns[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, unicode


def test_page_count_and_a4(handbook):
    assert 40 <= len(handbook.pages) <= 150
    box = handbook.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_toc_page_numbers_point_at_the_headings(handbook):
    texts = page_texts(handbook)
    toc_pages = [i for i, t in enumerate(texts) if t.startswith("目录") or "目录" in t[:40]]
    assert toc_pages
    # read line by line: a title may start with a digit (4S店销售流程), which glued to the
    # previous entry's page number would read as one number
    toc = "\n".join(handbook.pages[i].extract_text() or ""
                    for i in range(toc_pages[0], toc_pages[0] + 3))
    entries = re.findall(r"^(.+?)\.{3,}\s*(\d+)\s*$", toc, re.M)
    assert len(entries) > 30
    for title, number in entries:
        title = re.sub(r"\s+", "", title).split("页")[-1]  # a footer may precede it
        page = texts[int(number) - 1]
        assert title[-4:] in page, (title, number)


def test_running_header_and_footer(handbook):
    texts = page_texts(handbook)
    total = len(texts)
    assert f"第5页共{total}页" in texts[4]
    assert "华游游乐设备有限公司" in texts[4]


def test_draft_document_is_watermarked_on_every_page(dist):
    draft = PdfReader(dist / "roles" / "account-manager.pdf")
    assert all("草稿" in text for text in page_texts(draft))
    approved = PdfReader(dist / "roles" / "sales-rep.pdf")
    assert not any("草稿" in text for text in page_texts(approved))


def test_diagrams_are_vector(dist):
    reader = PdfReader(dist / "workflows" / "complaint-handling.pdf")
    images = [image for page in reader.pages for image in page.images]
    assert images == []  # the swimlane is drawn as vector paths, not a bitmap
    assert "判断投诉是否成立" in "".join(page_texts(reader))


def test_pdfa_variant(tmp_path, linked):
    from generator.diagrams.catalog import diagrams
    from generator.pdf import render_pdf
    doc = [d for d in render_documents(linked) if d.path == "policies/pricing"][0]
    svgs = {f"diagrams/{d.path}.svg": d.svg() for d in diagrams(linked)}
    pdf = render_pdf(doc.html, doc.meta, svgs, "pdf/a-3b")
    (tmp_path / "a.pdf").write_bytes(pdf)
    metadata = PdfReader(tmp_path / "a.pdf").trailer["/Root"]["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfaid:part(>|=\")3", metadata)
    assert re.search(rb"pdfaid:conformance(>|=\")B", metadata)


def test_same_content_gives_identical_pdf(linked):
    from generator.pdf import render_pdf
    doc = [d for d in render_documents(linked) if d.path == "policies/pricing"][0]
    assert render_pdf(doc.html, doc.meta, {}) == render_pdf(doc.html, doc.meta, {})


def test_content_is_escaped(tmp_path):
    shutil.copytree(ROOT / "sops", tmp_path / "sops")
    policy = tmp_path / "sops" / "policies" / "pricing.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("title:", 'title: "<script>x</script> {{ 7*7 }} &"\nx-old-title:', 1),
                      encoding="utf-8")
    linked = check(tmp_path / "sops").linked
    html = [d for d in render_documents(linked) if d.path == "policies/pricing"][0].html
    assert "&lt;script&gt;x&lt;/script&gt; {{ 7*7 }} &amp;" in html
    assert "<script>" not in html


def _with_font(tmp_path, family: str) -> Path:
    shutil.copytree(ROOT / "sops", tmp_path / "sops")
    org = tmp_path / "sops" / "org.yaml"
    org.write_text(org.read_text(encoding="utf-8") + f"\nfont: {family}\n", encoding="utf-8")
    return tmp_path / "sops"


def test_corporate_font_from_org_yaml(tmp_path):
    sops = _with_font(tmp_path, "Noto Serif CJK SC")
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "pdf", "--quiet"])
    assert result.exit_code == 0, result.output
    fonts = subprocess.run(["pdffonts", str(out / "policies" / "pricing.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans" not in fonts


def test_missing_font_stops_with_the_fix(tmp_path):
    sops = _with_font(tmp_path, "Corporate Song")
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "pdf", "--quiet"])
    assert result.exit_code == 1
    assert "font `Corporate Song` is not installed" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_no_line_starts_with_closing_punctuation(dist):
    layout = subprocess.run(["pdftotext", "-layout", str(dist / "handbook.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    starts = [line.strip()[0] for line in layout.splitlines() if line.strip()]
    assert len(starts) > 1000
    assert not [c for c in starts if c in "，。、；：！？）》」』"]


def test_long_unbroken_strings_wrap_inside_the_page(tmp_path, linked):
    from generator.pdf import render_pdf
    doc = [d for d in render_documents(linked) if d.path == "policies/pricing"][0]
    long_code = "XS" + "0123456789" * 30
    html = doc.html.replace("</section>", f"<p>{long_code}</p></section>", 1)
    (tmp_path / "long.pdf").write_bytes(render_pdf(html, doc.meta, {}))
    bbox = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "long.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges and max(right_edges) < 595 - 18 * 72 / 25.4 + 1  # inside the right margin


def test_the_skill_level_column_shows_only_when_a_skill_has_a_level(dist, linked):
    """The manuals give levels for 销售部经理's skills and none for 客户经理's: an empty
    column took a fifth of the table's width, and 说明 wrapped for it (issue 16)."""
    roles = linked.kb.roles
    assert any(skill.level for skill in roles["sales-manager"].skills)
    assert roles["account-manager"].skills
    assert not any(skill.level for skill in roles["account-manager"].skills)
    label = "技能水平"
    for role, shown in (("sales-manager", True), ("account-manager", False)):
        text = subprocess.run(["pdftotext", "-layout", str(dist / "roles" / f"{role}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert (label in text) is shown, role
        assert all(skill.name in text for skill in roles[role].skills)


def test_the_kpi_table_shows_only_columns_some_kpi_fills(dist, linked):
    """The manuals give no weight for 客户经理's KPIs and a period for one only: the
    empty 权重 column took a tenth of the width (issue 16). Every column that some KPI
    fills is kept: 周期 and 定义."""
    kpis = linked.kb.roles["account-manager"].kpis
    assert all(kpi.weight is None for kpi in kpis)
    assert any(kpi.period for kpi in kpis) and any(kpi.definition for kpi in kpis)
    text = subprocess.run(["pdftotext", "-layout", str(dist / "roles" / "account-manager.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    assert "权重" not in text
    assert "周期" in text and "定义" in text
    assert all(kpi.name in re.sub(r"\s+", "", text) for kpi in kpis)

"""Document HTML → .docx on hand-written fixtures that follow docs/document-html.md exactly
(tests/fixtures/docs), read back from the XML. No mocks: the real reference document, the
real converter, PNGs made with Pillow."""
from __future__ import annotations

import io
import warnings
from pathlib import Path

import docx
import pytest
from PIL import Image

from docx_helpers import NS, Docx, fixture_html, instructions, style_of, text_of, w
from generator.docx import MissingDiagram, TemplateBug, convert, html_to_docx
from generator.docx.bookmarks import Bookmarks
from generator.docx.ooxml import child
from generator.docx.package import document_bytes, renormalize
from generator.docx.reference import reference_docx

FONT = "Noto Sans CJK SC"
TEXT_WIDTH = 11906 - 1134 - 1020  # A4 minus the 20 mm and 18 mm margins, in twips


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> Path:
    """dist/ with the PNG twins the fixtures show: one small, one too big for a page."""
    root = tmp_path_factory.mktemp("dist")
    (root / "diagrams" / "workflows").mkdir(parents=True)
    Image.new("RGB", (400, 300), "white").save(root / "diagrams" / "org.png")
    Image.new("RGB", (2400, 4000), "white").save(root / "diagrams/workflows/complaint.png")
    return root


@pytest.fixture(scope="module")
def handbook(assets) -> Docx:
    return Docx(html_to_docx(fixture_html("handbook.html"), assets, name="handbook"))


@pytest.fixture(scope="module")
def draft(assets) -> Docx:
    return Docx(html_to_docx(fixture_html("role-draft.html"), assets, name="role"))


# ---------------------------------------------------------------- headings and text

def test_headings_use_words_heading_styles_in_order(handbook):
    headings = [(style_of(p), text_of(p)) for p in handbook.body_paragraphs()
                if (style_of(p) or "").startswith("Heading")]
    assert headings == [
        ("Heading1", "组织架构"), ("Heading1", "岗位说明书"), ("Heading2", "销售员"),
        ("Heading3", "岗位概述"), ("Heading3", "工作内容"), ("Heading2", "超长标识岗位"),
        ("Heading1", "作业流程"), ("Heading2", "客户投诉处理流程"), ("Heading3", "作业步骤"),
        ("Heading3", "RACI 责任矩阵"), ("Heading4", "第四级标题")]


def test_cover_and_front_titles_are_not_headings(handbook):
    assert handbook.styled("Title") == ["测试部作业指导书"]
    assert handbook.styled("FrontTitle") == ["修订记录", "目录"]
    assert handbook.styled("CoverOrganization") == ["测试游乐设备有限公司"]
    assert handbook.styled("Subtitle") == ["测试游乐"]


def test_whitespace_collapses_and_inline_formatting_survives(handbook):
    paragraph = next(p for p in handbook.body_paragraphs() if "客户开发，" in text_of(p))
    assert text_of(paragraph) == "负责 客户开发， 重点维护 老客户，见 客户投诉处理流程。"
    bold = paragraph.xpath(".//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS)
    italic = paragraph.xpath(".//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS)
    assert (bold, italic) == (["重点"], ["老客户"])
    anchor = paragraph.xpath(".//w:hyperlink/@w:anchor", namespaces=NS)
    assert anchor == ["workflow_complaint"]


def test_content_is_data_escaped_text_stays_literal(handbook):
    assert "新增 <script> 与 {{ x }} 的字面显示" in handbook.all_text()


def test_empty_elements_write_nothing(handbook):
    """No empty paragraphs, headings or list items; an empty dd drops its row. The only
    empty paragraph allowed keeps two adjacent tables apart (Word would join them)."""
    for paragraph in handbook.body_paragraphs():
        if text_of(paragraph) or paragraph.xpath(".//w:drawing", namespaces=NS):
            continue
        neighbours = paragraph.getprevious(), paragraph.getnext()
        assert all(n is not None and n.tag == w("tbl") for n in neighbours), \
            etree_text(paragraph)
    assert "空字段" not in handbook.all_text()


def etree_text(element) -> str:
    from lxml import etree
    return etree.tostring(element, encoding="unicode")[:300]


def test_badge_and_note_styles(handbook):
    note = next(p for p in handbook.body_paragraphs() if style_of(p) == "Note")
    assert note.xpath(".//w:r[w:rPr/w:rStyle/@w:val='Badge']/w:t/text()",
                      namespaces=NS) == ["草稿"]


# ---------------------------------------------------------------- lists

def test_every_ordered_list_restarts_at_one(handbook):
    numbered = [p for p in handbook.body_paragraphs() if style_of(p) == "ListNumber"]
    assert [text_of(p) for p in numbered] == ["拜访新客户。", "维护老客户", "第二组第一条。"]
    ids = [p.xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)[0] for p in numbered]
    assert ids[0] == ids[1] != ids[2]
    numbering = handbook.xml("word/numbering.xml")
    for num_id in set(ids):
        start = numbering.xpath(f"w:num[@w:numId='{num_id}']/w:lvlOverride/w:startOverride/"
                                "@w:val", namespaces=NS)
        assert start == ["1"]


def test_nested_list_uses_the_second_level_style(handbook):
    assert handbook.styled("ListBullet2") == ["每月回访一次", "记录回访结果"]


# ---------------------------------------------------------------- tables

def tables(docx: Docx):
    return docx.document.xpath("/w:document/w:body/w:tbl", namespaces=NS)


def test_header_rows_repeat_and_cell_lines_keep_together(handbook):
    """No header row is cantSplit (LibreOffice dropped the body rows of a table whose
    cantSplit header row met a page end); a body row shorter than half a page is (it
    ignores w:keepLines in cells: a step's description split over two pages), and every
    cell paragraph keeps its lines together too, for Word."""
    for table in tables(handbook):
        for row in table.xpath("w:tr", namespaces=NS):
            header = bool(row.xpath("w:trPr/w:tblHeader", namespaces=NS))
            assert bool(row.xpath("w:trPr/w:cantSplit", namespaces=NS)) is not header
            assert all(p.xpath("w:pPr/w:keepLines", namespaces=NS)
                       for p in row.xpath("w:tc/w:p", namespaces=NS))
    steps = next(t for t in tables(handbook) if "接收客户投诉" in text_of(t)
                 and "序号" in text_of(t))
    header = [bool(r.xpath("w:trPr/w:tblHeader", namespaces=NS))
              for r in steps.xpath("w:tr", namespaces=NS)]
    assert header == [True, False, False]
    approval = next(t for t in tables(handbook) if "审批" in text_of(t))
    assert approval.xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)


def test_tables_fit_the_text_width_and_follow_colgroup(handbook):
    for table in tables(handbook):
        grid = [int(v) for v in table.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
        assert sum(grid) <= TEXT_WIDTH
        assert table.xpath("w:tblPr/w:tblLayout/@w:type", namespaces=NS) == ["fixed"]
    steps = next(t for t in tables(handbook) if "序号" in text_of(t))
    grid = [int(v) for v in steps.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert sum(grid) == TEXT_WIDTH and round(grid[1] / TEXT_WIDTH, 2) == 0.5


def test_field_list_is_a_label_value_table(handbook):
    fields = next(t for t in tables(handbook) if "职位名称" in text_of(t))
    rows = [[text_of(c) for c in r.xpath("w:tc", namespaces=NS)]
            for r in fields.xpath("w:tr", namespaces=NS)]
    assert rows == [["职位名称", "销售员（Sales Representative）"], ["直接上级", "销售主管"]]
    assert fields.xpath("w:tblPr/w:tblStyle/@w:val", namespaces=NS) == ["SOPFields"]


def test_th_cells_get_the_table_styles_shading(handbook):
    steps = next(t for t in tables(handbook) if "序号" in text_of(t))
    assert steps.xpath("w:tr[1]/w:tc[1]/w:tcPr/w:shd/@w:fill", namespaces=NS) == ["E2E8F0"]
    control = next(t for t in tables(handbook) if "XS-LC-004" in text_of(t))
    assert control.xpath("w:tr[1]/w:tc[1]/w:tcPr/w:shd/@w:fill", namespaces=NS) == ["F1F5F9"]
    assert not control.xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=NS)


# ---------------------------------------------------------------- figures

def test_figures_embed_the_png_twin_scaled_to_fit(handbook):
    images = [n for n in handbook.parts if n.startswith("word/media/")]
    assert len(images) == 2
    extents = handbook.document.xpath("//w:drawing//*[local-name()='extent']", namespaces=NS)
    sizes = [(int(e.get("cx")), int(e.get("cy"))) for e in extents]
    small, big = sizes
    assert small == (400 * 914400 // 200, 300 * 914400 // 200)  # natural size at 200 dpi
    assert big[0] <= TEXT_WIDTH * 635 and big[1] <= (16838 - 1247 - 1134) * 635
    assert abs(big[0] / big[1] - 2400 / 4000) < 0.01
    assert handbook.styled("Caption") == ["组织架构图", "客户投诉处理流程作业流程图"]


def test_missing_png_twin_is_an_error_that_says_what_to_build(tmp_path):
    with pytest.raises(MissingDiagram, match="--only diagrams,docx"):
        html_to_docx(fixture_html("handbook.html"), tmp_path)


# ---------------------------------------------------------------- TOC and bookmarks

def test_toc_is_a_field_prefilled_with_the_navs_entries(handbook):
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions(handbook.document)
    entries = [(style_of(p), text_of(p)) for p in handbook.body_paragraphs()
               if (style_of(p) or "").startswith("TOC")]
    assert entries == [("TOC1", "组织架构"), ("TOC1", "岗位说明书"), ("TOC2", "销售员"),
                       ("TOC2", "超长标识岗位"), ("TOC1", "作业流程"),
                       ("TOC2", "客户投诉处理流程")]


def test_toc_entries_link_to_bookmarks_on_the_headings(handbook):
    anchors = handbook.document.xpath(
        "//w:p[starts-with(w:pPr/w:pStyle/@w:val, 'TOC')]//w:hyperlink/@w:anchor",
        namespaces=NS)
    bookmarks = {b.get(w("name")): b.getparent() for b in
                 handbook.document.iter(w("bookmarkStart"))}
    for anchor in anchors:
        assert style_of(bookmarks[anchor]).startswith("Heading")
        assert len(anchor) <= 40 and anchor[0].isalpha() and "-" not in anchor


def test_settings_ask_word_to_update_fields(handbook):
    settings = handbook.xml("word/settings.xml")
    assert settings.xpath("w:updateFields/@w:val", namespaces=NS) == ["true"]


def test_bookmark_names_are_word_safe_unique_and_deterministic():
    marks = Bookmarks()
    long_id = "role-" + "x" * 60
    names = [marks.name(i) for i in ("role-sales-rep", "role_sales_rep", "1st", long_id)]
    assert names[:3] == ["role_sales_rep", "role_sales_rep_2", "h_1st"]
    assert len(names[3]) == 40 and names[3] == Bookmarks().name(long_id)
    assert marks.name("role-sales-rep") == "role_sales_rep"


# ---------------------------------------------------------------- fonts

def test_east_asian_font_on_defaults_every_style_and_every_run(handbook):
    styles = handbook.xml("word/styles.xml")
    assert styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:eastAsia",
                        namespaces=NS) == [FONT]
    for style in styles.xpath("w:style[@w:type!='numbering']", namespaces=NS):
        assert style.xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == [FONT], \
            style.get(w("styleId"))
    stories = ["word/document.xml", *handbook.story_parts("header"),
               *handbook.story_parts("footer")]
    for name in stories:
        runs = handbook.xml(name).iter(w("r"))
        for run in runs:
            assert run.xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS) == [FONT], name


def test_every_run_has_the_font_in_every_slot_in_schema_order(handbook):
    """The fonts pass makes most runs' properties at once (fonts.apply_to_runs): each run's
    rPr comes first and names the family in all four slots, after rStyle if any."""
    for run in handbook.xml("word/document.xml").iter(w("r")):
        props = run[0]
        assert props.tag == w("rPr")
        names = [child.tag for child in props]
        at = names.index(w("rFonts"))
        assert at == (1 if names[0] == w("rStyle") else 0), names
        assert [props[at].get(w(slot)) for slot in ("ascii", "hAnsi", "eastAsia", "cs")] \
            == [FONT] * 4


def test_child_finds_what_find_finds(handbook):
    """ooxml.child, the converter's lookup without ElementPath, answers as ``find``."""
    root = handbook.xml("word/document.xml")
    asked = [w(tag) for tag in ("pPr", "rPr", "pStyle", "sectPr", "tcPr", "trPr", "tcW",
                                "pageBreakBefore", "numPr", "keepNext")]
    seen = 0
    for element in root.iter(w("p"), w("r"), w("tc"), w("tr"), w("pPr"), w("tcPr")):
        for tag in asked:
            found = child(element, tag)
            assert found is element.find(tag)
            seen += found is not None
    assert seen > 400  # the fixture handbook: 444 children found
    assert child(None, w("pPr")) is None


def test_a_file_from_the_kept_reference_package_is_the_same(assets):
    """The reference is read from its zip once per process (convert._open_reference): a
    file made from the kept package is the one docx.Document's open makes."""
    html = fixture_html("role-draft.html")
    convert._readers.clear()
    opened = html_to_docx(html, assets)           # docx.Document, then the package kept
    assert convert._readers
    assert html_to_docx(html, assets) == opened   # from the kept package


def test_no_theme_fonts_anywhere(handbook):
    for name, data in handbook.parts.items():
        if name.endswith(".xml"):
            for attribute in (b"asciiTheme", b"eastAsiaTheme", b"hAnsiTheme", b"cstheme"):
                assert attribute not in data, (name, attribute)


def test_font_follows_the_meta(assets):
    html = fixture_html("role-draft.html").replace("Noto Sans CJK SC", "Noto Sans CJK TC")
    styles = Docx(html_to_docx(html, assets)).xml("word/styles.xml")
    assert set(styles.xpath("//w:rFonts/@w:eastAsia", namespaces=NS)) == {"Noto Sans CJK TC"}


# ---------------------------------------------------------------- header, footer, watermark

def test_header_carries_organisation_title_number_and_version(handbook):
    texts = [text_of(handbook.xml(n)) for n in handbook.story_parts("header")]
    assert "测试游乐设备有限公司测试部作业指导书  CS-SC-001 / 2.1" in texts


def test_footer_has_page_and_numpages_fields_in_the_locale_pattern(handbook):
    footers = [handbook.xml(n) for n in handbook.story_parts("footer")]
    main = next(f for f in footers if instructions(f))
    assert instructions(main) == ["PAGE", "NUMPAGES"]
    assert text_of(main) == "第 1 页 共 1 页"


def test_cover_page_has_its_own_empty_header(handbook):
    section = handbook.document.xpath("//w:body/w:sectPr", namespaces=NS)[0]
    assert section.xpath("w:titlePg", namespaces=NS)
    types = sorted(section.xpath("w:headerReference/@w:type", namespaces=NS))
    assert types == ["default", "first"]


def watermarks(docx: Docx) -> list[str]:
    return [s for name in docx.story_parts("header") for s in docx.xml(name).xpath(
        "//v:shape[starts-with(@id, 'PowerPlusWaterMarkObject')]/v:textpath/@string",
        namespaces=NS)]


def test_draft_carries_a_watermark_in_every_header(draft, handbook):
    assert watermarks(draft) == ["草稿"] * len(draft.story_parts("header"))
    assert watermarks(handbook) == []


def test_single_document_has_no_cover_page_header(draft):
    section = draft.document.xpath("//w:body/w:sectPr", namespaces=NS)[0]
    assert not section.xpath("w:titlePg", namespaces=NS)
    assert draft.styled("DocumentOrganization") == ["测试游乐设备有限公司"]


# ---------------------------------------------------------------- determinism and errors

def test_same_html_gives_the_same_bytes(assets, handbook):
    again = html_to_docx(fixture_html("handbook.html"), assets, name="handbook")
    assert again == handbook.data


def test_core_properties_come_from_the_meta_not_the_clock(handbook):
    core = handbook.parts["docProps/core.xml"].decode()
    assert "2026-01-15T00:00:00Z" in core and "测试部作业指导书" in core


def test_reference_document_is_reproducible_and_has_every_style():
    first = reference_docx()
    assert first == reference_docx()
    committed = Docx.open(Path(__file__).parent.parent / "templates/word/reference.docx")
    names = set(committed.xml("word/styles.xml").xpath("w:style/w:name/@w:val",
                                                       namespaces=NS))
    assert {"Normal", "Title", "Subtitle", "heading 1", "heading 2", "heading 3", "heading 4",
            "toc 1", "toc 2", "toc 3", "List Number", "List Bullet", "caption", "header",
            "footer", "SOP Table"} <= names


@pytest.mark.parametrize("snippet, message", [
    ("<div>x</div>", "<div>"),
    ('<p class="lead">x</p>', 'class="lead"'),
    ("<p>x<br>y</p>", "<br>"),
    ('<p><a href="#nowhere">x</a></p>', "#nowhere"),
    ('<table class="grid"><tr><td colspan="2">x</td></tr></table>', "<td>"),
])
def test_html_outside_the_subset_is_a_template_bug(assets, snippet, message):
    html = fixture_html("role-draft.html").replace("<ol>", snippet + "\n<ol>", 1)
    with pytest.raises(TemplateBug, match=message.replace("(", r"\(")):
        html_to_docx(html, assets, name="role")


def test_characters_xml_forbids_are_dropped_with_a_warning(assets):
    html = fixture_html("role-draft.html").replace("维护重点客户", "维护\x0b重点\x01客户")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docx = Docx(html_to_docx(html, assets, name="role"))
    assert "维护重点客户" in docx.all_text()
    assert any("dropped 2 character" in str(w.message) for w in caught)


# ---------------------------------------------------------------- an HR-edited reference

def edited_reference(tmp_path: Path, header_runs: str) -> Path:
    """The reference document with its header paragraph's runs replaced, as Word leaves
    them after editing: a placeholder split over several runs, proofing marks between."""
    import io
    import re
    import zipfile

    from generator.docx import REFERENCE_PATH
    with zipfile.ZipFile(REFERENCE_PATH) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    header = parts["word/header1.xml"].decode()
    parts["word/header1.xml"] = re.sub(r"(<w:p>.*?</w:pPr>).*(</w:p>)",
                                       lambda m: m.group(1) + header_runs + m.group(2),
                                       header, flags=re.S).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path = tmp_path / "reference.docx"
    path.write_bytes(buffer.getvalue())
    return path


def test_placeholders_split_by_word_editing_are_still_filled(tmp_path, assets):
    runs = ('<w:r><w:rPr><w:b/></w:rPr><w:t>{ti</w:t></w:r><w:proofErr w:type="spellStart"/>'
            '<w:r><w:rPr><w:b/></w:rPr><w:t>tle}</w:t></w:r>'
            '<w:r><w:t xml:space="preserve"> V{version} {page}/{pages}</w:t></w:r>')
    reference = edited_reference(tmp_path, runs)
    result = Docx(html_to_docx(fixture_html("role-draft.html"), assets, reference=reference))
    header = result.xml("word/header1.xml")
    assert text_of(header) == "客户经理 V1.1 1/1"
    assert header.xpath("//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS) == ["客户经理"]
    assert instructions(header) == ["PAGE", "NUMPAGES"]


def test_unknown_placeholder_in_the_reference_stops_with_the_known_ones(tmp_path, assets):
    from generator.docx import BadReference
    reference = edited_reference(tmp_path, "<w:r><w:t>{department}</w:t></w:r>")
    with pytest.raises(BadReference, match=r"\{department\}.*\{organization\}"):
        html_to_docx(fixture_html("role-draft.html"), assets, reference=reference)


def test_the_file_is_what_python_docx_saves_zipped_once(handbook):
    # document_bytes writes python-docx's parts straight into the normalized zip: the
    # package python-docx itself saves from the same document, normalized, is the same
    document = docx.Document(io.BytesIO(handbook.data))
    saved = io.BytesIO()
    document.save(saved)
    assert document_bytes(document) == renormalize(saved.getvalue())
    assert len(document.inline_shapes) == 2  # the fixture's two figures, media parts too

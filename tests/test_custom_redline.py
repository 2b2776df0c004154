"""The redline of the sample overlay (sops/custom/sales-rep-shanghai.yaml): real Word tracked
changes for exactly the changed words (whole paragraphs for an added or removed duty), read
back from the XML, by accepting and rejecting them, and by LibreOffice; the PDF comparison,
read back by the colour of its marks; and the summary of what the manager changed."""
from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import SAMPLE_SOPS, TODAY
from generator.custom.redline import redline_for
from generator.custom.redline_docx import redline_docx
from generator.custom.redline_pdf import redline_document, redline_pdf
from generator.pipeline import check

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
AUTHOR, DATE = "王建国", "2026-11-20T00:00:00Z"
ADDED = "负责上海区域大型主题乐园与商业综合体客户的开发与维护。"
REMOVED = "定期向上级提交客户状况分析报告。"
# A reworded item: its standard text → its custom text, and exactly the pieces marked deleted
# and inserted. Everything else in the paragraph (the title's English suffix, the KPI's name
# and period, the shared tail of the duty) is unchanged text outside any mark.
REWORDED = {
    "职位名称：销售员（Sales Representative）": (
        "职位名称：销售员（上海区域）（Sales Representative）", [], ["（上海区域）"]),
    "销售代表是销售团队的一线力量，主要负责开发新客户，推广公司产品和服务，完成销售目标和业绩指标。": (
        "销售代表是销售团队的一线力量，主要负责开发上海区域（华东二组）新客户，推广公司产品和服务，"
        "完成销售目标和业绩指标。常驻上海办事处。",
        [], ["上海区域（华东二组）", "常驻上海办事处。"]),
    "依据企业制定所负责区域的产品销售计划，分解产品销售目标。": (
        "依据企业制定的上海及周边城市产品销售计划，分解产品销售目标。",
        ["所负责区域"], ["上海及周边城市"]),
    "周拜访客户数：10-15位（每周）": (
        "周拜访客户数：12-18位（上海市区客户不少于一半）（每周）",
        ["10-15"], ["12-18", "（上海市区客户不少于一半）"]),
}
UNCHANGED_PARTS = ("职位名称：销售员", "（Sales Representative）", "周拜访客户数：", "位", "（每周）",
                   "产品销售计划，分解产品销售目标。", "新客户，推广公司产品和服务，完成销售目标和业绩指标。")
INSERTED = {ADDED} | {new for new, _, _ in REWORDED.values()}
DELETED = {REMOVED} | set(REWORDED)


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE_SOPS, today=TODAY).linked


@pytest.fixture(scope="module")
def custom(linked):
    return linked.custom_jds["sales-rep-shanghai"]


@pytest.fixture(scope="module")
def docx_bytes(linked, custom) -> bytes:
    return redline_docx(redline_for(linked, custom))


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def text_of(paragraph) -> str:
    return "".join(paragraph.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))


def body_paragraph_texts(root) -> list[str]:
    """Paragraph texts from the first section heading on (the header block differs by design)."""
    paragraphs = root.findall(".//w:body/w:p", NS)
    first = next(i for i, p in enumerate(paragraphs)
                 if p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == ["Heading2"])
    return [text_of(p) for p in paragraphs[first:]]


def resolve(root, keep: str) -> etree._Element:
    """Accept (keep="ins") or reject (keep="del") every tracked change, as Word does."""
    drop = "del" if keep == "ins" else "ins"
    for element in root.xpath(f"//w:p/w:{drop}", namespaces=NS):
        element.getparent().remove(element)
    for element in root.xpath(f"//w:p/w:{keep}", namespaces=NS):
        parent, index = element.getparent(), element.getparent().index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    for element in root.xpath("//w:delText", namespaces=NS):
        element.tag = f"{{{W}}}t"
    for mark in root.xpath(f"//w:pPr/w:rPr/w:{drop}", namespaces=NS):
        paragraph = mark.getparent().getparent().getparent()
        following = paragraph.getnext()  # a removed mark joins the paragraph to the next one
        runs = [child for child in paragraph if child.tag != f"{{{W}}}pPr"]
        start = 1 if len(following) and following[0].tag == f"{{{W}}}pPr" else 0
        for offset, run in enumerate(runs):
            following.insert(start + offset, run)
        paragraph.getparent().remove(paragraph)
    for mark in root.xpath(f"//w:pPr/w:rPr/w:{keep}", namespaces=NS):
        mark.getparent().remove(mark)
    return root


# ---------------------------------------------------------------- the XML

def marks_in(paragraph, tag: str) -> list[str]:
    """The text of each run-level w:ins or w:del of a paragraph, in order."""
    return ["".join(mark.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))
            for mark in paragraph.xpath(f"w:{tag}", namespaces=NS)]


def plain_text(paragraph) -> str:
    return "".join(paragraph.xpath("w:r/w:t/text()", namespaces=NS))


def test_added_and_removed_duties_are_whole_tracked_paragraphs(docx_bytes):
    root = document_xml(docx_bytes)
    whole_ins = root.xpath("//w:p[w:pPr/w:rPr/w:ins]", namespaces=NS)
    whole_del = root.xpath("//w:p[w:pPr/w:rPr/w:del]", namespaces=NS)
    assert [text_of(p) for p in whole_ins] == [ADDED]
    assert [text_of(p) for p in whole_del] == [REMOVED]
    assert [marks_in(p, "ins") for p in whole_ins] == [[ADDED]]
    assert [marks_in(p, "del") for p in whole_del] == [[REMOVED]]


def test_a_reworded_item_marks_only_its_changed_words(docx_bytes):
    root = document_xml(docx_bytes)
    reworded = [p for p in root.xpath("//w:body/w:p[w:ins or w:del]", namespaces=NS)
                if not p.xpath("w:pPr/w:rPr/w:ins | w:pPr/w:rPr/w:del", namespaces=NS)]
    found = {}
    for paragraph in reworded:
        old = "".join(paragraph.xpath("w:r/w:t/text() | w:del//w:delText/text()",
                                      namespaces=NS))
        new = "".join(paragraph.xpath("w:r/w:t/text() | w:ins//w:t/text()", namespaces=NS))
        found[old] = (new, marks_in(paragraph, "del"), marks_in(paragraph, "ins"))
    assert found == REWORDED
    plain = "".join(plain_text(p) for p in reworded)
    for part in UNCHANGED_PARTS:  # no unchanged character is inside a w:ins or w:del
        assert part in plain


def test_changed_and_unchanged_words_keep_the_paragraphs_formatting(docx_bytes):
    root = document_xml(docx_bytes)
    properties = lambda run: etree.tostring(run.find("w:rPr", NS))  # noqa: E731
    unchanged = {properties(run) for run in root.xpath(
        "//w:body/w:p[w:pPr/w:pStyle/@w:val='ListBullet'][not(w:ins or w:del)]/w:r",
        namespaces=NS)}
    reworded = {properties(run) for run in root.xpath(
        "//w:body/w:p[w:pPr/w:pStyle/@w:val='ListBullet'][w:ins or w:del]"
        "[not(w:pPr/w:rPr/w:ins or w:pPr/w:rPr/w:del)]//w:r", namespaces=NS)}
    assert len(unchanged) == 1 and reworded == unchanged


def test_every_change_is_counted_once_as_a_person_made_it(linked, custom):
    redline = redline_for(linked, custom)
    kinds = sorted(change.kind for change in redline.changes)
    assert kinds == ["added"] + ["removed"] + ["reworded"] * 4
    assert redline.change_count == overlay_operations(custom.overlay) == 6
    assert dict(redline.facts)["修订处数"] == "6（新增 1，删除 1，改写 4）"
    assert redline.summary[0] == "改写｜基本信息：职位名称：销售员（上海区域）（Sales Representative）"
    assert f"新增｜工作内容：{ADDED}" in redline.summary
    assert f"删除｜工作内容：{REMOVED}" in redline.summary


def test_the_summary_heads_the_word_redline(docx_bytes):
    root = document_xml(docx_bytes)
    texts = [text_of(p) for p in root.findall(".//w:body/w:p", NS)]
    start = texts.index("修订摘要")
    first_section = texts.index("基本信息")
    listed = texts[start + 1:first_section]
    assert len(listed) == 6 and listed[-1].startswith("改写｜绩效指标：周拜访客户数：12-18位")


def overlay_operations(overlay) -> int:
    """What the manager wrote: each replaced value, and each entry of every add, remove,
    replace and change list of the overlay."""
    count = sum(getattr(overlay, name) is not None
                for name in ("title", "title_en", "summary", "headcount"))
    lists = [overlay.duties, overlay.responsibilities, overlay.authorities, overlay.knowledge,
             overlay.skills, overlay.kpis]
    if overlay.qualifications is not None:
        q = overlay.qualifications
        count += (q.education is not None) + (q.experience is not None)
        lists.append(q.other)
    for changes in filter(None, lists):
        count += sum(len(getattr(changes, name, ())) for name in ("add", "remove", "replace",
                                                                  "change"))
    return count


def test_deleted_text_is_deltext_and_marks_carry_author_date_and_unique_ids(docx_bytes):
    root = document_xml(docx_bytes)
    assert root.xpath("//w:del//w:t", namespaces=NS) == []
    assert root.xpath("//w:ins//w:delText", namespaces=NS) == []
    marks = root.xpath("//w:ins | //w:del", namespaces=NS)
    assert {(m.get(f"{{{W}}}author"), m.get(f"{{{W}}}date")) for m in marks} == {(AUTHOR, DATE)}
    ids = [m.get(f"{{{W}}}id") for m in marks]
    # a mark per changed piece, and one on the paragraph mark of the added and removed duty
    pieces = sum(len(dels) + len(ins) for _, dels, ins in REWORDED.values()) + 2
    assert len(set(ids)) == len(ids) == pieces + 2


def test_runs_name_the_east_asian_font(docx_bytes):
    root = document_xml(docx_bytes)
    runs = root.xpath("//w:body//w:r", namespaces=NS)
    fonts = {r.xpath("string(w:rPr/w:rFonts/@w:eastAsia)", namespaces=NS) for r in runs}
    assert fonts == {"Noto Sans CJK SC"}


def test_accepting_all_gives_the_custom_text_and_rejecting_all_the_standard(linked, custom,
                                                                            docx_bytes):
    accepted = body_paragraph_texts(resolve(document_xml(docx_bytes), keep="ins"))
    rejected = body_paragraph_texts(resolve(document_xml(docx_bytes), keep="del"))
    only_custom = dataclasses.replace(custom, standard=custom.role)
    only_standard = dataclasses.replace(custom, role=custom.standard)
    assert accepted == body_paragraph_texts(
        document_xml(redline_docx(redline_for(linked, only_custom))))
    assert rejected == body_paragraph_texts(
        document_xml(redline_docx(redline_for(linked, only_standard))))
    assert accepted != rejected
    assert set(accepted) >= INSERTED and not DELETED & set(accepted)
    assert set(rejected) >= DELETED and not INSERTED & set(rejected)


def test_word_records_further_edits_by_hr(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        settings = package.read("word/settings.xml").decode()
    assert "<w:trackRevisions/>" in settings


# ---------------------------------------------------------------- LibreOffice

soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def libreoffice(source: Path, target: str, out: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless",
                    "--convert-to", target, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return out / f"{source.stem}.{target.split(':')[0]}"


@pytest.fixture(scope="module")
def redline_file(docx_bytes, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("redline") / "sales-rep-shanghai-redline.docx"
    path.write_bytes(docx_bytes)
    return path


@soffice
def test_libreoffice_sees_the_tracked_changes(redline_file):
    fodt = libreoffice(redline_file, "fodt", redline_file.parent)
    root = etree.parse(str(fodt)).getroot()
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "dc": "http://purl.org/dc/elements/1.1/"}
    regions = root.xpath("//text:tracked-changes/text:changed-region", namespaces=ns)
    kinds = sorted(etree.QName(r[0]).localname for r in regions)
    # one region per changed piece (the paragraph mark joins its added or removed duty's)
    deletions = 1 + sum(len(dels) for _, dels, _ in REWORDED.values())
    insertions = 1 + sum(len(ins) for _, _, ins in REWORDED.values())
    assert kinds == ["deletion"] * deletions + ["insertion"] * insertions == \
        ["deletion"] * 3 + ["insertion"] * 7
    assert set(root.xpath("//text:changed-region//dc:creator/text()", namespaces=ns)) == {AUTHOR}


@soffice
def test_libreoffice_pdf_shows_both_old_and_new_text(redline_file):
    pdf = libreoffice(redline_file, "pdf", redline_file.parent)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    for paragraph in (ADDED, REMOVED, *UNCHANGED_PARTS):
        assert re.sub(r"\s+", "", paragraph) in text
    for _, dels, ins in REWORDED.values():
        assert all(re.sub(r"\s+", "", piece) in text for piece in dels + ins)


# ---------------------------------------------------------------- the PDF comparison

def test_redline_html_marks_only_the_changed_words(linked, custom):
    document = redline_document(linked, custom, "roles/custom")
    assert document.path == "roles/custom/sales-rep-shanghai-redline"
    whole_ins = re.findall(r'<p class="line \w+ added changed"><ins>(.*?)</ins></p>', document.html)
    whole_del = re.findall(r'<p class="line \w+ removed changed"><del>(.*?)</del></p>',
                           document.html)
    assert whole_ins == [ADDED] and whole_del == [REMOVED]
    reworded = re.findall(r'<p class="line \w+ reworded changed">(.*?)</p>', document.html)
    found = {}
    for html in reworded:
        old = re.sub(r"<ins>.*?</ins>|</?del>", "", html)
        new = re.sub(r"<del>.*?</del>|</?ins>", "", html)
        found[old] = (new, re.findall(r"<del>(.*?)</del>", html),
                      re.findall(r"<ins>(.*?)</ins>", html))
    assert found == REWORDED
    summary = re.search(r'<ol class="change-summary">(.*?)</ol>', document.html, re.S)
    assert summary is not None and summary.group(1).count("<li>") == 6


def text_by_mark(pdf: bytes) -> dict[str, str]:
    """The comparison's text in reading order: all of it ("all"), without what is drawn in
    the deletion colour ("accepted"), without the insertion colour ("rejected"), and only
    what is in the deletion colour ("del").
    WeasyPrint sets a fill colour (``rg``) before the text it draws in it."""
    colours = {(0.113725, 0.305882, 0.847059): "ins", (0.72549, 0.109804, 0.109804): "del"}
    state = {"fill": ""}
    chunks: list[tuple[str, str]] = []

    def before(operator, operands, cm, tm):
        if operator == b"rg":
            state["fill"] = colours.get(tuple(round(float(x), 6) for x in operands), "")

    def text(chunk, cm, tm, font, size):
        chunks.append((state["fill"], chunk))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_operand_before=before, visitor_text=text)
    # the comparison itself: from its first section on (the summary above quotes items)
    start = next(n for n, (_, chunk) in enumerate(chunks) if chunk.strip() == "基本信息")
    chunks = chunks[start:]
    squeeze = lambda parts: re.sub(r"\s+", "", "".join(parts))  # noqa: E731
    return {"all": squeeze(c for _, c in chunks),
            "accepted": squeeze(c for mark, c in chunks if mark != "del"),
            "rejected": squeeze(c for mark, c in chunks if mark != "ins"),
            "del": squeeze(c for mark, c in chunks if mark == "del")}


@pytest.fixture(scope="module")
def pdf_text(linked, custom) -> dict[str, str]:
    return text_by_mark(redline_pdf(redline_document(linked, custom, "roles/custom")))


def test_redline_pdf_reads_as_the_custom_text_without_deletions_and_the_standard_without_insertions(
        pdf_text):
    squeeze = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    for new in INSERTED:
        assert squeeze(new) in pdf_text["accepted"]
    for old in DELETED:
        assert squeeze(old) in pdf_text["rejected"]
    assert REMOVED not in pdf_text["accepted"] and ADDED not in pdf_text["rejected"]


def test_redline_pdf_strikes_through_only_the_changed_words(pdf_text):
    # the unchanged parts of the reworded items are printed outside any deletion mark
    struck = pdf_text["del"]
    assert struck == "".join(  # the changes in reading order
        "".join(dels) for _, dels, _ in list(REWORDED.values())[:3]) + REMOVED + "".join(
        REWORDED["周拜访客户数：10-15位（每周）"][1])
    for part in UNCHANGED_PARTS:
        assert re.sub(r"\s+", "", part) not in struck


def test_the_same_redline_gives_the_same_bytes_at_another_time(linked, custom, docx_bytes):
    import time
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    again = redline_docx(redline_for(linked, custom))
    assert again == docx_bytes
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert f"{custom.date.isoformat()}T00:00:00Z" in core


# ---------------------------------------------------------------- hostile wording

HOSTILE_ROLE = """\
title: 销售员
department: sales
headcount: 3
duties:
  - 核对 <b>订单</b> & 发票。
  - 定期回访客户。
kpis:
  - {name: "拜访数 <i>", target: 10 次, period: weekly}
"""
HOSTILE_OVERLAY = """\
extends: rep
duties:
  replace:
    - text: 核对 <b>订单</b> & 发票。
      with: 核对 <b>订单</b> & 合同 ]]> 发票。
kpis:
  change:
    - name: "拜访数 <i>"
      target: 12 次 </w:t>
"""


def test_markup_in_a_reworded_item_is_text_in_word_and_in_the_pdf(make_kb):
    kb = make_kb({"roles/rep.yaml": HOSTILE_ROLE, "custom/rep-sh.yaml": HOSTILE_OVERLAY})
    result = kb.check()
    assert [d.format() for d in result.diagnostics.errors] == []
    linked = result.linked
    custom = linked.custom_jds["rep-sh"]
    root = document_xml(redline_docx(redline_for(linked, custom)))  # parses: valid XML
    paragraphs = {plain_text(p): (marks_in(p, "del"), marks_in(p, "ins"))
                  for p in root.xpath("//w:body/w:p[w:ins or w:del]", namespaces=NS)}
    assert paragraphs["核对 <b>订单</b> & 发票。"] == ([], ["合同 ]]> "])
    assert paragraphs["拜访数 <i>： 次（每周）"] == (["10"], ["12", " </w:t>"])
    rejected = body_paragraph_texts(resolve(root, keep="del"))  # the comparison, not the summary
    assert "拜访数 <i>：10 次（每周）" in rejected and "</w:t>" not in "".join(rejected)
    html = redline_document(linked, custom, "roles/custom").html
    assert "核对 &lt;b&gt;订单&lt;/b&gt; &amp; <ins>合同 ]]&gt; </ins>发票。" in html
    assert "<b>订单" not in html and "<i>" not in html


def test_paragraph_styles_are_set_as_python_docx_sets_them():
    """The redline looks each paragraph style's id up once (redline_docx._Styled): the
    paragraphs are the XML python-docx's own ``add_paragraph(style=…)`` writes, the
    default style (an empty w:pPr) included."""
    import docx

    from generator.custom.redline_docx import _STYLE, _Styled
    names = ["Title", "List Number", "Heading 2", *_STYLE.values(), "Title"]
    own, styled_document = docx.Document(), docx.Document()
    styled = _Styled(styled_document)
    for name in names:
        own.add_paragraph(style=name).add_run(name)
        styled(name).add_run(name)
    body = [etree.tostring(document.element.body) for document in (own, styled_document)]
    assert body[0] == body[1]
    assert body[1].count(b"<w:pStyle ") == len(names) - list(_STYLE.values()).count("Normal")

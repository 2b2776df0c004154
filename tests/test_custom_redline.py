"""The redline of the sample overlay (sops/custom/sales-rep-shanghai.yaml): real Word tracked
changes for exactly the changed paragraphs, read back from the XML, by accepting and rejecting
them, and by LibreOffice; and the PDF comparison."""
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
INSERTED = {
    "职位名称：销售员（上海区域）（Sales Representative）",
    "销售代表是销售团队的一线力量，主要负责开发上海区域（华东二组）新客户，推广公司产品和服务，"
    "完成销售目标和业绩指标。常驻上海办事处。",
    "依据企业制定的上海及周边城市产品销售计划，分解产品销售目标。",
    "负责上海区域大型主题乐园与商业综合体客户的开发与维护。",
    "周拜访客户数：12-18位（上海市区客户不少于一半）（每周）",
}
DELETED = {
    "职位名称：销售员（Sales Representative）",
    "销售代表是销售团队的一线力量，主要负责开发新客户，推广公司产品和服务，完成销售目标和业绩指标。",
    "依据企业制定所负责区域的产品销售计划，分解产品销售目标。",
    "定期向上级提交客户状况分析报告。",
    "周拜访客户数：10-15位（每周）",
}


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

def test_tracked_changes_are_exactly_the_changed_paragraphs(docx_bytes):
    root = document_xml(docx_bytes)
    inserted = [text_of(e.getparent()) for e in root.xpath("//w:p/w:ins", namespaces=NS)]
    deleted = [text_of(e.getparent()) for e in root.xpath("//w:p/w:del", namespaces=NS)]
    assert sorted(inserted) == sorted(INSERTED)
    assert sorted(deleted) == sorted(DELETED)
    # each changed paragraph: one run-level mark and one paragraph-mark mark; nothing else
    assert len(root.xpath("//w:ins", namespaces=NS)) == 2 * len(INSERTED) == 10
    assert len(root.xpath("//w:del", namespaces=NS)) == 2 * len(DELETED) == 10
    assert len(root.xpath("//w:pPr/w:rPr/w:ins", namespaces=NS)) == 5
    assert len(root.xpath("//w:pPr/w:rPr/w:del", namespaces=NS)) == 5


def test_deleted_text_is_deltext_and_marks_carry_author_date_and_unique_ids(docx_bytes):
    root = document_xml(docx_bytes)
    assert root.xpath("//w:del//w:t", namespaces=NS) == []
    assert root.xpath("//w:ins//w:delText", namespaces=NS) == []
    marks = root.xpath("//w:ins | //w:del", namespaces=NS)
    assert {(m.get(f"{{{W}}}author"), m.get(f"{{{W}}}date")) for m in marks} == {(AUTHOR, DATE)}
    ids = [m.get(f"{{{W}}}id") for m in marks]
    assert len(set(ids)) == len(ids) == 20


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
    assert kinds == ["deletion"] * 5 + ["insertion"] * 5
    assert set(root.xpath("//text:changed-region//dc:creator/text()", namespaces=ns)) == {AUTHOR}


@soffice
def test_libreoffice_pdf_shows_both_old_and_new_text(redline_file):
    pdf = libreoffice(redline_file, "pdf", redline_file.parent)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    for paragraph in INSERTED | DELETED:
        assert re.sub(r"\s+", "", paragraph)[:12] in text


# ---------------------------------------------------------------- the PDF comparison

def test_redline_html_marks_exactly_the_changed_paragraphs(linked, custom):
    document = redline_document(linked, custom, "roles/custom")
    assert document.path == "roles/custom/sales-rep-shanghai-redline"
    inserted = re.findall(r'<p class="line \w+ ins"><ins>(.*?)</ins></p>', document.html)
    deleted = re.findall(r'<p class="line \w+ del"><del>(.*?)</del></p>', document.html)
    assert set(inserted) == INSERTED and len(inserted) == 5
    assert set(deleted) == DELETED and len(deleted) == 5


def test_redline_pdf_prints_old_and_new_text(linked, custom):
    document = redline_document(linked, custom, "roles/custom")
    reader = PdfReader(io.BytesIO(redline_pdf(document)))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    for paragraph in INSERTED | DELETED:
        assert re.sub(r"\s+", "", paragraph) in text


def test_the_same_redline_gives_the_same_bytes_at_another_time(linked, custom, docx_bytes):
    import time
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    again = redline_docx(redline_for(linked, custom))
    assert again == docx_bytes
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert f"{custom.date.isoformat()}T00:00:00Z" in core

"""The handbook's appendix of blank forms (issue 16): every form on pages of its own after
the appendix heading, with its title, number and every field and column label, in the PDF
(text and bookmarks), in the Word file and in LibreOffice's print of the Word file."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import BOSS_YAML, ORG_YAML, write
from docx_helpers import NS, Docx, style_of, text_of
from generator.cli import main

REP = """\
title: 销售代表
department: sales
reports_to: boss
duties: [拜访客户]
"""
# A flat form with every kind of field, and a form in sections whose table field has the
# section's name; the markup in a label must print as written.
QUOTE = """\
title: 报价单
owner: rep
fields:
  - {id: customer, label: 客户名称, required: true}
  - {id: quoted_on, label: 报价日期, type: date}
  - {id: total, label: 总金额, type: money}
  - {id: payment, label: 付款方式, type: choice, options: [现金, 转账]}
  - {id: notes, label: 备注说明, type: textarea, help: 写明交货条件}
  - {id: signed, label: 经办人签字, type: signature}
"""
VISIT = """\
title: 客户回访记录表
owner: rep
sections:
  - title: 回访信息
    fields:
      - {id: visitor, label: 回访人, required: true}
      - {id: channel, label: "<i>回访</i>方式", type: multichoice, options: [电话, 上门]}
      - {id: happy, label: 客户满意, type: checkbox}
  - title: 回访明细
    fields:
      - id: lines
        label: 回访明细
        type: table
        rows: 4
        columns:
          - {id: visit_date, label: 回访日期, type: date}
          - {id: opinion, label: 客户意见}
          - {id: next_step, label: 下次跟进}
"""
FORMS = {"quote": QUOTE, "visit": VISIT}
TITLES = ["客户回访记录表", "报价单"]  # the forms' reading order (generator/ordering.py)
LABELS = {"报价单": ["客户名称*", "报价日期", "格式：YYYY-MM-DD", "总金额", "付款方式",
                  "可选：现金 / 转账", "备注说明", "写明交货条件", "经办人签字", "FM-QUOTE"],
          "客户回访记录表": ["回访信息", "回访人*", "<i>回访</i>方式", "可选：电话 / 上门", "客户满意",
                      "回访明细", "序号", "回访日期", "客户意见", "下次跟进", "FM-VISIT"]}
HEADING = "附录A\u3000空白表单"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("forms-kb")
    sops = base / "sops"
    files = {"org.yaml": ORG_YAML, "roles/boss.yaml": BOSS_YAML, "roles/rep.yaml": REP,
             **{f"forms/{name}.yaml": text for name, text in FORMS.items()}}
    for relative, content in files.items():
        write(sops / relative, content)
    out = base / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "pdf,docx", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def page_texts(pdf: Path) -> list[str]:
    return [squeeze(page.extract_text() or "") for page in PdfReader(pdf).pages]


def test_bookmarks_list_the_forms_under_the_appendix(dist):
    reader = PdfReader(dist / "handbook.pdf")
    appendix, children = reader.outline[-2], reader.outline[-1]
    assert not isinstance(appendix, list) and appendix.title == HEADING
    entries = [entry for entry in children if not isinstance(entry, list)]
    assert [entry.title for entry in entries] == TITLES
    starts = [reader.get_destination_page_number(entry) for entry in entries]
    chapter = reader.get_destination_page_number(appendix)
    assert chapter == starts[0] < starts[1]  # the first follows the heading; each its own page


def test_every_title_and_label_is_printed_after_the_appendix_heading(dist):
    reader = PdfReader(dist / "handbook.pdf")
    entries = [entry for entry in reader.outline[-1] if not isinstance(entry, list)]
    starts = [reader.get_destination_page_number(entry) for entry in entries]
    texts = page_texts(dist / "handbook.pdf")
    assert squeeze(HEADING) in texts[starts[0]]
    for title, start, end in zip(TITLES, starts, [*starts[1:], len(texts)], strict=True):
        pages = "".join(texts[start:end])
        assert title in texts[start]
        for label in LABELS[title]:
            assert squeeze(label) in pages, (title, label)
    assert "回访人" not in "".join(texts[starts[1]:])  # each form's labels on its own pages


def test_the_form_index_links_to_the_blank_form(dist):
    reader = PdfReader(dist / "handbook.pdf")
    targets = {str(annotation.get_object().get("/Dest")) for page in reader.pages
               for annotation in page.get("/Annots") or []}
    assert {"form-quote", "form-visit"} <= targets


def test_word_handbook_starts_each_form_on_a_page_with_its_fields_in_tables(dist):
    document = Docx.open(dist / "handbook.docx").document
    paragraphs = document.xpath("//w:body/w:p", namespaces=NS)
    headings = {text_of(p): p for p in paragraphs if style_of(p) == "Heading2"}
    assert set(TITLES) <= set(headings)
    for title in TITLES[1:]:  # the first follows the appendix heading on its page
        assert headings[title].find(".//w:pageBreakBefore", NS) is not None, title
    cells = [text_of(cell) for cell in document.iter(f"{{{NS['w']}}}tc")]
    for label in ("客户名称*", "经办人签字", "<i>回访</i>方式", "回访日期"):
        assert label in cells, label
    # rows with room to write in by hand (7 mm = 397 twips), not one text line
    for label in ("客户名称*", "备注说明", "回访人*"):
        table = document.xpath(f"//w:tbl[.//w:tc[string(.)='{label}']]", namespaces=NS)[0]
        heights = table.xpath("w:tr/w:trPr/w:trHeight/@w:val", namespaces=NS)
        assert len(heights) == len(table.xpath("w:tr", namespaces=NS)), label
        assert min(int(h) for h in heights) >= 397, label


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_every_form_label_after_the_heading(dist, tmp_path):
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(dist / "handbook.docx")],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    printed = squeeze(subprocess.run(["pdftotext", str(tmp_path / "handbook.pdf"), "-"],
                                     capture_output=True, text=True, check=True).stdout)
    appendix = printed[printed.rindex(squeeze(HEADING)):]
    position = 0
    for title in TITLES:
        position = appendix.index(title, position)
        for label in LABELS[title]:
            assert squeeze(label) in appendix[position:], (title, label)

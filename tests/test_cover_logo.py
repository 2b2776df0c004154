"""The handbook cover and org.yaml's `logo:` (issue 16): checked by `sopkit check`, shown on
the cover, in the running header of PDF and Word, and in the portal's header.

The built knowledge base is an English hotel of this test's own (not sample content), with
a PNG logo drawn here, built once through the CLI.
"""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw
from pypdf import PdfReader

from conftest import write
from docx_helpers import NS, Docx
from generator.cli import main
from generator.logo import image_format

ORG = """\
organization:
  name: Harbour View Hotel Ltd.
  short_name: Harbour View
  logo: assets/logo.png
locale: en
departments:
  - {id: rooms, name: Rooms Division}
document_defaults:
  author: Front Office
  reviewer: Rooms Division Manager
  approver: General Manager
"""
FILES = {
    "roles/gm.yaml": "title: General Manager\ndepartment: rooms\nduties: [Run the hotel]\n",
    "roles/clerk.yaml": "title: Front Desk Clerk\ndepartment: rooms\nreports_to: gm\n"
                        "duties: [Check guests in and out]\n",
    "workflows/check-in.yaml": """\
        title: Guest check-in
        owner: gm
        steps:
          - {id: greet, name: Greet the guest and find the booking, by: clerk}
          - {id: keys, name: Hand over the room keys, by: clerk, end: true}
        """,
}
SVG_LOGO = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a mark -->\n'
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
            b'<rect width="300" height="100" fill="#1d4ed8"/></svg>')


def png_logo() -> bytes:
    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), fill="#1d4ed8")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------- sopkit check

def org_with_logo(path: str) -> str:
    return f"organization:\n  name: 测试公司\n  logo: {path}\ndepartments:\n" \
           "  - {id: sales, name: 销售部}\n  - {id: hr, name: 人事部}\n"


def test_a_missing_logo_is_an_error_at_its_line_with_did_you_mean(make_kb):
    kb = make_kb({"assets/logo.png": png_logo()}, org=org_with_logo("assets/logo.pgn"))
    assert kb.errors() == ["sops/org.yaml:3:9: error: logo `assets/logo.pgn` does not "
                           "exist: did you mean `assets/logo.png`? [logo-missing]"]


def test_a_missing_logo_without_a_near_name_says_what_to_do(make_kb):
    kb = make_kb(org=org_with_logo("assets/brand.png"))
    assert kb.errors() == ["sops/org.yaml:3:9: error: logo `assets/brand.png` does not "
                           "exist: put the file there (PNG, JPEG or SVG), or correct the "
                           "path [logo-missing]"]


def test_a_gif_named_png_is_refused_by_its_bytes(make_kb):
    kb = make_kb({"assets/logo.png": b"GIF89a\x01\x00\x01\x00"},
                 org=org_with_logo("assets/logo.png"))
    assert kb.errors() == ["sops/org.yaml:3:9: error: logo `assets/logo.png` is a GIF "
                           "image, whatever its name says: save it as PNG, JPEG or SVG "
                           "[logo-format]"]


def test_a_web_page_saved_as_jpg_is_refused(make_kb):
    kb = make_kb({"assets/logo.jpg": "<html><body>Not found</body></html>"},
                 org=org_with_logo("assets/logo.jpg"))
    assert [line.split(": error: ")[1] for line in kb.errors()] == [
        "logo `assets/logo.jpg` is not an image sopkit can read, whatever its name says: "
        "save it as PNG, JPEG or SVG [logo-format]"]


def test_a_logo_outside_the_knowledge_base_is_refused(make_kb, tmp_path):
    write(tmp_path / "elsewhere.png", png_logo())
    kb = make_kb(org=org_with_logo("../elsewhere.png"))
    assert "is outside the knowledge base folder" in kb.errors()[0]


def test_png_jpeg_and_svg_pass_and_are_told_by_their_bytes(make_kb):
    assert image_format(png_logo()) == "png"
    assert image_format(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "jpeg"
    assert image_format(SVG_LOGO) == "svg"
    assert image_format(b"\xef\xbb\xbf<svg xmlns='http://www.w3.org/2000/svg'/>") == "svg"
    assert image_format(b"<html><svg></svg></html>") is None
    kb = make_kb({"assets/logo.svg": SVG_LOGO}, org=org_with_logo("assets/logo.svg"))
    assert kb.errors() == []


def test_an_svg_logo_gets_a_png_twin_for_word(make_kb, tmp_path):
    kb = make_kb({"assets/logo.svg": SVG_LOGO}, org=org_with_logo("assets/logo.svg"))
    result = CliRunner().invoke(main, ["build", "--sops", str(kb.root), "--out",
                                       str(tmp_path / "dist"), "--only", "diagrams", "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist/assets/logo.svg").read_bytes() == SVG_LOGO
    with Image.open(tmp_path / "dist/assets/logo.png") as twin:
        assert twin.width == pytest.approx(3 * twin.height, rel=0.02)


# ---------------------------------------------------------------- the built hotel

@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hotel")
    write(base / "sops/org.yaml", ORG)
    write(base / "sops/assets/logo.png", png_logo())
    for relative, content in FILES.items():
        write(base / "sops" / relative, content)
    result = CliRunner().invoke(main, ["build", "--sops", str(base / "sops"), "--out",
                                       str(base / "dist"), "--only",
                                       "diagrams,pdf,docx,site", "-q", "--today",
                                       "2026-11-23"])
    assert result.exit_code == 0, result.output
    return base / "dist"


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page),
                           str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def line_boxes(pdf: Path, page: int) -> dict[str, tuple[float, float, float]]:
    """Text of every line (spaces removed: letter-spacing splits words) → its xMin, xMax,
    yMin in points, from pdftotext's layout boxes."""
    html = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page),
                           str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    from lxml import etree
    tree = etree.fromstring(html.encode(), etree.HTMLParser())
    return {"".join(line.itertext()).replace(" ", "").replace("\n", ""):
            (float(line.get("xmin")), float(line.get("xmax")), float(line.get("ymin")))
            for line in tree.iter("line")}


def drawn_images(pdf: Path) -> list[int]:
    """How many images each page draws (poppler's pdfimages: pages share one resource
    dictionary in WeasyPrint's files, so pypdf's per-page list shows every image)."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    counts = [0] * len(PdfReader(pdf).pages)
    for row in listing:
        counts[int(row.split()[0]) - 1] += 1
    return counts


def test_pdf_cover_is_centred_with_the_logo_and_no_page_number(dist):
    pdf = dist / "handbook.pdf"
    reader = PdfReader(pdf)
    width = float(reader.pages[0].mediabox.width)
    assert drawn_images(pdf)[0] == 1  # the logo
    assert {(i.image.width, i.image.height) for i in reader.pages[0].images} == {(600, 200)}
    lines = line_boxes(pdf, 1)
    # company name, short name and title on the page's axis (print.css's p justify once
    # pulled the first two to the left margin)
    for text in ("HarbourViewHotelLtd.", "HarbourView", "RoomsDivisionHandbook"):
        left, right, _top = lines[text]
        assert (left + right) / 2 == pytest.approx(width / 2, abs=3), text
    cover = page_text(pdf, 1)
    assert "Page 1 of" not in cover
    assert "Page 2 of" in page_text(pdf, 2)


def test_pdf_cover_has_an_approval_table_to_sign(dist):
    cover = " ".join(page_text(dist / "handbook.pdf", 1).split())
    assert "Name Signature Date Prepared by Front Office" in cover
    for text in ("Reviewed by", "Rooms Division", "Approved by General Manager"):
        assert text in cover
    lines = line_boxes(dist / "handbook.pdf", 1)
    tops = [lines[role][2] for role in ("Preparedby", "Reviewedby", "Approvedby")]
    mm = 72 / 25.4
    assert tops[1] - tops[0] >= 16 * mm and tops[2] - tops[1] >= 16 * mm  # room to sign


def test_pdf_running_header_shows_the_logo_on_every_page_but_the_cover(dist):
    counts = drawn_images(dist / "handbook.pdf")
    assert len(counts) > 3 and counts[1:] == [1] * (len(counts) - 1)
    # a role document has no cover: its first page opens with the title instead of a header
    role = drawn_images(dist / "roles/clerk.pdf")
    assert role[0] == 0 and role[1:] == [1] * (len(role) - 1)


def test_docx_cover_and_header_carry_the_logo(dist):
    handbook = Docx.open(dist / "handbook.docx")
    media = [name for name in handbook.parts if name.startswith("word/media/")]
    assert png_logo() in [handbook.parts[m] for m in media]  # beside the charts' PNGs
    body = handbook.document.xpath("//w:body/w:p", namespaces=NS)
    assert body[0].xpath(".//w:drawing", namespaces=NS)  # the cover opens with the logo
    section = handbook.document.xpath("//w:body/w:sectPr", namespaces=NS)[0]
    for kind in ("default", "first"):
        rel = section.xpath(f"w:headerReference[@w:type='{kind}']/@r:id", namespaces=NS)[0]
        drawings = handbook.xml(header_part(handbook, rel)).xpath("//w:drawing",
                                                                   namespaces=NS)
        assert bool(drawings) == (kind == "default"), kind


def header_part(docx: Docx, rel_id: str) -> str:
    """The part name a relationship of document.xml points at."""
    rels = docx.xml("word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
    return "word/" + target


def test_docx_approval_rows_leave_room_to_sign(dist):
    handbook = Docx.open(dist / "handbook.docx")
    table = handbook.document.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='SOPApproval']",
                                    namespaces=NS)[0]
    rows = table.xpath("w:tr", namespaces=NS)
    assert len(rows) == 4
    heights = [int(h) for h in table.xpath("w:tr/w:trPr/w:trHeight/@w:val", namespaces=NS)]
    assert len(heights) == 3 and min(heights) >= 16 * 56  # twips: 16 mm, room for a pen
    cells = rows[1].xpath("w:tc", namespaces=NS)
    assert ["".join(c.itertext()) for c in cells] == ["Prepared by", "Front Office", "", ""]


def test_portal_header_shows_the_logo(dist):
    site = dist / "site"
    assert (site / "assets/logo.png").read_bytes() == png_logo()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-header__button md-logo"' in index
    assert 'src="assets/logo.png"' in index


def test_english_handbook_numbers_its_chapters_and_sections(dist):
    text = " ".join(page_text(dist / "handbook.pdf", 3).split())  # cover, contents, this
    assert re.search(r"Chapter 1: Organisation .*1\.1 Departments .*1\.2 Positions", text)
    outline = [item.title for item in PdfReader(dist / "handbook.pdf").outline
               if not isinstance(item, list)]
    assert "Chapter 2: Job descriptions" in outline

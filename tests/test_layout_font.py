"""Documents are laid out with a reduced copy of the CJK font (generator/pdf/layoutfont.py):
every character must still print in a real glyph, and the copy must be the same bytes in
every build."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from generator.documents import render_documents
from generator.fonts import org_font
from generator.pdf import layoutfont, render_pdf
from generator.pdf.hbsubset import subset_to_characters

ROOT = Path(__file__).resolve().parents[1]
RARE = "丂"  # U+4E02: in Noto Sans CJK, in neither GB 2312 nor Big5's common hanzi


def _cmap(font: bytes) -> dict[int, str]:
    return TTFont(io.BytesIO(font))["cmap"].getBestCmap()


@pytest.fixture(scope="module")
def linked(sample_result):
    return sample_result.linked


@pytest.fixture(scope="module")
def family(linked) -> str:
    return org_font(linked.org)


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_the_copy_has_every_character_of_the_sample_and_the_labels(family, weight):
    font = layoutfont.face_bytes(family, weight)
    assert font is not None
    cmap = _cmap(font)
    sources = [*(ROOT / "sops").rglob("*.yaml"), *(ROOT / "generator" / "locales").glob("*.yaml")]
    text = "".join(path.read_text(encoding="utf-8") for path in sources)
    used = {char for char in text if ord(char) >= 0x20}
    assert len(used) > 1000  # the sample really is Chinese text
    assert sorted(char for char in used if ord(char) not in cmap) == []
    assert ord(RARE) not in cmap  # what the next test relies on


def _fonts_of(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[1])
    return names


def test_a_character_outside_the_copy_prints_from_the_installed_font(linked, family, tmp_path):
    doc = next(d for d in render_documents(linked) if d.path == "policies/pricing")
    html = doc.html.replace("</body>", f"<p>罕见字{RARE}</p></body>", 1)
    pdf = render_pdf(html, dict(doc.meta), {})
    fonts = _fonts_of(pdf)
    copy_name = layoutfont.private_family(family).replace(" ", "-")
    assert copy_name in fonts  # the body text is laid out with the copy
    assert family.replace(" ", "-") in fonts  # and the rare character falls back, no tofu
    path = tmp_path / "rare.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"罕见字{RARE}" in text
    plain = render_pdf(doc.html, dict(doc.meta), {})
    assert family.replace(" ", "-") not in _fonts_of(plain)  # nothing else needed it


def test_the_copy_is_cut_the_same_every_time(family):
    path, index = layoutfont._installed(family, "regular")
    content = Path(path).read_bytes()
    first = subset_to_characters(content, index, layoutfont.characters())
    assert first is not None and first == subset_to_characters(content, index,
                                                               layoutfont.characters())
    assert len(_cmap(first)) >= 10_000


def test_a_family_without_a_file_gets_no_copy():
    assert layoutfont.faces_css("No Such Family zqx", "https://x.invalid/") == ""
    assert layoutfont.family_list("No Such Family zqx") == '"No Such Family zqx"'


def test_diagram_labels_share_the_documents_font(linked, family):
    from generator.pdf import diagram_svgs
    doc = next(d for d in render_documents(linked) if d.path.startswith("workflows/"))
    svgs = diagram_svgs(linked)
    assert any(f'font-family="{family}"'.encode() in svg for svg in svgs.values())
    pdf = render_pdf(doc.html, dict(doc.meta), svgs)
    copy_name = layoutfont.private_family(family).replace(" ", "-")
    assert _fonts_of(pdf) == {copy_name, f"{copy_name}-Bold"}
    reader = PdfReader(io.BytesIO(pdf))
    assert any("结束" in (page.extract_text() or "") for page in reader.pages)


def test_a_family_without_a_bold_file_gets_no_bold_copy():
    """fontconfig emboldens its regular face for bold text: so must the copy's."""
    family = "DejaVu Math TeX Gyre"  # fonts-dejavu: one regular file
    if layoutfont._installed(family, "regular") is None:
        pytest.skip(f"{family} is not installed")
    rules = layoutfont.faces_css(family, "https://x.invalid/")
    assert "font-weight: 400" in rules and "font-weight: 700" not in rules

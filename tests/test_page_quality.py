"""Printed pages are full and hold more than a scrap (issue 16).

The sample handbook's PDF, its Word file printed by LibreOffice, and the standalone
workflow and job-description PDFs, measured by ``page_quality`` (ink from ``pdftoppm``
bitmaps, text lines from ``pdftotext -bbox-layout``): no page other than a section's last
is less than 35 % full; no page holds only a heading, a legend or one list item; no
table-cell line is a single Chinese character broken off a name.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import build_sample
from docx_helpers import Docx
from page_quality import Page, continued_lone_characters, measure

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or
                                shutil.which("pdftoppm") is None,
                                reason="LibreOffice and poppler are needed")

SHORTEST = 0.35          # share of the body area a page that does not end a section fills
SCRAP_LINES, SCRAP_FILL = 2, 0.12   # a page of at most this many lines and this little ink


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    return build_sample(tmp_path_factory, "diagrams,pdf,docx")


@pytest.fixture(scope="module")
def word_printed(dist, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lo-print")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(dist / "handbook.docx")],
                   capture_output=True, timeout=600, check=True)
    return out / "handbook.pdf"


@pytest.fixture(scope="module")
def printed(dist, word_printed) -> dict[str, list[Page]]:
    """Every measured document's pages, by name."""
    documents = {"handbook.pdf": dist / "handbook.pdf", "handbook.docx": word_printed}
    for folder in ("workflows", "roles"):
        documents |= {f"{folder}/{pdf.name}": pdf
                      for pdf in sorted((dist / folder).glob("*.pdf"))}
    # Word's front matter titles are no headings (not in the TOC), so have no bookmark
    front = Docx.open(dist / "handbook.docx").styled("FrontTitle")
    return {name: measure(pdf, front) for name, pdf in documents.items()}


def test_the_measure_sees_short_pages_and_section_ends(printed):
    """The measure itself: the handbook has pages that end sections, and they are what
    allows the short pages it has (a chapter's last)."""
    pages = printed["handbook.pdf"]
    assert sum(page.ends_section for page in pages) > 20
    assert any(page.fill < SHORTEST and page.ends_section for page in pages)
    assert all(0 <= page.fill <= 1 for page in pages)
    assert max(page.fill for page in pages) > 0.9


def test_no_page_but_a_sections_last_is_less_than_35_percent_full(printed):
    short = {name: [(page.number, round(page.fill, 2), page.text[:30]) for page in pages
                    if page.fill < SHORTEST and not page.ends_section]
             for name, pages in printed.items()}
    assert not {name: found for name, found in short.items() if found}


def test_no_page_holds_only_a_heading_a_legend_or_one_list_item(printed):
    scraps = {name: [(page.number, page.text) for page in pages
                     if len(page.lines) <= SCRAP_LINES and page.fill < SCRAP_FILL]
              for name, pages in printed.items()}
    assert not {name: found for name, found in scraps.items() if found}


def test_no_table_cell_line_is_one_character_broken_off(printed):
    lone = {name: [(page.number, line.text) for page in pages
                   for line in continued_lone_characters(page)]
            for name, pages in printed.items()}
    assert not {name: found for name, found in lone.items() if found}

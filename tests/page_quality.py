"""How full each printed page is, and what a page holds (issue 16), measured on the PDF.

``fill``: the share of the page's body area (between the running header and the footer)
from its top down to the lowest ink, read from a low-resolution bitmap by ``pdftoppm``, so
charts count as much as text. ``lines``: the text lines of the body, from
``pdftotext -bbox-layout``. Pages that end a chapter (the page before one a level-1
bookmark points at, and the last page) may be short, and so may the page before one that
opens with a given title (an item that starts a page by rule: a workflow, whose chart is
fitted to the page under its header block, a marked draft and the item after it, Word's
front matter); no other page may.

Run as a script to print the measures of PDFs: ``python tests/page_quality.py X.pdf …``
(titles of pages that start by rule after ``--titles``, comma-separated).
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image
from pypdf import PdfReader

# The body area as shares of the page height: the running header sits in the top 22 mm
# margin, the footer in the bottom 20 mm (print.css, reference.docx), of 297 mm (A4
# portrait) or 210 mm (landscape). A little inside both, so neither rule nor footer counts.
HEADER_MM, FOOTER_MM = 20.0, 16.0
DPI = 24
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    text: str
    x_min: float
    x_max: float
    y_min: float


@dataclass(frozen=True)
class Page:
    number: int          # from 1
    fill: float          # 0–1, share of the body area down to the lowest ink
    lines: tuple[Line, ...]   # text lines of the body area
    ends_chapter: bool   # or the page before one that starts by rule

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


def measure(pdf: Path, titles: Iterable[str] = ()) -> list[Page]:
    """The pages of ``pdf``. A page also ends a chapter when the next one opens with one
    of ``titles`` (ignoring spaces: 4.1　客户接待流程)."""
    fills = _fills(pdf)
    lines = _body_lines(pdf)
    opening = tuple(re.sub(r"\s+", "", title) for title in titles if title.strip())
    ends = _chapter_ends(pdf) | {n - 1 for n, found in lines.items()
                                  if found and _opens_with(_first_line(found), opening)}
    return [Page(n, fills[n - 1], lines.get(n, ()), n in ends)
            for n in range(1, len(fills) + 1)]


def _first_line(lines: tuple[Line, ...]) -> str:
    """The first line's text; a section number (4.1) is a line of its own to pdftotext."""
    if re.fullmatch(r"[\d.]+", lines[0].text) and len(lines) > 1:
        return lines[0].text + lines[1].text
    return lines[0].text


def _opens_with(text: str, titles: tuple[str, ...]) -> bool:
    text = re.sub(r"\s+", "", text)
    return any(text == title for title in titles)


def _fills(pdf: Path) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), f"{folder}/p"],
                       check=True)
        return [_fill(Image.open(png)) for png in sorted(Path(folder).glob("p-*.pgm"),
                                                          key=_page_index)]


def _page_index(png: Path) -> int:
    return int(png.stem.rsplit("-", 1)[1])


def _fill(image: Image.Image) -> float:
    width, height = image.size
    mm = height / (297.0 if height > width else 210.0)
    top, bottom = round(HEADER_MM * mm), height - round(FOOTER_MM * mm)
    pixels = image.load()
    assert pixels is not None
    lowest = top
    for y in range(top, bottom):
        if any(pixels[x, y] < 200 for x in range(width)):  # type: ignore[operator]
            lowest = y
    return (lowest - top) / (bottom - top)


def _body_lines(pdf: Path) -> dict[int, tuple[Line, ...]]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    tree = etree.fromstring(xml, etree.XMLParser(huge_tree=True, recover=True))
    found: dict[int, tuple[Line, ...]] = {}
    for number, page in enumerate(tree.iter(f"{XHTML}page"), start=1):
        height = float(page.get("height") or 842)
        mm = height / (297.0 if height > float(page.get("width") or 595) else 210.0)
        top, bottom = HEADER_MM * mm, height - FOOTER_MM * mm
        lines = []
        for line in page.iter(f"{XHTML}line"):
            y_min, y_max = float(line.get("yMin") or 0), float(line.get("yMax") or 0)
            if y_min >= top and y_max <= bottom:
                words = [w.text or "" for w in line.iter(f"{XHTML}word")]
                lines.append(Line("".join(words), float(line.get("xMin") or 0),
                                  float(line.get("xMax") or 0), y_min))
        found[number] = tuple(lines)
    return found


def _chapter_ends(pdf: Path) -> set[int]:
    """Pages followed by one a level-1 bookmark starts, and the last page."""
    reader = PdfReader(pdf)
    starts = {page + 1 for item in reader.outline if not isinstance(item, list)
              if (page := reader.get_destination_page_number(item)) is not None and page >= 0}
    return {start - 1 for start in starts} | {len(reader.pages)}


def lone_character_lines(page: Page) -> list[Line]:
    """Lines that are a single CJK character."""
    return [line for line in page.lines if len(line.text) == 1 and CJK.match(line.text)]


def continued_lone_characters(page: Page) -> list[tuple[Line, Line]]:
    """(line, the line above) of single CJK characters wrapped off the line just above
    them in the same column: a name or text broken before its last character. A chart's
    是 / 否 stands alone."""
    return [(line, above) for line in lone_character_lines(page) for above in page.lines
            if abs(above.x_min - line.x_min) < 2 and 0 < line.y_min - above.y_min < 16]


def summary(pages: list[Page]) -> str:
    under40 = [p.number for p in pages if p.fill < 0.40]
    short = [p.number for p in pages if p.fill < 0.35 and not p.ends_chapter]
    lone = [(p.number, above.text + line.text) for p in pages
            for line, above in continued_lone_characters(p)]
    return (f"{len(pages)} pages, {len(under40)} under 40 % full {under40}\n"
            f"  under 35 % and not a chapter's last: {short}\n"
            f"  lone CJK character lines: {lone}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    front: list[str] = []
    if "--titles" in arguments:
        at = arguments.index("--titles")
        front = arguments[at + 1].split(",")
        del arguments[at:at + 2]
    for name in arguments:
        print(name, summary(measure(Path(name), front)), sep="\n  ")

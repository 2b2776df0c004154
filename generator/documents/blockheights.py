"""Estimated printed heights of document HTML blocks (print.css at A4), in mm.

Print cannot ask how much room is left on a page, so the passes that place blocks for it
(chartroom.py: charts; tails.py: a chapter's last blocks) estimate it from the HTML both
renderers print. The estimates err on the full side (~12 % over the printed heights on
the sample).
"""
from __future__ import annotations

import math
import re
import unicodedata

from lxml import etree

# The portrait text area of print.css (A4, margins 22/18/20/20 mm) and the reference docx.
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 172.0, 255.0
LINE_MM = {10.5: 5.93, 9.5: 5.36, 8.5: 4.80}   # font size (pt) → line height (1.6)
HEADINGS_MM = {"h1": 16.5, "h2": 15.0, "h3": 10.5, "h4": 9.0}   # one line, with margins
FIELD_LABEL_MM = 26.0
CELL_PADDING_MM, ROW_EXTRA_MM = 3.2, 2.8
RACI_COLUMN_MM = 18.0      # a RACI letter column (a role name at 8.5 pt)
TABLE_MARGINS_MM, LIST_MARGINS_MM, ITEM_GAP_MM = 6.0, 3.5, 0.7
_WIDTH = re.compile(r"width\s*:\s*([\d.]+)%")


def block_height(block: etree._Element) -> float:
    """Estimated printed height of a block of document HTML, in mm."""
    tag, classes = block.tag, (block.get("class") or "").split()
    if tag in HEADINGS_MM:
        return HEADINGS_MM[tag]
    if tag == "p":
        size = 8.5 if "note" in classes else 10.5
        return _lines(_text(block), TEXT_WIDTH_MM, size) * LINE_MM[size] + 2.0
    if tag in ("ul", "ol"):
        return sum(item_height(item) for item in block.iter("li")) + LIST_MARGINS_MM
    if tag == "dl":
        return _fields_height(block)
    if tag == "table":
        return _table_height(block)
    return 0.0


def item_height(item: etree._Element) -> float:
    """A list item's height."""
    return _lines(_text(item), TEXT_WIDTH_MM - 8, 10.5) * LINE_MM[10.5] + ITEM_GAP_MM


def _fields_height(fields: etree._Element) -> float:
    width = TEXT_WIDTH_MM - FIELD_LABEL_MM - 2 * CELL_PADDING_MM
    rows = [_lines(_text(value), width, 10.5) * LINE_MM[10.5] + ROW_EXTRA_MM
            for value in fields.iter("dd")]
    return sum(rows) + 4.0


def _table_height(table: etree._Element) -> float:
    return TABLE_MARGINS_MM + sum(row_heights(table))


def row_heights(table: etree._Element) -> list[float]:
    """The height of each row of ``table``, header rows included."""
    shares = [float(m.group(1)) for col in table.iter("col")
              if (m := _WIDTH.search(col.get("style") or ""))]
    raci = "raci" in (table.get("class") or "").split()
    size = 8.5 if raci else 9.5   # print.css: a RACI matrix is smaller, its layout automatic
    heights = []
    for row in table.iter("tr"):
        cells = [c for c in row if c.tag in ("td", "th")]
        widths = shares if len(shares) == len(cells) else [100 / len(cells)] * len(cells)
        if raci and len(cells) > 1:   # letter columns as narrow as their role names
            letters = min(RACI_COLUMN_MM * (len(cells) - 1), TEXT_WIDTH_MM / 2)
            step = 100 - 100 * letters / TEXT_WIDTH_MM
            widths = [step] + [(100 - step) / (len(cells) - 1)] * (len(cells) - 1)
        lines = max((_lines(_text(cell), TEXT_WIDTH_MM * share / 100 - CELL_PADDING_MM, size)
                     for cell, share in zip(cells, widths, strict=True)), default=1)
        heights.append(lines * LINE_MM[size] + ROW_EXTRA_MM)
    return heights


def lines_of(element: etree._Element, width_mm: float, size_pt: float) -> int:
    """Lines the text of ``element`` takes in a column ``width_mm`` wide."""
    return _lines(_text(element), width_mm, size_pt)


def _text(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext()).strip()


def _lines(text: str, width_mm: float, size_pt: float) -> int:
    """Lines ``text`` takes in a column ``width_mm`` wide (a CJK character is 1 em wide,
    other characters about half)."""
    em_mm = size_pt * 25.4 / 72
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)
    per_line = max(1.0, math.floor(width_mm / em_mm))
    return max(1, math.ceil(ems / per_line))


_MAX_HEIGHT = re.compile(r"max-height\s*:\s*([\d.]+)mm")


def figure_image_height(figure: etree._Element) -> float:
    """A chart's printed height without its caption: chartroom.py's ``max-height`` on its
    image, else its measured height; a figure of unknown height counts as a page."""
    try:
        height = float(figure.get("data-height-mm") or TEXT_HEIGHT_MM)
    except ValueError:
        return TEXT_HEIGHT_MM
    image = figure.find("img")
    if image is not None and (found := _MAX_HEIGHT.search(image.get("style") or "")):
        height = min(height, float(found.group(1)))
    return height

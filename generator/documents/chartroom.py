"""A workflow's chart shrinks onto the page its header block is on, when text stays legible.

A chart does not break across pages, so when the header block, 目的 and 适用范围 leave less
room than the chart needs, the chart moved whole to the next page and left that page
~60 % empty (issue 16). Print cannot ask how much room is left, so the room is estimated
here from the text before the chart (the same HTML both renderers print) and the chart
gets ``max-height`` of that room, but only when it still prints its smallest text at 7
pt or more (the figure's ``data-shrink``: the share it may shrink, from the chart's
measured layout, generator/diagrams/pages.py). Otherwise, when the blocks before it fill
less than ``MOVE_BELOW`` of the page, the chart (its heading and every part; always a
chart on a landscape page of its own) moves after the step table, so the steps flow on
under the header block and the chart follows them.

The estimate errs on the full side: when it is wrong the chart is a little smaller than
it could be, and the worst case is the old behaviour (the chart on the next page).
"""
from __future__ import annotations

import math
import re
import unicodedata

from lxml import etree
from lxml import html as lxml_html

# The portrait text area of print.css (A4, margins 22/18/20/20 mm) and the reference docx.
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 172.0, 255.0
CAPTION_MM = 10.0          # figcaption line, its gap, the figure's margins
SAFETY = 1.03              # estimated heights are stretched by this …
SAFETY_MM = 3.0            # … and this is kept free besides
LINE_MM = {10.5: 5.93, 9.5: 5.36, 8.5: 4.80}   # font size (pt) → line height (1.6)
HEADINGS_MM = {"h1": 16.5, "h2": 15.0, "h3": 10.5, "h4": 9.0}   # one line, with margins
FIELD_LABEL_MM = 26.0
CELL_PADDING_MM, ROW_EXTRA_MM = 3.2, 2.8
_WIDTH = re.compile(r"width\s*:\s*([\d.]+)%")


def fit_charts_to_their_pages(html: str) -> str:
    """``html`` with ``max-height`` on the image of every measured chart that fits, shrunk,
    under the blocks that start its page. Nothing else in the text changes."""
    if "data-shrink" not in html:
        return html
    root = lxml_html.document_fromstring(html)
    figures = list(root.iter("figure"))
    parts = re.split(r"(<figure\b)", html)
    # parts: text, "<figure", text, "<figure", …; figure n's text is parts[2n + 2]
    moves = []
    for index, figure in enumerate(figures):
        height = _max_height(figure)
        if isinstance(height, float):
            text = parts[2 * index + 2]
            parts[2 * index + 2] = text.replace(
                "<img ", f'<img style="max-height:{height:.0f}mm" ', 1)
        elif height == MOVE and (anchor := _chart_anchor(figure)):
            moves.append(anchor)
            if alone := _height_under_heading(figure):
                text = parts[2 * index + 2]
                parts[2 * index + 2] = text.replace(
                    "<img ", f'<img style="max-height:{alone:.0f}mm" ', 1)
    html = "".join(parts)
    for anchor in moves:
        html = _chart_after_steps(html, anchor)
    return html


MOVE = "move"
MOVE_BELOW = 0.6   # of the text height: a page fuller than this may end before the chart


def _max_height(figure: etree._Element) -> float | str | None:
    """The chart's shrunk height in mm, MOVE, or None (it stays as it is)."""
    try:
        natural = float(figure.get("data-height-mm") or 0)
        shrink = float(figure.get("data-shrink") or 1)
    except ValueError:
        return None
    if not natural:
        return None
    used = sum(block_height(block) for block in _blocks_on_page_before(figure)) * SAFETY
    room = TEXT_HEIGHT_MM - CAPTION_MM - SAFETY_MM - used
    landscape = "landscape" in (figure.get("class") or "").split()
    if natural <= room and not landscape:
        return None
    if landscape or natural * shrink > room:   # its own page, or text below 7 pt
        return MOVE if used < MOVE_BELOW * TEXT_HEIGHT_MM else None
    return float(math.floor(room))


def _height_under_heading(figure: etree._Element) -> float | None:
    """A moved chart starts a page under its heading: the height that leaves room for
    both when the chart is taller (else the heading is left alone on a page, issue 16),
    if its text stays legible; None when it fits as it is or cannot shrink that far."""
    natural = float(figure.get("data-height-mm") or 0)
    shrink = float(figure.get("data-shrink") or 1)
    heading = figure.getprevious()
    if heading is None or heading.tag not in HEADINGS_MM \
            or "landscape" in (figure.get("class") or "").split():
        return None
    room = TEXT_HEIGHT_MM - CAPTION_MM - SAFETY_MM - HEADINGS_MM[heading.tag] * SAFETY
    return float(math.floor(room)) if natural * shrink <= room < natural else None


def _chart_anchor(figure: etree._Element) -> str | None:
    """The id of the ``…-chart`` heading the figure is under, less the suffix."""
    sibling = figure.getprevious()
    while sibling is not None and sibling.tag == "figure":
        sibling = sibling.getprevious()
    found = sibling.get("id") if sibling is not None else None
    return found[:-len("-chart")] if found and found.endswith("-chart") else None


def _chart_after_steps(html: str, anchor: str) -> str:
    """Move the chart heading and its figures to right after the step table."""
    chart = html.find(f' id="{anchor}-chart"')
    steps = html.find(f' id="{anchor}-steps"')
    if chart < 0 or steps < chart:
        return html
    chart, steps = html.rfind("<h", 0, chart), html.rfind("<h", 0, steps)
    table_end = html.find("</table>", steps)
    if table_end < 0:
        return html
    table_end += len("</table>\n")
    return html[:chart] + html[steps:table_end] + html[chart:steps] + html[table_end:]


def _blocks_on_page_before(figure: etree._Element) -> list[etree._Element]:
    """The siblings before ``figure`` back to the one that starts its page (a section
    starts a page; so does an item title, unless it follows the chapter's h1)."""
    blocks = []
    sibling = figure.getprevious()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            blocks.append(sibling)
            classes = (sibling.get("class") or "").split()
            starts_page = "item-title" in classes and "run-on" not in classes
            before = sibling.getprevious()
            if starts_page and not (before is not None and before.tag == "h1"):
                break
        sibling = sibling.getprevious()
    return blocks


def block_height(block: etree._Element) -> float:
    """Estimated printed height of a block of document HTML, in mm."""
    tag, classes = block.tag, (block.get("class") or "").split()
    if tag in HEADINGS_MM:
        return HEADINGS_MM[tag]
    if tag == "p":
        size = 8.5 if "note" in classes else 10.5
        return _lines(_text(block), TEXT_WIDTH_MM, size) * LINE_MM[size] + 2.0
    if tag in ("ul", "ol"):
        return sum(_lines(_text(item), TEXT_WIDTH_MM - 8, 10.5) * LINE_MM[10.5] + 0.7
                   for item in block.iter("li")) + 3.5
    if tag == "dl":
        return _fields_height(block)
    if tag == "table":
        return _table_height(block)
    return 0.0


def _fields_height(fields: etree._Element) -> float:
    width = TEXT_WIDTH_MM - FIELD_LABEL_MM - 2 * CELL_PADDING_MM
    rows = [_lines(_text(value), width, 10.5) * LINE_MM[10.5] + ROW_EXTRA_MM
            for value in fields.iter("dd")]
    return sum(rows) + 4.0


def _table_height(table: etree._Element) -> float:
    shares = [float(m.group(1)) for col in table.iter("col")
              if (m := _WIDTH.search(col.get("style") or ""))]
    height = 6.0   # margins
    for row in table.iter("tr"):
        cells = [c for c in row if c.tag in ("td", "th")]
        widths = shares if len(shares) == len(cells) else [100 / len(cells)] * len(cells)
        lines = max((_lines(_text(cell), TEXT_WIDTH_MM * share / 100 - CELL_PADDING_MM, 9.5)
                     for cell, share in zip(cells, widths, strict=True)), default=1)
        height += lines * LINE_MM[9.5] + ROW_EXTRA_MM
    return height


def _text(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext()).strip()


def _lines(text: str, width_mm: float, size_pt: float) -> int:
    """Lines ``text`` takes in a column ``width_mm`` wide (a CJK character is 1 em wide,
    other characters about half)."""
    em_mm = size_pt * 25.4 / 72
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)
    per_line = max(1.0, math.floor(width_mm / em_mm))
    return max(1, math.ceil(ems / per_line))

"""A chapter's last page holds more than a sliver: its last blocks keep together in print.

The sample handbook's roles chapter ended on a page holding the last role's last four
list items, 9 % full (issue 16). Word keeps such tails together (docx/tails.py); this is
the same rule for the PDF. Before every place where a page starts by rule (a chapter's
end, an item title that starts a page), the last units worth ``TAIL`` of the text height
(estimated, blockheights.py) are marked ``data-tail``: print.css keeps each whole and
forbids the break before all but the first, so when they would cross a page end they
move together, and the page they leave keeps what came before them (at least 1 − TAIL −
one unit full). A unit is a list item, a table's body row, or any other block; a chart
taller than ``LONGEST`` of the page is never drawn into the chain (it fills its page).

The HTML is marked in place (the attribute inserted into the tags found), so the text
both renderers read is otherwise unchanged; Word ignores the mark (it keeps its own tails).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from .blockheights import (
    TEXT_HEIGHT_MM,
    block_height,
    figure_image_height,
    item_height,
    row_heights,
)
from .chartroom import CAPTION_MM

TAIL = 0.42       # of the text height: what a chapter's last page at least holds
LONGEST = 0.6     # a block taller than this share of the page stays out of a chain
ORPHAN_ROWS = 2   # body rows a table's start keeps together
PLACING = 0.88    # estimates run ~12 % over the printed heights (chartroom.py)


@dataclass(frozen=True)
class Unit:
    """What a page may end after: a list item, a body row, a block."""
    element: etree._Element
    height: float
    may_break_before: bool = True
    container: etree._Element | None = None   # its list or table, when it is the first


def keep_chapter_tails(html: str) -> str:
    """``html`` with the tail before every page start by rule marked (see the module)."""
    if '<section class="chapter"' not in html:
        return html
    root = lxml_html.document_fromstring(html)
    marks: dict[etree._Element, str] = {}
    for section in root.iter("section"):
        if "chapter" not in (section.get("class") or "").split():
            continue
        blocks = [child for child in section if isinstance(child.tag, str)]
        for end, block in [*enumerate(blocks), (len(blocks), None)]:
            if end and (block is None or _starts_page(block)):
                marks |= _chain(blocks[:end])
    return _marked(html, root, marks) if marks else html


def _starts_page(block: etree._Element) -> bool:
    """An item title that starts a page by rule (print.css): not ``run-on``, not right
    under its chapter's title."""
    classes = (block.get("class") or "").split()
    before = block.getprevious()
    return block.tag == "h2" and "item-title" in classes and "run-on" not in classes \
        and not (before is not None and before.tag == "h1")


def _chain(blocks: list[etree._Element]) -> dict[etree._Element, str]:
    """The marks of the tail of ``blocks``: "start" on its first unit, "on" on the rest
    (and on a list or table whose first unit is in it, the chain going on before it).
    Nothing when the tail's blocks start a page anyway (all of them fit on it)."""
    chain: list[Unit] = []
    total, limit = 0.0, TAIL * TEXT_HEIGHT_MM
    for unit in _units_backwards(blocks):
        if unit is None:   # the page start before: the whole tail is on one page
            return {}
        if unit.height > LONGEST * TEXT_HEIGHT_MM:
            break
        chain.append(unit)
        total += unit.height
        if total >= limit and unit.may_break_before:
            break
    else:   # the chapter's start: it starts a page too
        return {}
    if len(chain) < 2:
        return {}
    marks = {unit.element: "on" for unit in chain[:-1]}
    marks |= {unit.container: "on" for unit in chain[:-1] if unit.container is not None}
    marks[chain[-1].element] = "start"
    return marks


def _units_backwards(blocks: list[etree._Element]) -> Iterator[Unit | None]:
    """The units of ``blocks``, last first; None at a block that starts a page."""
    for block in reversed(blocks):
        if block.tag in ("ul", "ol"):
            items = [item for item in block if item.tag == "li"]
            for index in range(len(items) - 1, -1, -1):
                yield Unit(items[index], item_height(items[index]) * PLACING,
                           container=block if index == 0 else None)
        elif block.tag == "table" and (rows := block.findall("tbody/tr")):
            yield from _rows_backwards(block, rows)
        elif block.tag == "figure":
            if "landscape" in (block.get("class") or "").split():
                yield None   # a page of its own: what follows it starts a page
                return
            yield Unit(block, figure_image_height(block) + CAPTION_MM)
        else:
            yield Unit(block, block_height(block) * PLACING)
        if _starts_page(block) or block.tag == "h1":
            yield None
            return


def _rows_backwards(table: etree._Element, rows: list[etree._Element]) -> Iterator[Unit]:
    heights = row_heights(table)[-len(rows):]
    for index in range(len(rows) - 1, -1, -1):
        yield Unit(rows[index], heights[index] * PLACING,
                   may_break_before=index == 0 or index >= ORPHAN_ROWS,
                   container=table if index == 0 else None)


def _marked(html: str, root: etree._Element, marks: dict[etree._Element, str]) -> str:
    """``html`` with ``data-tail`` inserted into the opening tag of every marked element,
    found by its tag's ordinal in the document (the HTML unchanged when the tags found in
    the text and the parsed ones disagree)."""
    by_tag: dict[str, dict[int, str]] = defaultdict(dict)
    for tag in {element.tag for element in marks}:
        for ordinal, element in enumerate(root.iter(tag)):
            if element in marks:
                by_tag[str(tag)][ordinal] = marks[element]
    inserts: list[tuple[int, str]] = []
    for tag, wanted in by_tag.items():
        openings = [found.end() for found in re.finditer(rf"<{tag}(?=[\s>])", html)]
        if len(openings) != sum(1 for _ in root.iter(tag)):
            return html
        inserts += [(openings[ordinal], f' data-tail="{mark}"')
                    for ordinal, mark in wanted.items()]
    for at, text in sorted(inserts, reverse=True):
        html = html[:at] + text + html[at:]
    return html

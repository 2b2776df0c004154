"""Where a long chapter of the handbook starts a page, so that it prints in short parts.

The items of a handbook chapter run on after each other (issue 16), and a book is printed
in parts cut only where a page starts anyway (pdf/split.py): a chapter whose items all run
on was one part, laid out whole after an edit of any of its items (the sample's 13 roles,
23 pages, ~2.2 s of CPU: the longest piece of a summary edit's rebuild), and by a single
process in a cold build.

So about every GROUP_PAGES pages an item starts a page: its title loses ``run-on``, print.css
breaks the page before it, split.py may cut there, pagetails.py keeps the tail before it
whole, and Word breaks its page there too (docx/blocks.py). Which item: walking from a page
that starts anyway, the blocks are laid out on estimated pages (blockheights.py; lines,
list items and table rows where print.css lets a page end, headings kept with what follows)
and, among the items whose title falls near the group's target length, the one before
which the page is fullest is taken: ideally one that would start a page anyway. Where no
item leaves its page well filled, none is taken (the chapter stays longer in one piece).

Only items that run on plainly are candidates (roles, training plans, policies, approval
matrices): a workflow that runs on (``keep-head``) is placed with its chart by
chartroom.py, which runs after this pass.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from .blockheights import (
    HEADINGS_MM,
    LINE_MM,
    LIST_MARGINS_MM,
    TABLE_MARGINS_MM,
    TEXT_HEIGHT_MM,
    TEXT_WIDTH_MM,
    block_height,
    figure_image_height,
    item_height,
    lines_of,
    row_heights,
)

GROUP_PAGES = 5.0   # estimated pages a group aims at: ~0.5 s of layout on the sample
WINDOW = (0.6, 1.5)  # of the target: where a group may end
# Pages laid out ahead from a group's start: a run longer than this is cut into groups of
# GROUP_PAGES (each group lays out this far, so a chapter costs a few times one layout of
# it, not one per group: 300 roles took 4.5 s of CPU laid out to their end each time).
HORIZON = 3 * GROUP_PAGES
# How full the page before a break is estimated: the estimate errs by up to ~0.2 page a few
# pages on (sample and a synthetic base, against the printed positions of every heading),
# so a page estimated full may really end a line into the next one (which the break would
# leave nearly empty): the fill aimed at is FILL, within FILLS.
FILL, FILLS = 0.75, (0.4, 0.92)
# The estimates run 5-25 % over the printed heights, by kind of block: these factors are a
# least-squares fit of the printed distance between every two headings on a page of the
# roles chapters of the sample and a 40-role synthetic base (470 spans; rms error 1.2 mm
# a span, against 1.7 mm with one factor for all).
SCALE = {"heading": 0.76, "p": 0.93, "list": 0.92, "table": 0.87, "dl": 0.95}
CAPTION_MM = 6.0     # a figure's caption and margins (chartroom.py)
RUN_ON = "item-title run-on"


@dataclass(frozen=True)
class Unit:
    """What a page may end after: lines of a paragraph, a list item, a table row, a block."""
    height: float
    keep: bool = False       # a heading: kept with the unit after it
    repeat: float = 0.0      # printed again at a page's top when one starts before it
    title: int | None = None  # the block index of the item title it is


@dataclass(frozen=True)
class Candidate:
    block: int      # index of the item title in the chapter's blocks
    at: float       # pages from the group's start to where the title would begin
    fill: float     # how full the page before it is if it starts a page


def group_long_chapters(html: str) -> str:
    """``html`` with an item starting a page about every GROUP_PAGES pages of a chapter
    (see the module); unchanged when no chapter is that long."""
    if f'class="{RUN_ON}"' not in html:
        return html
    root = lxml_html.document_fromstring(html)
    starts: list[str] = []
    for section in root.iter("section"):
        if "chapter" in (section.get("class") or "").split():
            blocks = [child for child in section if isinstance(child.tag, str)]
            starts += [blocks[i].get("id") or "" for i in _breaks(blocks)]
    for anchor in starts:
        html = html.replace(f'<h2 id="{anchor}" class="{RUN_ON}"',
                            f'<h2 id="{anchor}" class="item-title"', 1)
    return html


def _breaks(blocks: list[etree._Element]) -> list[int]:
    """The items of a chapter that start a page to cut it into groups: from each place a
    page starts (the chapter's start, an item that starts one by rule, a group's start)."""
    chosen: list[int] = []
    start: int | None = 0
    while start is not None:
        end = _group_end(blocks, start)
        if end is not None:
            chosen.append(end)
        start = end if end is not None else _next_page_start(blocks, start)
    return chosen


def _group_end(blocks: list[etree._Element], start: int) -> int | None:
    """The item that starts the next group after ``start``, if the run of blocks from
    there to the next page start is long enough to cut and an item leaves its page well
    filled."""
    candidates, length = _lay_out(blocks, start)
    if length <= WINDOW[1] * GROUP_PAGES:
        return None
    target = length / math.ceil(length / GROUP_PAGES) if length < HORIZON else GROUP_PAGES
    good = [c for c in candidates if FILLS[0] <= c.fill <= FILLS[1]
            and length - c.at >= WINDOW[0] * target]
    inside = [c for c in good if WINDOW[0] * target <= c.at <= WINDOW[1] * target]
    if not inside:   # the first good place after the window, if any
        inside = [c for c in good if c.at > WINDOW[1] * target][:1]
    if not inside:
        return None
    return min(inside, key=lambda c: (round(abs(c.fill - FILL) * 20), abs(c.at - target))).block


def _next_page_start(blocks: list[etree._Element], start: int) -> int | None:
    """The next block after ``start`` that starts a page by rule (or follows a chart on a
    landscape page of its own)."""
    return next((i for i in range(start + 1, len(blocks))
                 if _starts_page(blocks[i]) or _landscape(blocks[i - 1])), None)


def _landscape(block: etree._Element) -> bool:
    return block.tag == "figure" and "landscape" in (block.get("class") or "").split()


def _lay_out(blocks: list[etree._Element], start: int) -> tuple[list[Candidate], float]:
    """From ``blocks[start]`` at a page's top to the next block that starts a page by
    rule, or HORIZON pages on: the plain run-on titles with where each would begin and how
    full the page before it would be, and the estimated length in pages."""
    candidates: list[Candidate] = []
    page, y, kept = 0, 0.0, []
    for unit in _units(blocks, start):
        if unit.keep:
            kept.append(unit)
            continue
        need = sum(k.height for k in kept) + unit.height
        title = next((k.title for k in kept if k.title is not None), None)
        if title is not None:   # the page before it ends where the last unit did
            candidates.append(Candidate(title, page + y / TEXT_HEIGHT_MM, y / TEXT_HEIGHT_MM))
        if y > 0 and y + need > TEXT_HEIGHT_MM:
            page, y = page + 1, (0.0 if kept else unit.repeat)
            if page >= HORIZON:
                break
        y += need
        kept = []
    return candidates, page + y / TEXT_HEIGHT_MM


def _units(blocks: list[etree._Element], start: int) -> Iterator[Unit]:
    for index in range(start, len(blocks)):
        block = blocks[index]
        if index > start and _starts_page(block):
            return
        classes = (block.get("class") or "").split()
        if block.tag in HEADINGS_MM:
            title = index if index > start and " ".join(classes) == RUN_ON else None
            yield Unit(HEADINGS_MM[block.tag] * SCALE["heading"], keep=True, title=title)
        elif block.tag == "p" and "keep" not in classes:
            yield from _paragraph(block, 8.5 if "note" in classes else 10.5)
        elif block.tag in ("ul", "ol"):
            items = [item for item in block if item.tag == "li"]
            for n, item in enumerate(items):
                margin = LIST_MARGINS_MM if n == 0 else 0.0
                yield Unit((item_height(item) + margin) * SCALE["list"])
        elif block.tag == "table":
            yield from _table(block)
        elif block.tag == "figure":
            if _landscape(block):
                return   # a page of its own: what follows starts a page
            yield Unit(min(figure_image_height(block), TEXT_HEIGHT_MM - CAPTION_MM) + CAPTION_MM)
        else:   # a field list (kept whole, and with a table after it), anything else
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            keep = block.tag == "dl" and following is not None and following.tag == "table"
            yield Unit(block_height(block) * SCALE.get(block.tag, 1.0), keep=keep)


def _starts_page(block: etree._Element) -> bool:
    """An item title that starts a page by rule (not run-on, or a workflow's keep-head,
    which chartroom.py may still make start one)."""
    classes = (block.get("class") or "").split()
    return block.tag == "h2" and "item-title" in classes and \
        ("run-on" not in classes or "keep-head" in classes)


def _paragraph(block: etree._Element, size: float) -> Iterator[Unit]:
    """A paragraph's lines as units, two kept at its start and end (orphans, widows)."""
    lines = lines_of(block, TEXT_WIDTH_MM, size)
    line, margin = LINE_MM[size] * SCALE["p"], 2.0 * SCALE["p"]
    if lines <= 4:
        yield Unit(lines * line + margin)
        return
    yield Unit(2 * line)
    for _ in range(lines - 4):
        yield Unit(line)
    yield Unit(2 * line + margin)


def _table(table: etree._Element) -> Iterator[Unit]:
    heights = [height * SCALE["table"] for height in row_heights(table)]
    head = len(table.findall("thead/tr"))
    header = sum(heights[:head])
    body = heights[head:]
    if not body:
        yield Unit(TABLE_MARGINS_MM * SCALE["table"] + header)
        return
    yield Unit(TABLE_MARGINS_MM * SCALE["table"] + header + body[0])
    for height in body[1:]:
        yield Unit(height, repeat=header)



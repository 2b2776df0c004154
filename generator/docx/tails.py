"""No short page before a page start: the last blocks before it keep together.

In the handbook a chapter, a draft, the item after a draft and a workflow whose chart was
placed for a page's top start a page (a page break or a next-page section break); a
workflow that runs on starts one when its head and chart do not fit, and so does a chart
too tall to share its page with much. What the item before leaves on its last page can be
a scrap: three bullets, one RACI row (issue 16: LibreOffice printed six pages under 35 %
full so). Before every such place, the last blocks worth ``TAIL`` of the text height
(estimated, heights.py) keep with the next one (``w:keepNext`` on their paragraphs, and
on every cell paragraph of a table row, which Word and LibreOffice read as keeping the row
with the next), ending with the block right before the break. When those blocks would
cross a page end they move together, so the page they end on is at least that full, and
the page they leave keeps what came before them.

A block taller than ``LONGEST`` of the page (a chart) is never drawn into the chain: it
fills its page by itself, and a chain longer than a page would be broken anyway.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .chartbreaks import break_before_tall_charts
from .context import Context
from .heights import Heights
from .ooxml import PPR_ORDER, el, insert_in_order, qn

TAIL = 0.42       # of the text height: what the page before a page start at least holds
LONGEST = 0.6     # a block taller than this share of the page stays out of a chain
ORPHAN_ROWS = 2   # body rows a table's start keeps together at a page foot
WHOLE_ROW = 0.5   # of the text height: a body row shorter than this never splits
WALK_LIMIT = 200  # blocks: a tail is found among far fewer (a paragraph is 2 % of a page)


def paginate(context: Context) -> None:
    """The page-break rules that need the written body's heights: tails, whole rows."""
    heights = Heights(context.document.styles.element, context.layout.text_width)
    break_before_tall_charts(context, heights)   # first: a page it starts gets its tail
    keep_tails(context, heights)
    keep_rows_whole(context, heights)


def keep_rows_whole(context: Context, heights: Heights) -> None:
    """Every body row shorter than ``WHOLE_ROW`` of the page is ``w:cantSplit``: a row
    splits only when it is too tall to move whole (LibreOffice does not keep a cell
    paragraph's lines together by ``w:keepLines``: it printed 4S店销售流程's step 2 over two
    pages, a description's last line alone). Header rows never are (see tables.py)."""
    tallest = WHOLE_ROW * context.layout.text_height
    for table in context.body.iterfind(qn("w:tbl")):
        for row in table.iterfind(qn("w:tr")):
            properties = row.find(qn("w:trPr"))
            if properties is None:   # a field list's row (tables.py writes none)
                properties = el("w:trPr")
                row.insert(0, properties)
            if properties.find(qn("w:tblHeader")) is None and heights.row(row) <= tallest:
                properties.append(el("w:cantSplit"))


def keep_tails(context: Context, heights: Heights) -> None:
    """Chain the tail before every page that starts by rule in the written body, and
    before every workflow that runs on (its head moves to the next page when its chart
    does not fit)."""
    blocks = [child for child in context.body
              if child.tag in (qn("w:p"), qn("w:tbl"))]
    page = context.layout.text_height
    may_start = set(context.run_on_heads) | set(_tall_figure_groups(heights, blocks, page))
    for index, block in enumerate(blocks):
        if index and (starts_page(block) or block in may_start):
            _keep_tail(heights, blocks, index, page)


def _tall_figure_groups(heights: Heights, blocks: list[etree._Element],
                        page: int) -> Iterator[etree._Element]:
    """The first block of each chart too tall to share a page with much (a paragraph
    taller than LONGEST holding a picture) and of the blocks kept with it (its heading, a
    run-on workflow's head): where a page starts when the chart does not fit in the room
    left."""
    for index, block in enumerate(blocks):
        if block.tag != qn("w:p") or block.find(f".//{qn('w:drawing')}") is None \
                or heights.paragraph(block) <= LONGEST * page:
            continue
        while index > 0 and _keeps_with_next(heights, blocks[index - 1]) \
                and not starts_page(blocks[index]):
            index -= 1
        yield blocks[index]


def _keeps_with_next(heights: Heights, block: etree._Element) -> bool:
    if block.tag == qn("w:p"):
        return heights.metrics(block).keep_next and not _breaks_after(block)
    rows = block.findall(qn("w:tr"))
    return bool(rows) and all(heights.metrics(paragraph).keep_next
                              for paragraph in rows[-1].iter(qn("w:p")))


def starts_page(block: etree._Element) -> bool:
    """A paragraph that starts a page (``w:pageBreakBefore``), holds a page break, or ends
    a section (the next one starts a page: every section break the converter writes is a
    next-page one)."""
    if block.tag != qn("w:p"):
        return False
    properties = block.find(qn("w:pPr"))
    if properties is not None and properties.find(qn("w:pageBreakBefore")) is not None:
        return True
    return _breaks_after(block)


def _keep_tail(heights: Heights, blocks: list[etree._Element], end: int, page: int) -> None:
    """Chain the blocks before ``blocks[end]``."""
    chain: list[etree._Element] = []   # paragraphs, last first
    total = 0.0
    for unit in _units_backwards(heights, blocks, end):
        if unit is None:   # the page start before: the whole tail is on one page
            return
        if unit.height > LONGEST * page:
            break
        chain += unit.paragraphs
        total += unit.height
        if total >= TAIL * page and unit.may_break_before:
            break
    else:   # the document's start
        return
    last = set(_last_unit(blocks[end - 1]))
    for paragraph in chain:
        if paragraph not in last:
            keep_with_next(paragraph)


@dataclass(frozen=True)
class Unit:
    """A paragraph or a table row: what a page may end after."""
    paragraphs: list[etree._Element]
    height: float
    # a page may end right before it: not between a table's header and its first rows,
    # nor after a table's first row (a table starts with two rows or none)
    may_break_before: bool = True


def _units_backwards(heights: Heights, blocks: list[etree._Element],
                     end: int) -> Iterator[Unit | None]:
    """Each paragraph and table row before ``blocks[end]``, last first; None once the
    page start before is reached."""
    for block in reversed(blocks[max(0, end - WALK_LIMIT):end]):
        if block.tag == qn("w:tbl"):
            yield from _rows_backwards(heights, block)
            continue
        if _breaks_after(block):
            yield None
            return
        yield Unit([block], heights.paragraph(block))
        if starts_page(block):   # w:pageBreakBefore: the top of the tail's page
            yield None
            return


def _rows_backwards(heights: Heights, table: etree._Element) -> Iterator[Unit]:
    rows = table.findall(qn("w:tr"))
    headers = sum(1 for row in rows if row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
                  is not None)
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        yield Unit(list(row.iter(qn("w:p"))), heights.row(row),
                   index == 0 or index - headers >= ORPHAN_ROWS)


def _breaks_after(block: etree._Element) -> bool:
    """A section's last paragraph or a page break's: what follows starts a page."""
    properties = block.find(qn("w:pPr"))
    return (properties is not None and properties.find(qn("w:sectPr")) is not None) \
        or any(br.get(qn("w:type")) == "page" for br in block.iter(qn("w:br")))


def _last_unit(last: etree._Element) -> list[etree._Element]:
    if last.tag == qn("w:tbl"):
        rows = last.findall(qn("w:tr"))
        return list(rows[-1].iter(qn("w:p"))) if rows else []
    return [last]


def keep_with_next(paragraph: etree._Element) -> None:
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = el("w:pPr")
        paragraph.insert(0, properties)
    if properties.find(qn("w:keepNext")) is None:
        insert_in_order(properties, el("w:keepNext"), PPR_ORDER)

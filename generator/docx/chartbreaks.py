"""A tall chart's heading that cannot share its page with the chart starts the next page.

The heading keeps with its chart (``w:keepNext``) and Word moves both to the next page
when the chart does not fit under the heading. LibreOffice 7.4 often did not:
拜访新客户's and 月度销售计划's 作业流程图 ended page 1 alone, their charts (226 and 198 mm)
on page 2. Whether it moved the heading changed with the paragraph before it (the step
table, or a thin spacer) and with how far down the page it stood, by no rule that could be
found (a spacer moved those two and left three others at a foot). So where the estimated
room left on the page is clearly too small for the heading and the chart, the heading
starts a page (``w:pageBreakBefore``), which both programs follow alike; the tail rule
(tails.py) then keeps the page before it full enough. Close cases (within ``MARGIN`` of
the page) are left to keep-with-next: there the estimate (heights.py) could be wrong.
"""
from __future__ import annotations

from lxml import etree

from .context import Context, page_break_before
from .heights import Heights
from .ooxml import qn

MARGIN = 0.1      # of the text height: how clearly the heading and chart must overflow
TALL = 0.6        # of the text height: a chart this tall ends its page (tails.LONGEST)
HEADINGS = ("Heading2", "Heading3", "Heading4")
WALK_LIMIT = 400  # blocks looked back for the page's start (a page holds far fewer)


def break_before_tall_charts(context: Context, heights: Heights) -> None:
    blocks = [child for child in context.body if child.tag in (qn("w:p"), qn("w:tbl"))]
    page = context.layout.text_height
    for index, block in enumerate(blocks):
        if index < 2 or not _tall_chart(heights, block, page):
            continue
        heading = blocks[index - 1]
        if _style(heading) not in HEADINGS or _starts_page(heading):
            continue
        used = _used(heights, blocks[max(0, index - 1 - WALK_LIMIT):index - 1], page)
        needed = heights.paragraph(heading) + heights.paragraph(block)
        if used is not None and used + needed > page * (1 + MARGIN):
            page_break_before(heading)


def _tall_chart(heights: Heights, block: etree._Element, page: int) -> bool:
    return block.tag == qn("w:p") and block.find(f".//{qn('w:drawing')}") is not None \
        and heights.paragraph(block) > TALL * page


def _used(heights: Heights, before: list[etree._Element], page: int) -> float | None:
    """How far down its page the last of ``before`` ends, estimated from the last page
    start among them (or the document's start); None when neither is among them."""
    total = 0.0
    for block in reversed(before):
        if _breaks_after(block):
            return total % page
        total += sum(heights.row(row) for row in block.iterfind(qn("w:tr"))) \
            if block.tag == qn("w:tbl") else heights.paragraph(block)
        if _starts_page(block):
            return total % page
    return total % page if len(before) < WALK_LIMIT else None


def _style(block: etree._Element) -> str | None:
    style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _starts_page(block: etree._Element) -> bool:
    properties = block.find(qn("w:pPr"))
    return block.tag == qn("w:p") and properties is not None \
        and properties.find(qn("w:pageBreakBefore")) is not None


def _breaks_after(block: etree._Element) -> bool:
    properties = block.find(qn("w:pPr"))
    return block.tag == qn("w:p") and (
        (properties is not None and properties.find(qn("w:sectPr")) is not None)
        or any(br.get(qn("w:type")) == "page" for br in block.iter(qn("w:br"))))


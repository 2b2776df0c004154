"""A workflow's chart shrinks onto the page its header block is on, when text stays legible.

A chart does not break across pages, so when the header block, 目的 and 适用范围 leave less
room than the chart needs, the chart moved whole to the next page and left that page
~60 % empty (issue 16). Print cannot ask how much room is left, so the room is estimated
here from the text before the chart (the same HTML both renderers print) and the chart
gets ``max-height`` of that room, but only when it still prints its smallest text at 7
pt or more (the figure's ``data-shrink``: the share it may shrink, from the chart's
measured layout, generator/diagrams/pages.py). Otherwise, when the blocks before it fill
less than ``MOVE_BELOW`` of the page, the chart (its heading and every part; always a
chart on a landscape page of its own) moves to the workflow's end, after the RACI matrix,
so the steps flow on under the header block and the chart follows them.

The estimate errs on the full side: when it is wrong the chart is a little smaller than
it could be, and the worst case is the old behaviour (the chart on the next page).
"""
from __future__ import annotations

import math
import re

from lxml import etree
from lxml import html as lxml_html

from .blockheights import HEADINGS_MM, TEXT_HEIGHT_MM, TEXT_WIDTH_MM, block_height

__all__ = ["TEXT_HEIGHT_MM", "TEXT_WIDTH_MM", "block_height", "fit_charts_to_their_pages"]

LANDSCAPE_TEXT_HEIGHT_MM = 168.0   # A4 landscape, the same margins
CAPTION_MM = 10.0          # figcaption line, its gap, the figure's margins
SAFETY = 1.03              # estimated heights are stretched by this …
SAFETY_MM = 3.0            # … and this is kept free besides


def fit_charts_to_their_pages(html: str) -> str:
    """``html`` with ``max-height`` on the image of every measured chart that fits, shrunk,
    under the blocks that start its page. Nothing else in the text changes. Both
    renderers print the result: in Word too a workflow runs on (keep-head)."""
    if "data-shrink" not in html:
        return html
    root = lxml_html.document_fromstring(html)
    figures = list(root.iter("figure"))
    parts = re.split(r"(<figure\b)", html)
    # parts: text, "<figure", text, "<figure", …; figure n's text is parts[2n + 2]
    moves, landscape_headings = [], []
    for index, figure in enumerate(figures):
        height = _max_height(figure)
        if height is None and _landscape(figure):
            height = None   # on a page of its own: only its heading may go along (below)
        elif height is None:
            height, bare = _under_heading(figure)
            if bare:   # 标准销售流程: 作业流程图 was left alone on a page before its chart
                parts[2 * index + 2] = _without_caption(parts[2 * index + 2])
        if isinstance(height, float):
            text = parts[2 * index + 2]
            parts[2 * index + 2] = text.replace(
                "<img ", f'<img style="max-height:{height:.0f}mm" ', 1)
        elif height == MOVE and (anchor := _chart_anchor(figure)):
            place, shrunk, runs_on, bare = _chart_place(root, anchor, figure)
            if bare:
                parts[2 * index + 2] = _without_caption(parts[2 * index + 2])
            closes = runs_on and place is None and _fills_its_page(figure, shrunk)
            moves.append((anchor, place, runs_on, closes))
            if shrunk:
                text = parts[2 * index + 2]
                parts[2 * index + 2] = text.replace(
                    "<img ", f'<img style="max-height:{shrunk:.0f}mm" ', 1)
        if _landscape(figure) and (heading := _kept_heading(figure)):
            # its heading goes to its landscape page (print.css), not left at the foot of
            # the page before it (issue 16: 订单处理流程)
            landscape_headings.append(heading)
            if height != MOVE:
                parts[2 * index + 2] = _fitted_under_heading(figure, parts[2 * index + 2])
    html = "".join(parts)
    for heading in landscape_headings:
        html = html.replace(f' id="{heading}">', f' id="{heading}" data-page="landscape">', 1)
    for anchor, place, runs_on, closes in moves:
        html = _move_chart(html, anchor, place)
        if closes:
            html = _next_starts_a_page(html, anchor)
        if runs_on:
            continue
        # its place was chosen for a workflow starting a page: it may no longer run on
        html = html.replace(f'id="{anchor}" class="item-title run-on keep-head"',
                            f'id="{anchor}" class="item-title"', 1)
    return html


def _next_starts_a_page(html: str, anchor: str) -> str:
    """The item right after a workflow closed by a chart that fills its page starts the
    next page anyway: it does so by rule, which is a place to cut the book into parts
    that print in parallel (generator/pdf/split.py; without it the sample's workflows
    chapter was one part of half the book)."""
    chart = html.find(f' id="{anchor}-chart"')
    end = html.find("</figure>", chart) if chart >= 0 else -1
    while end >= 0 and html[end + len("</figure>"):].lstrip().startswith("<figure"):
        end = html.find("</figure>", end + len("</figure>"))
    if end < 0:
        return html
    end += len("</figure>")
    found = re.match(r'\s*<h2 id="[^"]*" class="(item-title run-on(?: keep-head)?)"', html[end:])
    if not found:
        return html
    start, stop = end + found.start(1), end + found.end(1)
    return html[:start] + "item-title" + html[stop:]


def _kept_heading(figure: etree._Element) -> str | None:
    """The id of the heading right above a landscape chart when both fit its page, the
    chart at its size (without its caption, if need be)."""
    heading = figure.getprevious()
    if heading is None or heading.tag not in HEADINGS_MM or not heading.get("id"):
        return None
    natural = float(figure.get("data-height-mm") or 0)
    room = LANDSCAPE_TEXT_HEIGHT_MM - SAFETY_MM - HEADINGS_MM[heading.tag] * SAFETY
    return heading.get("id") if natural and natural <= room else None


def _fitted_under_heading(figure: etree._Element, figure_html: str) -> str:
    height, bare = _under_heading(figure)
    if bare:
        figure_html = _without_caption(figure_html)
    if height:
        figure_html = figure_html.replace("<img ", f'<img style="max-height:{height:.0f}mm" ', 1)
    return figure_html


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


def _under_heading(figure: etree._Element) -> tuple[float | None, bool]:
    """A chart starts a page under its heading: the height that leaves room for both when
    the chart is taller (else the heading is left alone on a page, issue 16), if its text
    stays legible, and whether it must drop its caption (which repeats the heading) for
    that; None when it fits as it is or cannot shrink that far."""
    natural = float(figure.get("data-height-mm") or 0)
    shrink = float(figure.get("data-shrink") or 1)
    heading = figure.getprevious()
    if heading is None or heading.tag not in HEADINGS_MM:
        return None, False
    # a landscape chart keeps its size (shrunk to the room, 订单处理流程 printed at 6.98 pt
    # within its measured limit): only its caption may go, leaving room for its heading
    landscape = _landscape(figure)
    page = LANDSCAPE_TEXT_HEIGHT_MM if landscape else TEXT_HEIGHT_MM
    for caption_mm in (CAPTION_MM, 0.0):
        room = page - caption_mm - SAFETY_MM - HEADINGS_MM[heading.tag] * SAFETY
        if natural <= room:
            if caption_mm:
                return None, False
            return (None if landscape else float(math.floor(natural))), True
        if natural * shrink <= room and not landscape:
            return float(math.floor(room)), not caption_mm
    return None, False


def _landscape(figure: etree._Element) -> bool:
    return "landscape" in (figure.get("class") or "").split()


def _without_caption(figure_html: str) -> str:
    return re.sub(r"<figcaption>.*?</figcaption>\n?", "", figure_html, count=1, flags=re.S)


def _chart_anchor(figure: etree._Element) -> str | None:
    """The id of the ``…-chart`` heading the figure is under, less the suffix."""
    sibling = figure.getprevious()
    while sibling is not None and sibling.tag == "figure":
        sibling = sibling.getprevious()
    found = sibling.get("id") if sibling is not None else None
    return found[:-len("-chart")] if found and found.endswith("-chart") else None


PLACING = 0.88   # estimates run ~12 % over the printed heights (measured on the sample)
KNOWN_PAGES = 1.5  # a text estimated longer ends its last page anywhere
FULL = 0.95      # an estimated fill above this may be a row onto the next page
SHORT = 0.45   # of the text height: a run of text ending its page emptier than this
               # before a moved chart (issue 16 allows 35 %, the estimate errs ± 10 %)


def _chart_place(root: etree._Element, anchor: str,
                 figure: etree._Element) -> tuple[str | None, float | None, bool, bool]:
    """Where a moved chart goes, and the height it prints at (None: as it is). The place
    is before the heading with that id, or None for after the RACI matrix (the
    workflow's end). A chart as tall as a page takes a page of its own, so the text
    before it and the text after it each end a page: the place chosen is the first, from
    the end back to right after the step table, where both (estimated from a page's top:
    a moved chart's workflow starts one) fill at least SHORT of their last page, else the
    one whose emptier page is fullest. A short text after a single chart goes under it
    on its page when the chart shrinks that far with its text at 7 pt or more. The third
    value: the workflow may still run on after the item before it (the place is right
    after the steps, where the text after the chart starts a page anyway, or it runs on
    and was placed by _run_on_place)."""
    chart = _by_id(root, f"{anchor}-chart")
    steps = _by_id(root, f"{anchor}-steps")
    alone, bare = _under_heading(figure)
    if chart is None or steps is None:
        return None, alone, False, bare
    head = sum(block_height(block) for block in _blocks_on_page_before(chart)) * PLACING
    after = _blocks_from_steps(steps, anchor, chart.tag)
    heights = [block_height(block) * PLACING for block in after]
    if _runs_on(root, anchor) and _fills_its_page(figure, alone):
        return _run_on_place(after, heights, chart.tag, alone, bare)
    places: list[tuple[float, int, str | None, float | None, bool, bool]] = []
    cuts = [i for i, block in enumerate(after) if i and block.tag == chart.tag]
    # right after the steps first: the text after the chart starts a page whichever
    # way the workflow starts (it may run on after the item before it)
    running = _runs_on(root, anchor)
    for rank, cut in enumerate([*cuts[:1], len(after), *reversed(cuts[1:])]):
        text, tail = head + sum(heights[:cut]), sum(heights[cut:])
        height, tail_fill = alone, _sure_fill(tail, tail=True) if tail else 1.0
        # a short tail goes under the chart when the chart starts its page: not known
        # when the workflow runs on (a synthetic base's last step rows took the chart's
        # page, and its RACI matrix was left alone on the next, 26 % full)
        if tail_fill < SHORT and not (rank == 0 and running) \
                and (above := _height_above(figure, chart.tag, tail)):
            height, tail_fill, bare = above, 1.0, False
        worst = min(_sure_fill(text), tail_fill)
        place = None if cut == len(after) else after[cut].get("id")
        if worst >= SHORT:
            return place, height, rank == 0, bare
        places.append((worst, -rank, place, height, rank == 0, bare))
        bare = _under_heading(figure)[1]
    _, _, place, height, first, bare = max(places, key=lambda found: found[:2])
    return place, height, first, bare


def _runs_on(root: etree._Element, anchor: str) -> bool:
    """Whether the workflow runs on after the item before it (keep-head)."""
    title = _by_id(root, anchor)
    return title is not None and "keep-head" in (title.get("class") or "").split()


def _fills_its_page(figure: etree._Element, height: float | None) -> bool:
    """A chart on a landscape page, or one that leaves under it no room for a table's
    heading and two rows: the text after it starts a page wherever it lands. A chart in
    parts is judged by its first (the others' heights are not known here): on two long
    synthetic bases that left fewer short pages than the old estimate for it."""
    if "landscape" in (figure.get("class") or "").split():
        return True
    printed = height or float(figure.get("data-height-mm") or 0)
    return printed + CAPTION_MM + HEADINGS_MM["h3"] + TAIL_ROOM_MM > TEXT_HEIGHT_MM


TAIL_ROOM_MM = 25.0   # a heading, a legend and two rows of a table


def _run_on_place(after: list[etree._Element], heights: list[float], level: str,
                  height: float | None, bare: bool) -> tuple[str | None, float | None, bool, bool]:
    """The place of a chart that fills its page in a workflow that runs on: where the
    text before it ends depends on where the item before it ended, which no estimate
    knows (it was wrong by most of a page: issue 16, 拜访新客户's matrix alone on a page a
    third full after its chart), so only the text after it, which starts a page, is
    weighed: right after the steps when what follows them fills SHORT of its last page
    or the next workflow runs on under it, else the workflow's end, where nothing
    follows. The workflow still runs on."""
    cuts = [i for i, block in enumerate(after) if i and block.tag == level]
    if cuts:
        tail = sum(heights[cuts[0]:])
        if _sure_fill(tail, tail=True) >= SHORT or _next_runs_on_under(after[-1], tail):
            return after[cuts[0]].get("id"), height, True, bare
    return None, height, True, bare


def _next_runs_on_under(last: etree._Element, tail_mm: float) -> bool:
    """Whether the item after the workflow whose last block is ``last`` runs on (its head
    block and the start of its chart or steps, print.css keep-head) under ``tail_mm`` of
    text at a page's top."""
    title = last.getnext()
    while title is not None and not isinstance(title.tag, str):
        title = title.getnext()
    if title is None or "keep-head" not in (title.get("class") or "").split():
        return False
    kept, block = 0.0, title
    while not (block.get("id") or "").endswith("-chart"):
        kept += block_height(block) if isinstance(block.tag, str) else 0.0
        following = block.getnext()
        if following is None:
            return False
        block = following
    figure = block.getnext()
    if figure is None or figure.tag != "figure":
        return False
    chart = _max_height(figure)
    if chart == MOVE:   # its steps follow its head: their heading and two rows
        kept += TAIL_ROOM_MM
    else:
        natural = float(figure.get("data-height-mm") or 0)
        printed = chart if isinstance(chart, float) else natural
        kept += HEADINGS_MM.get(block.tag, 0.0) + CAPTION_MM + printed
    return (tail_mm + kept * PLACING) * SAFETY + SAFETY_MM <= TEXT_HEIGHT_MM


def _height_above(figure: etree._Element, heading: str, tail_mm: float) -> float | None:
    """The height a single chart prints at with ``tail_mm`` of text under it on its page,
    if its text stays at 7 pt or more."""
    natural = float(figure.get("data-height-mm") or 0)
    shrink = float(figure.get("data-shrink") or 1)
    following = figure.getnext()
    if (following is not None and following.tag == "figure") or "landscape" in \
            (figure.get("class") or "").split() or heading not in HEADINGS_MM:
        return None
    room = TEXT_HEIGHT_MM - CAPTION_MM - SAFETY_MM - (HEADINGS_MM[heading] + tail_mm) * SAFETY
    return float(math.floor(min(room, natural))) if natural * shrink <= room else None


def _blocks_from_steps(steps: etree._Element, anchor: str, level: str) -> list[etree._Element]:
    """The workflow's blocks from its step heading to its RACI matrix's table: up to a
    heading of ``level`` or above that is not the workflow's own."""
    blocks: list[etree._Element] = []
    sibling: etree._Element | None = steps
    while sibling is not None:
        if isinstance(sibling.tag, str):
            if sibling.tag in HEADINGS_MM and sibling.tag <= level \
                    and not (sibling.get("id") or "").startswith(f"{anchor}-"):
                break
            blocks.append(sibling)
        sibling = sibling.getnext()
    return blocks


def _by_id(root: etree._Element, id_: str) -> etree._Element | None:
    found = root.xpath("//*[@id=$id]", id=id_)
    return found[0] if isinstance(found, list) and found else None  # type: ignore[return-value]


def _sure_fill(height_mm: float, tail: bool = False) -> float:
    """The last page's fill of a text before or after a chart, 0 when the estimate cannot tell
    whether it ends a page nearly full or spills a row onto the next, SHORT when it cannot
    tell at all: a ``tail`` after the chart longer than KNOWN_PAGES (the place right after
    the steps, tried first, is then kept, as 展厅销售流程's guides ask)."""
    if tail and height_mm > KNOWN_PAGES * TEXT_HEIGHT_MM:
        return SHORT   # the estimate's error over pages of text is as large as a page's
    fill = _last_page_fill(height_mm)
    return 0.0 if fill > FULL else fill


def _last_page_fill(height_mm: float) -> float:
    return (height_mm % TEXT_HEIGHT_MM) / TEXT_HEIGHT_MM or 1.0


def _move_chart(html: str, anchor: str, place: str | None) -> str:
    """Move the chart heading and its figures from under the header block to before the
    heading ``place`` after the step table, or to the workflow's end (after its RACI
    matrix, else its step table). The text before it then flows on under the header
    block; moved always to right after the steps, it left the matrix alone on a page a
    third full, moved always to the end the last rows of the steps (issue 16)."""
    chart = html.find(f' id="{anchor}-chart"')
    steps = html.find(f' id="{anchor}-steps"')
    if chart < 0 or steps < chart:
        return html
    chart, steps = html.rfind("<h", 0, chart), html.rfind("<h", 0, steps)
    if place is not None and (at := html.find(f' id="{place}"', steps)) > 0:
        end = html.rfind("<h", 0, at)
    else:
        raci = html.find(f' id="{anchor}-raci"', steps)
        end = html.find("</table>", raci if raci > 0 else steps)
        if end < 0:
            return html
        end += len("</table>\n")
    return html[:chart] + html[steps:end] + html[chart:steps] + html[end:]


def _blocks_on_page_before(figure: etree._Element) -> list[etree._Element]:
    """The siblings before ``figure`` back to the one that starts its page (a section
    starts a page; so does an item title, unless it follows the chapter's h1)."""
    blocks = []
    sibling = figure.getprevious()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            blocks.append(sibling)
            classes = (sibling.get("class") or "").split()
            # a workflow that runs on only when its head and chart fit (keep-head)
            # otherwise starts a page: the room is the one under it on a page of its own
            starts_page = "item-title" in classes and ("run-on" not in classes
                                                       or "keep-head" in classes)
            before = sibling.getprevious()
            if starts_page and not (before is not None and before.tag == "h1"):
                break
        sibling = sibling.getprevious()
    return blocks

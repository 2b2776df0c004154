"""The body of document HTML, element by element, onto the reference document's styles.

Every element of docs/document-html.md has a writer here; anything else raises
TemplateBug, so a template change can never silently drop content from Word. Empty
elements write nothing: no empty paragraphs, no headings without text.
"""
from __future__ import annotations

from lxml import etree

from .context import Context, page_break_before
from .errors import unexpected
from .figures import write_figure
from .inline import has_text, inline_content
from .lists import write_list
from .marks import MARK, change_mark, chapter_mark, finish
from .ooxml import el, paragraph
from .pieces import write_chapter
from .source import element_children
from .tables import write_fields, write_table
from .tails import paginate
from .toc import write_toc

HEADING_STYLES = {"h1": "Heading1", "h2": "Heading2", "h3": "Heading3", "h4": "Heading4"}
# keyed by (tag, class attribute), which a heading may not have
HEADING_CLASSES: dict[tuple[str, str | None], str] = {("h1", "cover-title"): "Title",
                                                      ("h2", "front-title"): "FrontTitle"}
# "keep": a workflow's 目的 and 适用范围 kept with its chart in print (print.css)
PARAGRAPH_CLASSES = {None: "Normal", "note": "Note", "cover-subtitle": "Subtitle",
                     "keep": "Normal"}
SECTION_CLASSES = ("cover", "front", "chapter")
KEPT_BEFORE = ("table", "ol", "ul")   # a paragraph right before one keeps with it


def write_body(context: Context, body: etree._Element) -> None:
    for child in element_children(body):
        write_block(context, child)
    paginate(context)
    finish(context)


def write_block(context: Context, element: etree._Element) -> None:
    writer = WRITERS.get(element.tag)
    if writer is None:
        raise unexpected(element, "as a block")
    writer(context, element)


def write_section(context: Context, section: etree._Element) -> None:
    kind = section.get("class")
    if kind not in SECTION_CLASSES:
        raise unexpected(section, "(sections are cover, front or chapter)")
    # Every section starts a page; the cover is the first page by itself.
    context.page_break_pending = not change_mark(
        context, chapter_mark(section) if kind == "chapter" else "")
    context.in_cover = kind == "cover"
    # a chapter's items may come from the build cache (pieces.py)
    write_chapter(context, element_children(section), write_block)
    context.in_cover = False


def write_nav(context: Context, nav: etree._Element) -> None:
    if nav.get("class") != "toc":
        raise unexpected(nav, "(only <nav class=\"toc\">)")
    context.page_break_pending = True
    write_toc(context, nav, write_block)


def write_heading(context: Context, heading: etree._Element) -> None:
    classes = heading.get("class")
    # a handbook item that runs on after the one before it (macros.html.j2) keeps its style
    run_on = classes in ("item-title run-on", "item-title run-on keep-head")
    # a workflow that runs on when its head and the start of its chart or step table fit
    # in the room left (print.css keep-head): every block from its title to that start
    # keeps with the next (w:keepNext), so they move to the next page together
    keep_head = classes == "item-title run-on keep-head"
    if run_on:
        classes = "item-title"
    # the item after a marked one (草稿) runs on in print, whose header shows the mark of
    # each page's first item; Word's header changes only with a section: it starts a page
    if run_on and (heading.get(MARK) or "") != context.mark:
        run_on = False
    style = HEADING_CLASSES.get((heading.tag, classes), HEADING_STYLES[heading.tag])
    if classes not in (None, "item-title") and (heading.tag, classes) not in HEADING_CLASSES:
        raise unexpected(heading, "(heading classes: cover-title, front-title, item-title, "
                                  "item-title run-on, item-title run-on keep-head)")
    if not has_text(heading):
        return
    block = paragraph(style, inline_content(context, heading))
    if heading_id := heading.get("id"):
        context.bookmarks.wrap(heading_id, block)
    # In the handbook an item starts a page unless it runs on, and the first one of a
    # chapter follows the chapter title (as in print.css).
    starts_page = heading.tag == "h2" and classes == "item-title" and not run_on \
        and context.last_block != "h1"
    if starts_page and change_mark(context, heading.get(MARK) or ""):
        starts_page = False  # the section break starts the page
    if heading.tag == "h2":
        context.keeping_head = keep_head
        if keep_head and context.last_block != "h1":
            context.run_on_heads.append(block)
    context.add(block, heading.tag)
    if starts_page and context.written > 1:
        page_break_before(block)


def write_paragraph(context: Context, element: etree._Element) -> None:
    classes = element.get("class")
    props: list[etree._Element] = []
    if classes == "cover-org":
        style = "CoverOrganization" if context.in_cover else "DocumentOrganization"
        if context.last_block == "logo":  # the logo above took the cover's top space
            props.append(el("w:spacing", {"w:before": 0}))
    elif classes in PARAGRAPH_CLASSES:
        style = PARAGRAPH_CLASSES[classes]
    else:
        raise unexpected(element, "(paragraph classes: note, cover-org, cover-subtitle, keep)")
    if has_text(element):
        # a legend right before its table (the RACI letters) stays on the table's page,
        # a bold label before its list (核心职责) on the list's
        keep = [el("w:keepNext")] if _next_element_tag(element) in KEPT_BEFORE \
            or context.keeping_head else []
        context.add(paragraph(style, inline_content(context, element), *keep, *props), "p")


def _next_element_tag(element: etree._Element) -> str | None:
    sibling = element.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):  # comments
        sibling = sibling.getnext()
    return None if sibling is None else sibling.tag


def _heads_an_item(fields: etree._Element) -> bool:
    """The field list under an item's title (and its status note): the item's header
    block, kept with what follows it (a policy's 6.5 header ended a page, its text on the
    next)."""
    previous = _previous_element(fields)
    if previous is not None and previous.tag == "p" and previous.get("class") == "note":
        previous = _previous_element(previous)
    return previous is not None and previous.tag == "h2"


def _previous_element(element: etree._Element) -> etree._Element | None:
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):  # comments
        sibling = sibling.getprevious()
    return sibling


def write_definition_list(context: Context, element: etree._Element) -> None:
    if element.get("class") != "fields":
        raise unexpected(element, "(only <dl class=\"fields\">)")
    # an approval's header block stays on the page of the tier table it heads
    write_fields(context, element, keep_with_next=_next_element_tag(element) == "table"
                 or context.keeping_head or _heads_an_item(element))


WRITERS = {
    "section": write_section, "nav": write_nav,
    "h1": write_heading, "h2": write_heading, "h3": write_heading, "h4": write_heading,
    "p": write_paragraph, "ol": write_list, "ul": write_list,
    "dl": write_definition_list, "table": write_table, "figure": write_figure,
}

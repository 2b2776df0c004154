"""Status marks on every page of a draft in a book (草稿, 修订中), in Word.

print.css puts an item's mark in the running header of each of its pages. Word has one
header per section, so the converter gives the pages of a marked item a section of their
own wherever the mark changes: only where a page starts anyway (a chapter, an item that
starts a page), with a next-page section break instead of the page break. After the
headers are furnished, each marked section gets its own copy of the header with the mark
as Word's own watermark (generator/docx/watermark.py).
"""
from __future__ import annotations

from copy import deepcopy
from typing import cast

from docx.oxml.section import CT_SectPr
from docx.section import Section
from lxml import etree

from .context import Context
from .ooxml import paragraph, qn
from .watermark import watermark_run

MARK = "data-mark"  # on <h2 class="item-title">: the item's page mark, empty if none
FIRST_SHAPE = 100   # watermark shape numbers after those of the document's own headers


def chapter_mark(chapter: etree._Element) -> str:
    """The mark of a chapter's first page: its first item's, when that follows the title."""
    children = [child for child in chapter if isinstance(child.tag, str)]
    if len(children) > 1 and children[0].tag == "h1" and children[1].tag == "h2" \
            and "item-title" in (children[1].get("class") or "").split():
        return children[1].get(MARK) or ""
    return ""


def change_mark(context: Context, mark: str) -> bool:
    """At a place where a new page starts anyway: when the mark changes, end the section
    here (its next-page break is the page break). True when a section was ended, so the
    caller leaves its own page break out."""
    if mark == context.mark or not context.written:
        context.mark = mark
        return False
    properties = deepcopy(context.section_properties)
    context.page_break_pending = False
    context.add(paragraph(None, [], properties), "section")
    remember(context, properties)
    context.mark = mark
    return True


def remember(context: Context, properties: etree._Element) -> None:
    """A section ends with ``properties``: it carries the current mark, if any."""
    if context.mark:
        context.marked.append((properties, context.mark))


def finish(context: Context) -> None:
    """The last section ends with the body's own properties."""
    remember(context, context.section_properties)


def apply_marks(document, marked: list[tuple[etree._Element, str]], font: str) -> None:
    """Give each marked section a copy of the furnished default header, with the mark."""
    shared = document.sections[-1].header._element  # the reference's default header
    for number, (properties, mark) in enumerate(marked, start=FIRST_SHAPE):
        for reference in properties.findall(qn("w:headerReference")):
            if reference.get(qn("w:type")) == "default":
                properties.remove(reference)
        header = Section(cast(CT_SectPr, properties), document.part).header
        header.is_linked_to_previous = False  # a header part of its own
        element = header._element
        for child in list(element):
            element.remove(child)
        for child in shared:
            element.append(deepcopy(child))
        target = element.find(qn("w:p"))
        if target is None:
            target = etree.SubElement(element, qn("w:p"))
        target.append(watermark_run(mark, font, number))

"""``<nav class="toc">`` → a real TOC field whose result is already filled in.

The field instruction (``TOC \\o "1-3" \\h \\z \\u``, with as many levels as the nav has, so
an update lists what the PDF's contents list and not every 工作内容 of every role) lets Word
and LibreOffice rebuild the table of contents; the result we write is the nav's entries,
hyperlinked to the headings' bookmarks, in the TOC 1–3 styles. So the TOC shows its entries
on first open. Page numbers need a page layout: the docx renderer has the finished file
printed once by LibreOffice and adds each entry's page (tocpages.py), so readers who never
update fields see them too; Word's update (settings ask it to, on opening) recomputes them.
"""
from __future__ import annotations

from lxml import etree

from .context import Context
from .errors import TemplateBug, unexpected
from .fields import field_end, field_start
from .inline import collapse, pieces
from .ooxml import el, paragraph, run

TOC_INSTRUCTION = 'TOC \\o "1-{levels}" \\h \\z \\u'
TOC_STYLES = {1: "TOC1", 2: "TOC2", 3: "TOC3"}


def write_toc(context: Context, nav: etree._Element, write_block) -> None:
    """The nav's heading goes through ``write_block``; its list becomes the field."""
    entries: list[tuple[int, str, str]] = []
    for child in nav:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "ol":
            entries += toc_entries(child, 1)
        else:
            write_block(context, child)
    if not entries:
        return
    paragraphs = [_entry(context, level, text, target) for level, text, target in entries]
    first, last = paragraphs[0], paragraphs[-1]
    levels = max(level for level, _, _ in entries)
    first[1:1] = field_start(TOC_INSTRUCTION.format(levels=levels))  # after the pPr
    last.append(field_end())
    for block in paragraphs:
        context.add(block, "li")


def toc_entries(ol: etree._Element, level: int) -> list[tuple[int, str, str]]:
    if level > len(TOC_STYLES):
        raise unexpected(ol, "(the table of contents has three levels)")
    found = []
    for item in ol:
        if not isinstance(item.tag, str):
            continue
        if item.tag != "li":
            raise unexpected(item, "in the table of contents")
        link = item.find("a")
        href = "" if link is None else link.get("href") or ""
        if link is None or not href.startswith("#"):
            raise unexpected(item, "(a TOC entry is <li><a href=\"#id\">)")
        text = "".join(p.text for p in collapse(pieces(link)))
        found.append((level, text, href[1:]))
        for nested in item.iterfind("ol"):
            found += toc_entries(nested, level + 1)
    return found


def _entry(context: Context, level: int, text: str, target: str) -> etree._Element:
    if target not in context.known_ids:
        raise TemplateBug(f"table of contents entry `{text}` points at #{target}, "
                          "which no heading has")
    bookmark = context.bookmarks.name(target)
    link = el("w:hyperlink", {"w:anchor": bookmark, "w:history": 1})
    link.append(run(text))
    return paragraph(TOC_STYLES[level], [link])

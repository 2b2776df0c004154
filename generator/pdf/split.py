"""Cutting document HTML into parts that print independently.

A cut is only made where print.css forces a page break anyway, so every part lays out
exactly as the same pages of the whole document would: before a chapter
(``body > section.chapter``) and before an item inside one (``h2.item-title``, except
the first item, which follows the chapter heading on its page, and items that run on after
the one before them, ``h2.item-title.run-on``). What comes before the
first chapter (cover, revision history, table of contents) is the front matter, printed
last because it shows the page numbers of everything else.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import cast

from lxml import html as lxml_html
from lxml.etree import _Element


@dataclass(frozen=True)
class SplitDocument:
    front: str              # the front matter as a document, TOC links not yet numbered
    parts: tuple[str, ...]  # the chapters, cut into documents of about the same cost
    costs: tuple[int, ...]  # each part's layout_cost


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


def _is_chapter(element: _Element) -> bool:
    return element.tag == "section" and "chapter" in _classes(element)


def _starts_item(element: _Element) -> bool:
    classes = _classes(element)
    if element.tag != "h2" or "item-title" not in classes or "run-on" in classes:
        return False  # an item that runs on after the one before has no page break
    previous = element.getprevious()
    return previous is None or previous.tag != "h1"


def _html(element: _Element) -> lxml_html.HtmlMixin:
    # lxml.html parses into HtmlElements, which lxml-stubs types as plain etree elements
    return cast(lxml_html.HtmlMixin, element)


def _serialize(element: _Element) -> str:
    return lxml_html.tostring(element, encoding="unicode")


def _pieces(chapter: _Element) -> list[list[_Element]]:
    """The chapter's children, cut before each item that starts a page."""
    pieces: list[list[_Element]] = [[]]
    for child in chapter:
        if _starts_item(child) and pieces[-1]:
            pieces.append([])
        pieces[-1].append(child)
    return pieces


def _wrap(chapter: _Element, children: list[_Element]) -> str:
    shell = _serialize(lxml_html.Element(chapter.tag, dict(chapter.attrib.items())))
    end = shell.rindex("<")
    inner = (chapter.text or "") if children and children[0] is chapter[0] else ""
    return shell[:end] + inner + "".join(_serialize(c) for c in children) + shell[end:]


def layout_cost(elements: list[_Element]) -> int:
    """An estimate of the time WeasyPrint takes to lay ``elements`` out, in units of one
    character of text: fitted on the sample's items (boxes and images cost more than
    their characters of HTML; r = 0.78 against 0.67 for the HTML's length)."""
    boxes = sum(1 for element in elements for _ in element.iter())
    images = sum(1 for element in elements for _ in element.iter("img"))
    text = sum(len(_html(element).text_content()) for element in elements)
    return text + 2 * boxes + 800 * images


def split_document(html: str, weight: int, max_parts: int | None = None) -> SplitDocument | None:
    """Cut ``html`` into parts of about ``weight`` (layout_cost) each, or into about
    ``max_parts`` if that makes them larger. None when it is better printed whole: no
    front matter before the chapters, no chapters, content after them that is not one, or
    a table of contents inside them (only the front matter's TOC gets its numbers)."""
    root = lxml_html.document_fromstring(html)
    body = _html(root).body
    assert body is not None  # lxml.html raises IndexError rather than return None
    children = list(body)
    first = next((i for i, child in enumerate(children) if _is_chapter(child)), None)
    if not first or not all(_is_chapter(c) for c in children[first:]) \
            or any(child.find(".//nav") is not None for child in children[first:]):
        return None  # no front matter, loose content, or a TOC whose numbers need the rest
    head, end = _document_shell(root)
    front = head + (body.text or "") + "".join(_serialize(c) for c in children[:first]) + end
    pieces = [(_wrap(chapter, piece), layout_cost(piece)) for chapter in children[first:]
              for piece in _pieces(chapter)]
    if max_parts:
        weight = max(weight, sum(cost for _, cost in pieces) // max_parts)
    groups = _pack(pieces, weight)
    return SplitDocument(front, tuple(head + "".join(html for html, _ in group) + end
                                      for group in groups),
                         tuple(sum(cost for _, cost in group) for group in groups))


def _pack(pieces: list[tuple[str, int]], weight: int) -> list[list[tuple[str, int]]]:
    """Consecutive pieces into groups of about ``weight``; a short last group joins the one
    before it (a part has a fixed cost of its own)."""
    groups: list[list[tuple[str, int]]] = [[]]
    for piece in pieces:
        if groups[-1] and sum(cost for _, cost in groups[-1]) + piece[1] > weight:
            groups.append([])
        groups[-1].append(piece)
    if len(groups) > 1 and sum(cost for _, cost in groups[-1]) < weight / 2:
        last = groups.pop()
        groups[-1] += last
    return groups


def _document_shell(root: _Element) -> tuple[str, str]:
    """Everything around the body's content: doctype, <html> with its attributes, <head>."""
    # lxml gives attributes as str; its stubs allow bytes, which it accepts only as input
    attrib = cast(dict[str, str], root.attrib)
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in attrib.items())
    head = _html(root).head
    assert head is not None  # as for the body
    return (f"<!DOCTYPE html>\n<html{attributes}>\n{_serialize(head)}<body>",
            "</body>\n</html>\n")


def number_links(front: str, numbers: dict[str, str]) -> str:
    """The front matter with ``data-page`` on each internal link whose target is numbered
    (print.css shows it after TOC entries)."""
    root = lxml_html.document_fromstring(front)
    for link in root.iter("a"):
        target = (link.get("href") or "")[1:] if (link.get("href") or "").startswith("#") else None
        if target in numbers:
            link.set("data-page", numbers[target])
    return "<!DOCTYPE html>\n" + lxml_html.tostring(root, encoding="unicode")


def internal_targets(front: str) -> set[str]:
    root = lxml_html.document_fromstring(front)
    return {(link.get("href") or "")[1:] for link in root.iter("a")
            if (link.get("href") or "").startswith("#")}

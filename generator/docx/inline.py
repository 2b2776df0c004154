"""Inline HTML (text, strong, em, a, span.badge) → runs and hyperlinks.

Whitespace follows HTML: runs of spaces and newlines collapse to one space, and spaces at
the start and end of a paragraph disappear, so template indentation never reaches Word.

Characters joined by U+2060 WORD JOINER (a cell's last two, generator/cellends.py) get a run
of their own marked as no language for East Asian text: LibreOffice breaks Chinese-tagged
text with its own rules, which ignore the joiner, and Unicode's (which keep it) otherwise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from ..cellends import WORD_JOINER
from .context import Context
from .errors import TemplateBug, unexpected
from .ooxml import el, rpr, run, sub

_SPACES = re.compile(r"[ \t\n\r\f]+")
_JOINED = re.compile(f"(.?{WORD_JOINER}.)", re.S)
NO_LANGUAGE = "zxx"   # BCP 47: no linguistic content
CHARACTER_CLASSES = {"badge": "Badge"}


@dataclass(frozen=True)
class Format:
    bold: bool = False
    italic: bool = False
    style: str | None = None
    link: str | None = None        # "#id" or an external URL


@dataclass
class Piece:
    text: str
    format: Format


def pieces(element: etree._Element, fmt: Format = Format(),
           skip: tuple[str, ...] = ()) -> list[Piece]:
    """The element's text with formatting, in order; children tagged ``skip`` (nested
    lists inside a list item) are left for the caller."""
    found = [Piece(element.text, fmt)] if element.text else []
    for child in element:
        if isinstance(child.tag, str) and child.tag in skip:
            pass
        elif isinstance(child.tag, str):
            found += pieces(child, _child_format(child, fmt))
        if child.tail:
            found.append(Piece(child.tail, fmt))
    return found


def _child_format(child: etree._Element, fmt: Format) -> Format:
    if child.tag == "strong":
        return replace(fmt, bold=True)
    if child.tag == "em":
        return replace(fmt, italic=True)
    if child.tag == "a" and child.get("href"):
        return replace(fmt, link=child.get("href"))
    css_class = child.get("class")
    if child.tag == "span" and css_class in CHARACTER_CLASSES:
        return replace(fmt, style=CHARACTER_CLASSES[css_class])
    raise unexpected(child, "in running text")


def collapse(found: list[Piece]) -> list[Piece]:
    """HTML whitespace rules across piece boundaries; empty pieces removed."""
    result: list[Piece] = []
    for piece in found:
        text = _SPACES.sub(" ", piece.text)
        if text.startswith(" ") and (not result or result[-1].text.endswith(" ")):
            text = text[1:]
        if text:
            result.append(Piece(text, piece.format))
    if result and result[-1].text.endswith(" "):
        result[-1].text = result[-1].text[:-1]
        if not result[-1].text:
            result.pop()
    return result


def has_text(element: etree._Element, skip: tuple[str, ...] = ()) -> bool:
    return bool(collapse(pieces(element, skip=skip)))


def inline_content(context: Context, element: etree._Element,
                   skip: tuple[str, ...] = ()) -> list[etree._Element]:
    """Runs (and hyperlinks around runs) for the element's inline content."""
    content: list[etree._Element] = []
    for piece in collapse(pieces(element, skip=skip)):
        formatted = _runs(piece.text, piece.format)
        if piece.format.link:
            content.append(_hyperlink(context, piece.format.link, formatted))
        else:
            content += formatted
    return content


def _runs(text: str, fmt: Format) -> list[etree._Element]:
    """One run, or several when the text holds joined characters (see above)."""
    if WORD_JOINER not in text:
        return [run(text, _run_properties(fmt))]
    runs = []
    for index, part in enumerate(_JOINED.split(text)):
        if index % 2:
            props = _run_properties(fmt)
            props = el("w:rPr") if props is None else props
            sub(props, "w:lang", {"w:eastAsia": NO_LANGUAGE})  # last in w:rPr's order
            runs.append(run(part, props))
        elif part:
            runs.append(run(part, _run_properties(fmt)))
    return runs


def _run_properties(fmt: Format) -> etree._Element | None:
    style = fmt.style or ("Hyperlink" if fmt.link else None)
    if not (style or fmt.bold or fmt.italic):
        return None
    return rpr(style, fmt.bold, fmt.italic)


def _hyperlink(context: Context, href: str, content: list[etree._Element]) -> etree._Element:
    if href.startswith("#"):
        if href[1:] not in context.known_ids:
            raise TemplateBug(f"link to {href}, but no element has id `{href[1:]}`")
        link = el("w:hyperlink", {"w:anchor": context.bookmarks.name(href[1:]),
                                  "w:history": 1})
    else:
        link = el("w:hyperlink", {"r:id": context.link(href), "w:history": 1})
    link.extend(content)
    return link

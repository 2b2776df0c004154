"""Small builders for WordprocessingML elements, and the units Word measures in.

python-docx has no API for most of what a typeset document needs (fields, bookmarks,
table header rows, East Asian fonts), so the converter writes those elements itself.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from docx.oxml.ns import nsmap
from docx.oxml.ns import qn as _qn
from lxml import etree

# "w:p" → "{namespace}p", looked up once per name: the converter asks for the same few
# dozen names hundreds of thousands of times.
qn = cache(_qn)

W_NS = nsmap["w"]
_element, _sub_element = etree.Element, etree.SubElement
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_TWIP = 635


def mm(value: float) -> int:
    """Millimetres → twips (1/20 pt), the unit of page sizes, margins and table widths."""
    return round(value * TWIPS_PER_MM)


def el(tag: str, attrs: Mapping[str, object] | None = None, *children: etree._Element,
       text: str | None = None) -> etree._Element:
    """``el("w:tab", {"w:val": "right"})``: an element with prefixed attribute names."""
    element = _element(qn(tag))
    if attrs:
        _set_all(element, attrs)
    if children:
        element.extend(children)
    if text is not None:
        element.text = text
    return element


def sub(parent: etree._Element, tag: str, attrs: Mapping[str, object] | None = None,
        text: str | None = None) -> etree._Element:
    """``el`` made in ``parent`` (at its end): lxml then makes no document of its own for
    it and has no namespace to move (~0.7 µs of ~2.2 an element, 240,000 of them in the
    300-role base)."""
    child = _sub_element(parent, qn(tag))
    if attrs:
        _set_all(child, attrs)
    if text is not None:
        child.text = text
    return child


def _set_all(element: etree._Element, attrs: Mapping[str, object]) -> None:
    for name, value in attrs.items():
        element.set(qn(name) if ":" in name else name, str(value))


def text_element(text: str, tag: str = "w:t") -> etree._Element:
    """A ``w:t`` (or ``w:instrText``) that keeps its leading and trailing spaces."""
    element = el(tag, text=text)
    if text != text.strip() or "  " in text:
        element.set(XML_SPACE, "preserve")
    return element


def run(text: str | None = None, rpr: etree._Element | None = None,
        *content: etree._Element) -> etree._Element:
    """A ``w:r`` with optional properties, text and other content (tabs, field chars)."""
    element = _element(qn("w:r"))
    if rpr is not None:
        element.append(rpr)
    if text:
        _text_in(element, text)
    if content:
        element.extend(content)
    return element


def _text_in(parent: etree._Element, text: str) -> None:
    """text_element made in ``parent`` (see sub)."""
    element = _sub_element(parent, qn("w:t"))
    element.text = text
    if text != text.strip() or "  " in text:
        element.set(XML_SPACE, "preserve")


def ppr(style: str | None = None, *children: etree._Element) -> etree._Element:
    """A ``w:pPr``; its children must already be in schema order after ``w:pStyle``."""
    props = _element(qn("w:pPr"))
    if style:
        _sub_element(props, qn("w:pStyle")).set(qn("w:val"), style)
    if children:
        props.extend(children)
    return props


def paragraph(style: str | None = None, runs: Iterable[etree._Element] = (),
              *props: etree._Element) -> etree._Element:
    element = _element(qn("w:p"))
    element.append(ppr(style, *props))
    element.extend(runs)
    return element


def rpr(style: str | None = None, bold: bool = False, italic: bool = False) -> etree._Element:
    props = el("w:rPr")
    if style:
        sub(props, "w:rStyle", {"w:val": style})
    if bold:
        sub(props, "w:b")
        sub(props, "w:bCs")
    if italic:
        sub(props, "w:i")
        sub(props, "w:iCs")
    return props


def child(element: etree._Element | None, tag: str) -> etree._Element | None:
    """``element``'s first ``tag`` child (a full ``{namespace}name``, see qn): what
    ``find(tag)`` finds, without lxml's ElementPath (~1.8 against ~2.9 µs; asked of every
    block and paragraph by the handbook's chunks and the height estimates)."""
    return None if element is None else next(element.iterchildren(tag), None)


def find_required(parent: etree._Element, tag: str) -> etree._Element:
    """The first ``tag`` child of an element built to have one (by this package or
    python-docx): its absence is a bug, reported here rather than as an AttributeError."""
    found = parent.find(qn(tag))
    if found is None:
        raise ValueError(f"no <{tag}> in <{parent.tag}>")
    return found


def required_attribute(element: etree._Element, name: str) -> str:
    """Attribute ``name`` of an element built to have it, as for find_required."""
    value = element.get(qn(name))
    if value is None:
        raise ValueError(f"no {name} on <{element.tag}>")
    return value


def insert_in_order(parent: etree._Element, child: etree._Element, order: list[str]) -> None:
    """Insert ``child`` where the schema's sequence wants it: Word rejects out-of-order
    property elements ("unreadable content"), LibreOffice silently ignores them."""
    rank = _ranks(tuple(order))
    mine = rank[child.tag]
    for index, existing in enumerate(parent):
        if rank.get(existing.tag, -1) > mine:
            parent.insert(index, child)
            return
    parent.append(child)


@cache
def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    return {qn(tag): index for index, tag in enumerate(order)}


# Schema order of the paragraph and run properties we set (CT_PPrBase, CT_RPr).
PPR_ORDER = ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
             "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd",
             "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
             "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
             "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
             "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
             "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
             "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"]
RPR_ORDER = ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps",
             "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss",
             "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
             "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
             "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
             "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
             "w:specVanish", "w:oMath"]

"""WordprocessingML builders for the form documents: paragraphs, runs, tables, cells.

The elements are written with lxml directly, in schema order, as python-docx wrote them
for the forms before (its API looks each child up by xpath and searches the styles part;
that was ~70 % of a form's .docx CPU). Lengths are twips (1/20 pt), sizes points.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from lxml import etree

from ..docx.ooxml import EMU_PER_TWIP
from .docx_package import MC_NS, R_NS, W14_NS, W_NS

SHADE = "F1F5F9"
EMU_PER_MM = 36000
HALF_INCH = 720  # twips: python-docx's header and footer distances
NSMAP = {"w": W_NS, "r": R_NS, "w14": W14_NS, "mc": MC_NS}
TAB_OR_BREAK = re.compile(r"([\t\r\n])")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def twips(emu: int) -> int:
    return round(emu / EMU_PER_TWIP)


def mm(value: float) -> int:
    """Millimetres in twips, rounded through EMU as python-docx's lengths are."""
    return twips(round(value * EMU_PER_MM))


@cache
def w(name: str) -> str:
    """``"p"`` → ``"{…wordprocessingml…}p"``, looked up once per name."""
    return f"{{{W_NS}}}{name}"


def sub(parent: etree._Element, name: str, attrs: Mapping[str, object] | None = None
        ) -> etree._Element:
    """A ``w:name`` child with ``w:`` attributes, appended to ``parent``."""
    child = etree.SubElement(parent, w(name))
    for key, value in (attrs or {}).items():
        child.set(w(key), str(value))
    return child


def root(name: str) -> tuple[etree._Element, etree._Element]:
    """A ``w:document`` (and its ``w:body``) or a ``w:ftr`` (twice), declaring what the
    content controls use."""
    element = etree.Element(w(name), nsmap=NSMAP)
    element.set(f"{{{MC_NS}}}Ignorable", "w14")
    return element, (sub(element, "body") if name == "document" else element)


def serialised(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def paragraph(parent: etree._Element, text: str | None = None, size: float = 10,
              colour: str | None = None, bold: bool = False, align: str | None = None,
              style: str | None = None) -> etree._Element:
    """A ``w:p`` appended to ``parent`` (the body, a cell or the footer), with one run of
    ``text``."""
    para = sub(parent, "p")
    paragraph_properties(para, align, style)
    if text is not None:
        add_run(para, text, size, colour, bold)
    return para


def paragraph_properties(para: etree._Element, align: str | None = None,
                         style: str | None = None) -> None:
    """A style and an alignment for ``para``, before its runs."""
    if align or style:
        properties = etree.Element(w("pPr"))
        para.insert(0, properties)
        if style:
            sub(properties, "pStyle", {"val": style})
        if align:
            sub(properties, "jc", {"val": align})


def add_run(para: etree._Element, text: str, size: float, colour: str | None = None,
            bold: bool = False) -> etree._Element:
    run = sub(para, "r")
    properties = sub(run, "rPr")
    if bold:
        sub(properties, "b")
    if colour:
        sub(properties, "color", {"val": colour})
    sub(properties, "sz", {"val": round(size * 2)})  # half-points, as Word stores it
    run_text(run, text)
    return run


def run_text(run: etree._Element, text: str) -> None:
    """Text as python-docx writes it: tabs and line breaks as their own elements."""
    for piece in TAB_OR_BREAK.split(text):
        if piece == "\t":
            sub(run, "tab")
        elif piece in ("\r", "\n"):
            sub(run, "br")
        elif piece:
            element = sub(run, "t")
            element.text = piece
            if piece != piece.strip():
                element.set(XML_SPACE, "preserve")


def heading(body: etree._Element, title: str) -> None:
    para = sub(body, "p")
    properties = sub(para, "pPr")
    sub(properties, "keepNext")
    sub(properties, "spacing", {"before": 160, "after": 40})
    add_run(para, title, size=10.5, bold=True)


def spacer(body: etree._Element) -> None:
    """A small paragraph after each table: Word joins tables that touch into one."""
    sub(sub(sub(body, "p"), "pPr"), "spacing", {"line": 80, "lineRule": "exact"})


def table(body: etree._Element, widths: list[int]) -> etree._Element:
    """A "Table Grid" table with fixed column widths (LibreOffice reads the grid, Word the
    cells, so rows set both)."""
    element = sub(body, "tbl")
    properties = sub(element, "tblPr")
    sub(properties, "tblStyle", {"val": "TableGrid"})
    sub(properties, "tblW", {"type": "auto", "w": 0})
    sub(properties, "tblLayout", {"type": "fixed"})
    sub(properties, "tblLook", {"firstColumn": 1, "firstRow": 1, "lastColumn": 0,
                                "lastRow": 0, "noHBand": 0, "noVBand": 1, "val": "04A0"})
    grid = sub(element, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", {"w": width})
    return element


def row(tbl: etree._Element, height: int | None = None, header: bool = False
        ) -> etree._Element:
    """A ``w:tr`` at least ``height`` twips high, or repeated on each page as a header."""
    element = sub(tbl, "tr")
    if height is not None or header:
        properties = sub(element, "trPr")
        if header:
            sub(properties, "tblHeader")
        if height is not None:
            sub(properties, "trHeight", {"val": height, "hRule": "atLeast"})
    return element


def cell(tr: etree._Element, width: int, span: int = 1, shaded: bool = False,
         centred: bool = False) -> etree._Element:
    """A ``w:tc`` with its properties in schema order and an empty paragraph (``[-1]``)."""
    element = sub(tr, "tc")
    properties = sub(element, "tcPr")
    sub(properties, "tcW", {"type": "dxa", "w": width})
    if span > 1:
        sub(properties, "gridSpan", {"val": span})
    if shaded:
        sub(properties, "shd", {"val": "clear", "color": "auto", "fill": SHADE})
    if centred:
        sub(properties, "vAlign", {"val": "center"})
    sub(element, "p")
    return element


def page(body: etree._Element, footer_id: str) -> None:
    """A4 with the forms' margins, and the footer; the section properties end the body."""
    properties = sub(body, "sectPr")
    reference = sub(properties, "footerReference", {"type": "default"})
    reference.set(f"{{{R_NS}}}id", footer_id)
    sub(properties, "pgSz", {"w": mm(210), "h": mm(297)})
    sub(properties, "pgMar", {"top": mm(14), "right": mm(15), "bottom": mm(16), "left": mm(15),
                              "header": HALF_INCH, "footer": HALF_INCH, "gutter": 0})
    sub(properties, "cols", {"space": HALF_INCH})
    sub(properties, "docGrid", {"linePitch": 360})

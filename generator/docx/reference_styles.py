"""The style sheet of the reference document: the look of Word output, mirroring print.css.

Style *names* matter more than their looks: Word recognises its built-in styles by the
lower-case names below ("heading 1", "toc 1", "caption"), and only built-in heading styles
feed the navigation pane and the TOC field. Everything else here is a starting point that
HR changes in Word (docs/word-output.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .ooxml import el, mm, sub

TEXT_WIDTH = mm(210) - mm(20) - mm(18)   # A4 minus the left and right margins
INK, HEADING_INK, MUTED, ACCENT = "1E293B", "0F172A", "64748B", "1D4ED8"


@dataclass(frozen=True)
class Para:
    """Paragraph formatting, in points unless named otherwise."""
    before: float = 0
    after: float = 0
    line: float | None = None          # multiple of single spacing
    align: str | None = None           # left, center, right, both
    keep_next: bool = False
    outline: int | None = None         # 0 = level 1: what puts a heading in the TOC
    indent_mm: float = 0
    hanging_mm: float = 0
    border_bottom: tuple[int, str] | None = None   # (width in 1/8 pt, colour)
    tabs: tuple[tuple[str, int, str], ...] = ()    # (alignment, position, leader)
    num_id: int | None = None


@dataclass(frozen=True)
class Chars:
    size: float | None = None
    bold: bool = False
    color: str | None = None
    spacing: float | None = None       # letter spacing in points
    border: str | None = None          # colour of a box around the text


@dataclass(frozen=True)
class Style:
    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    next_style: str | None = None
    para: Para = field(default_factory=Para)
    chars: Chars = field(default_factory=Chars)
    table: TableLook | None = None
    custom: bool = False


@dataclass(frozen=True)
class TableLook:
    borders: dict[str, tuple[int, str]]          # edge → (width in 1/8 pt, colour)
    header_fill: str | None = None               # firstRow shading (th in header rows)
    label_fill: str | None = None                # firstCol shading (th elsewhere)
    cell_margin_mm: tuple[float, float] = (1.0, 1.6)   # vertical, horizontal


def _all_edges(width: int, colour: str) -> dict[str, tuple[int, str]]:
    return {edge: (width, colour) for edge in
            ("top", "left", "bottom", "right", "insideH", "insideV")}


STYLES: list[Style] = [
    Style("Normal", "Normal", based_on=None,
          para=Para(after=5, line=1.15, align="both"), chars=Chars(size=10.5, color=INK)),
    Style("Title", "Title", next_style="Subtitle",
          para=Para(before=28, after=17, align="center", keep_next=True),
          chars=Chars(size=28, bold=True, color=HEADING_INK, spacing=1.5)),
    Style("Subtitle", "Subtitle", para=Para(after=12, align="center"),
          chars=Chars(size=12, color=MUTED)),
    Style("CoverOrganization", "Cover Organization", custom=True,
          para=Para(before=150, after=0, align="center"),
          chars=Chars(size=14, color="475569", spacing=1.4)),
    Style("DocumentOrganization", "Document Organization", custom=True,
          para=Para(after=10, align="right"), chars=Chars(size=9, color="475569")),
    Style("Heading1", "heading 1", next_style="Normal",
          para=Para(before=0, after=14, keep_next=True, outline=0,
                    border_bottom=(12, ACCENT)),
          chars=Chars(size=18, bold=True, color=HEADING_INK)),
    Style("Heading2", "heading 2", next_style="Normal",
          para=Para(before=16, after=7, keep_next=True, outline=1),
          chars=Chars(size=14, bold=True, color=HEADING_INK)),
    Style("Heading3", "heading 3", next_style="Normal",
          para=Para(before=11, after=4, keep_next=True, outline=2),
          chars=Chars(size=11.5, bold=True, color=ACCENT)),
    Style("Heading4", "heading 4", next_style="Normal",
          para=Para(before=8, after=3, keep_next=True, outline=3),
          chars=Chars(size=10.5, bold=True, color=HEADING_INK)),
    Style("FrontTitle", "Front Title", custom=True, next_style="Normal",
          para=Para(after=14, align="center", keep_next=True),
          chars=Chars(size=16, bold=True, color=HEADING_INK)),
    Style("TOC1", "toc 1", next_style="Normal",
          para=Para(before=4, after=2, align="left",
                    tabs=(("right", TEXT_WIDTH, "dot"),)),
          chars=Chars(bold=True)),
    Style("TOC2", "toc 2", next_style="Normal",
          para=Para(after=1, align="left", indent_mm=7.4,
                    tabs=(("right", TEXT_WIDTH, "dot"),))),
    Style("TOC3", "toc 3", next_style="Normal",
          para=Para(after=1, align="left", indent_mm=14.8,
                    tabs=(("right", TEXT_WIDTH, "dot"),))),
    Style("ListNumber", "List Number", para=Para(after=2, indent_mm=7.4, hanging_mm=7.4,
                                                  num_id=1)),
    Style("ListNumber2", "List Number 2", para=Para(after=2, indent_mm=14.8,
                                                     hanging_mm=7.4, num_id=2)),
    Style("ListBullet", "List Bullet", para=Para(after=2, indent_mm=7.4, hanging_mm=7.4,
                                                  num_id=3)),
    Style("ListBullet2", "List Bullet 2", para=Para(after=2, indent_mm=14.8,
                                                     hanging_mm=7.4, num_id=4)),
    Style("Figure", "Figure", custom=True,
          para=Para(before=6, after=2, align="center", keep_next=True, line=1.0)),
    Style("Caption", "caption", para=Para(after=12, align="center"),
          chars=Chars(size=9, color=MUTED)),
    Style("Note", "Note", custom=True, para=Para(before=3, after=6, align="left"),
          chars=Chars(size=8.5, color=MUTED)),
    Style("TableText", "Table Text", custom=True, para=Para(after=0, line=1.0, align="left"),
          chars=Chars(size=9.5)),
    Style("TableHeading", "Table Heading", custom=True, based_on="TableText",
          para=Para(after=0, line=1.0, align="center"), chars=Chars(size=9.5, bold=True)),
    Style("TableCentered", "Table Centered", custom=True, based_on="TableText",
          para=Para(after=0, line=1.0, align="center"), chars=Chars(size=9.5)),
    Style("TableMark", "Table Mark", custom=True, based_on="TableText",
          para=Para(after=0, line=1.0, align="center"),
          chars=Chars(size=9.5, bold=True, color=ACCENT)),
    Style("TableLabel", "Table Label", custom=True, based_on="TableText",
          para=Para(after=0, line=1.0, align="left"),
          chars=Chars(size=9.5, bold=True, color="334155")),
    Style("Header", "header", para=Para(after=0, line=1.0, align="left",
                                         border_bottom=(4, "CBD5E1"),
                                         tabs=(("right", TEXT_WIDTH, "none"),)),
          chars=Chars(size=8, color=MUTED)),
    Style("Footer", "footer", para=Para(after=0, line=1.0, align="center"),
          chars=Chars(size=8, color=MUTED)),
    Style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None),
    Style("Hyperlink", "Hyperlink", kind="character", based_on="DefaultParagraphFont",
          chars=Chars(color=ACCENT)),
    Style("Badge", "Badge", kind="character", based_on="DefaultParagraphFont", custom=True,
          chars=Chars(size=8.5, bold=True, color="B91C1C", border="B91C1C")),
    Style("TableNormal", "Normal Table", kind="table", based_on=None),
    Style("TableGrid", "Table Grid", kind="table", based_on="TableNormal",
          table=TableLook(_all_edges(4, "000000"))),
    Style("SOPTable", "SOP Table", kind="table", based_on="TableGrid", custom=True,
          table=TableLook(_all_edges(4, "94A3B8"), header_fill="E2E8F0",
                          label_fill="F1F5F9")),
    Style("SOPFields", "SOP Fields", kind="table", based_on="TableNormal", custom=True,
          table=TableLook({"top": (4, "CBD5E1"), "left": (4, "CBD5E1"),
                           "bottom": (4, "CBD5E1"), "right": (4, "CBD5E1"),
                           "insideH": (4, "E2E8F0")}, label_fill="F1F5F9")),
    Style("SOPCover", "SOP Cover", kind="table", based_on="TableNormal", custom=True,
          table=TableLook({"insideH": (4, "CBD5E1"), "bottom": (4, "CBD5E1")},
                          cell_margin_mm=(2.0, 3.0))),
    Style("SOPApproval", "SOP Approval", kind="table", based_on="TableNormal", custom=True,
          table=TableLook(_all_edges(4, "64748B"), cell_margin_mm=(2.0, 2.0))),
    Style("NoList", "No List", kind="numbering", based_on=None),
]

DEFAULT_STYLES = {"paragraph": "Normal", "character": "DefaultParagraphFont",
                  "table": "TableNormal", "numbering": "NoList"}


def _half_points(points: float) -> str:
    return str(round(points * 2))


def para_properties(para: Para) -> etree._Element:
    props = el("w:pPr")
    if para.keep_next:
        sub(props, "w:keepNext")
    if para.num_id is not None:
        numbering = sub(props, "w:numPr")
        sub(numbering, "w:numId", {"w:val": para.num_id})
    if para.border_bottom:
        borders = sub(props, "w:pBdr")
        width, colour = para.border_bottom
        sub(borders, "w:bottom", {"w:val": "single", "w:sz": width, "w:space": 4,
                                  "w:color": colour})
    if para.tabs:
        tabs = sub(props, "w:tabs")
        for alignment, position, leader in para.tabs:
            sub(tabs, "w:tab", {"w:val": alignment, "w:leader": leader, "w:pos": position})
    spacing: dict[str, object] = {"w:before": round(para.before * 20),
                                  "w:after": round(para.after * 20)}
    if para.line is not None:
        spacing |= {"w:line": round(para.line * 240), "w:lineRule": "auto"}
    sub(props, "w:spacing", spacing)
    if para.indent_mm or para.hanging_mm:
        sub(props, "w:ind", {"w:left": mm(para.indent_mm), "w:hanging": mm(para.hanging_mm)})
    if para.align:
        sub(props, "w:jc", {"w:val": para.align})
    if para.outline is not None:
        sub(props, "w:outlineLvl", {"w:val": para.outline})
    return props


def char_properties(chars: Chars) -> etree._Element:
    props = el("w:rPr")
    if chars.bold:
        sub(props, "w:b")
        sub(props, "w:bCs")
    if chars.color:
        sub(props, "w:color", {"w:val": chars.color})
    if chars.spacing:
        sub(props, "w:spacing", {"w:val": round(chars.spacing * 20)})
    if chars.size:
        sub(props, "w:sz", {"w:val": _half_points(chars.size)})
        sub(props, "w:szCs", {"w:val": _half_points(chars.size)})
    if chars.border:
        sub(props, "w:bdr", {"w:val": "single", "w:sz": 4, "w:space": 1,
                             "w:color": chars.border})
    return props


def _borders(tag: str, edges: dict[str, tuple[int, str]]) -> etree._Element:
    element = el(tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        width, colour = edges.get(edge, (0, "auto"))
        sub(element, f"w:{edge}", {"w:val": "single" if width else "nil", "w:sz": width,
                                   "w:space": 0, "w:color": colour})
    return element


def table_properties(look: TableLook) -> etree._Element:
    props = el("w:tblPr")
    props.append(_borders("w:tblBorders", look.borders))
    vertical, horizontal = (mm(v) for v in look.cell_margin_mm)
    margins = sub(props, "w:tblCellMar")
    for edge, value in (("top", vertical), ("left", horizontal),
                        ("bottom", vertical), ("right", horizontal)):
        sub(margins, f"w:{edge}", {"w:w": value, "w:type": "dxa"})
    return props


def conditional_formats(look: TableLook) -> list[etree._Element]:
    """firstRow/firstCol formats: Word applies them by tblLook; the converter also copies
    their shading onto th cells, so LibreOffice shows the same."""
    formats = []
    for kind, fill in (("firstRow", look.header_fill), ("firstCol", look.label_fill)):
        if not fill:
            continue
        element = el("w:tblStylePr", {"w:type": kind})
        if kind == "firstRow":
            sub(element, "w:trPr").append(el("w:tblHeader"))
        if fill:
            cell = sub(element, "w:tcPr")
            sub(cell, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
        formats.append(element)
    return formats

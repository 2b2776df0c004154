"""``<table>`` and ``<dl class="fields">`` → Word tables that fit the text area.

Widths come from ``<colgroup>`` percentages over the text width of the reference
document's page, with a fixed layout, so no reader can make a table wider than the page.
Without a colgroup (the RACI matrix, whose columns vary), columns share the width by their
longest text within limits, as a browser's automatic layout does for the PDF. Header rows
repeat on every page (``w:tblHeader``). A header row is never ``w:cantSplit``:
LibreOffice dropped every body row of a table whose ``cantSplit`` header row met a page
end (issue 16: all rows ``cantSplit`` lost 客户接待流程's steps; a ``cantSplit`` repeated
header row alone at a page foot lost 出差申请流程's). Body rows shorter than half a page
are ``cantSplit`` once the body is written (tails.py ``keep_rows_whole``, which estimates
their heights): LibreOffice 7.4 ignores ``w:keepLines`` in cells and split 4S店销售流程's
step 2 over two pages, and prints every row of the sample and of a 20-step synthetic base
with body rows ``cantSplit`` (test_docx_print.py). Every cell paragraph keeps its lines
together (``w:keepLines``) too, which Word honours. An approval's header block (a
``<dl class="fields">`` right before a table) keeps with that table's header row and first
row (``w:keepNext`` on its paragraphs and on the header row's), as print.css keeps them:
LibreOffice ended a page with 销售合同审定权限's header block and printed its tiers on the
next. Shading of ``th`` cells is copied from the
table style's firstRow/firstCol formats, so the reference document decides it and LibreOffice, which
does not apply those conditional formats everywhere, shows it too.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from lxml import etree

from ..cellends import join_element_end
from .context import Context
from .errors import TemplateBug, unexpected
from .inline import has_text, inline_content
from .ooxml import W_NS, el, find_required, mm, paragraph, required_attribute, sub
from .source import element_children


@dataclass(frozen=True)
class TableKind:
    style: str
    width: float = 1.0               # share of the text width
    label_row_height_mm: float = 0   # minimum height of body rows (signature space)
    columns: tuple[float, ...] = ()  # shares when the HTML has no colgroup; () = by content
    cell_style: str = "TableText"    # paragraph style of td cells
    middle: bool = False             # cell text centred vertically (the signature rows)


TABLE_KINDS = {"grid": TableKind("SOPTable"),
               "cover-meta": TableKind("SOPCover", 0.6, columns=(35, 65)),
               # role | name | 签字 | 日期, rows tall enough to sign in (print.css: 16 mm)
               "approval": TableKind("SOPApproval", 1.0, 16, columns=(16, 34, 30, 20),
                                     cell_style="TableCentered", middle=True),
               # the handbook's blank forms: room to write by hand, as print.css gives
               # them (listed before "grid" in their class attribute, which picks the kind)
               "blank-fields": TableKind("SOPTable", label_row_height_mm=8),
               "blank-wide": TableKind("SOPTable", label_row_height_mm=15),
               "blank-cells": TableKind("SOPTable", label_row_height_mm=7)}
FIELDS_KIND = TableKind("SOPFields")
FIELDS_COLUMNS = [22, 78]
NAME_WIDTH = 16          # a cell this wide or narrower (8 Chinese characters) is a name
CELL_PADDING = 3         # a cell's left and right padding, in half ems
TWIPS_PER_HALF_EM = 95   # half an em of Table Text (9.5 pt) in twips
# a cell text estimated at more than this share of its line may wrap: its last Chinese
# character is joined to the one before (generator/cellends.py); the estimate counts a
# Chinese character as two half ems and anything else as one, which errs on the short side
# for Latin text, hence the margin
MAY_WRAP = 0.75
_WIDTH = re.compile(r"^\s*width\s*:\s*([\d.]+)%\s*;?\s*$")


@dataclass
class Cell:
    element: etree._Element
    header: bool          # in a header row (repeats on every page)


def write_table(context: Context, table: etree._Element) -> None:
    kind = _table_kind(table)
    kept = _previous_element_tag(table) == "dl"   # its header block keeps with it
    rows, widths = _rows_and_widths(table)
    if not rows:
        return
    columns = max(len(row) for row in rows)
    shares = widths or list(kind.columns) or _content_shares(context, rows, columns)
    word = _table_element(context, kind, _column_widths(context, kind, shares, columns),
                          has_header=rows[0][0].header)
    marks = "raci" in (table.get("class") or "").split()
    # a run-on workflow's head keeps with the header row and the first row of its steps
    starting = context.keeping_head and rows[0][0].header
    context.keeping_head = False
    for index, row in enumerate(rows):
        keep = (kept and row[0].header) or (starting and index < 2)
        _add_row(context, word, kind, row, columns, marks, keep)
    context.add(word, "table")


def _previous_element_tag(element: etree._Element) -> str | None:
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):  # comments
        sibling = sibling.getprevious()
    return None if sibling is None else sibling.tag


def _content_shares(context: Context, rows: list[list[Cell]], columns: int) -> list[float]:
    """Each column's share: first the width of its longest name (a short cell, kept whole:
    a role's name in the RACI header must not wrap before its last character), then the
    rest of the line by its longest text, between 4 and 40 so one long cell cannot squeeze
    the others to nothing. Widths in display width (a Chinese character is two)."""
    longest, names = [0] * columns, [0] * columns
    for row in rows:
        for index, cell in enumerate(row):
            # lxml yields str (its stubs allow bytes too)
            text = " ".join(cast("Iterator[str]", cell.element.itertext())).strip()
            width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
            longest[index] = max(longest[index], width)
            if width <= NAME_WIDTH:
                names[index] = max(names[index], width + CELL_PADDING)
    wanted = [float(min(max(width, 4), 40)) for width in longest]
    line = context.layout.text_width / TWIPS_PER_HALF_EM
    if sum(names) >= line:
        return wanted
    rest = [max(w - n, 0.0) for w, n in zip(wanted, names, strict=True)]
    spare = line - sum(names)
    return [n + (spare * r / sum(rest) if sum(rest) else spare / columns)
            for n, r in zip(names, rest, strict=True)]


def write_fields(context: Context, fields: etree._Element, keep_with_next: bool = False) -> None:
    """``<dl class="fields">``: label/value pairs as a two-column table; pairs whose
    values are all empty are left out. ``keep_with_next``: every row stays on the page of
    what follows (the table it heads)."""
    pairs = _field_pairs(fields)
    if not pairs:
        return
    widths = _column_widths(context, FIELDS_KIND, FIELDS_COLUMNS, 2)
    word = _table_element(context, FIELDS_KIND, widths, has_header=False)
    label_fill = _fill(context, FIELDS_KIND.style, "firstCol")
    for label, values in pairs:
        row = sub(word, "w:tr")
        _cell(row, widths[0], [cell_paragraph("TableLabel", inline_content(context, label),
                                              keep_with_next)], label_fill)
        _cell(row, widths[1], [cell_paragraph("TableText", inline_content(context, value),
                                              keep_with_next) for value in values])
    context.add(word, "dl")


def _field_pairs(fields: etree._Element) -> list[tuple[etree._Element, list]]:
    pairs: list[tuple[etree._Element, list]] = []
    for child in element_children(fields):
        if child.tag == "dt":
            pairs.append((child, []))
        elif child.tag == "dd" and pairs:
            pairs[-1][1].append(child)
        else:
            raise unexpected(child, "in <dl class=\"fields\">")
    return [(label, [v for v in values if has_text(v)]) for label, values in pairs
            if any(has_text(v) for v in values)]


def _table_kind(table: etree._Element) -> TableKind:
    classes = (table.get("class") or "").split()
    for name in classes:
        if name in TABLE_KINDS:
            return TABLE_KINDS[name]
    raise unexpected(table, "(tables need class grid, cover-meta or approval)")


def _rows_and_widths(table: etree._Element) -> tuple[list[list[Cell]], list[float]]:
    rows: list[list[Cell]] = []
    widths: list[float] = []
    for child in element_children(table):
        if child.tag == "colgroup":
            widths = [_col_width(col) for col in element_children(child)]
        elif child.tag in ("thead", "tbody"):
            rows += [_cells(tr, child.tag == "thead") for tr in element_children(child)]
        elif child.tag == "tr":
            rows.append(_cells(child, False))
        else:
            raise unexpected(child, "in <table>")
    _mark_leading_header_rows(rows)
    return rows, widths


def _cells(tr: etree._Element, in_thead: bool) -> list[Cell]:
    if tr.tag != "tr":
        raise unexpected(tr, "where a table row belongs")
    cells = []
    for cell in element_children(tr):
        if cell.tag not in ("th", "td") or cell.get("colspan") or cell.get("rowspan"):
            raise unexpected(cell, "in <tr> (th and td without spans only)")
        cells.append(Cell(cell, in_thead))
    if not cells:
        raise unexpected(tr, "without cells")
    return cells


def _mark_leading_header_rows(rows: list[list[Cell]]) -> None:
    """Without <thead>, leading rows made only of <th> are header rows (the approval
    block's 编制/审核/审批 row)."""
    if any(cell.header for row in rows for cell in row):
        return
    for row in rows:
        if not all(cell.element.tag == "th" for cell in row):
            break
        for cell in row:
            cell.header = True


def _col_width(col: etree._Element) -> float:
    match = _WIDTH.match(col.get("style") or "")
    if col.tag != "col" or not match:
        raise unexpected(col, "in <colgroup> (only <col style=\"width:N%\">)")
    return float(match.group(1))


def _column_widths(context: Context, kind: TableKind, percentages: Sequence[float],
                   columns: int) -> list[int]:
    total = round(context.layout.text_width * kind.width)
    if percentages and len(percentages) != columns:
        raise TemplateBug(f"a {kind.style} table has widths for {len(percentages)} columns "
                          f"(colgroup or defaults) but rows of {columns} cells")
    shares = percentages or [1.0] * columns
    widths = [int(total * share / sum(shares)) for share in shares]
    widths[-1] += total - sum(widths)   # rounding goes to the last column
    return widths


def _table_element(context: Context, kind: TableKind, widths: list[int],
                   has_header: bool) -> etree._Element:
    table = el("w:tbl")
    props = sub(table, "w:tblPr")
    sub(props, "w:tblStyle", {"w:val": kind.style})
    sub(props, "w:tblW", {"w:w": sum(widths), "w:type": "dxa"})
    if kind.width < 1:
        sub(props, "w:jc", {"w:val": "center"})
    sub(props, "w:tblLayout", {"w:type": "fixed"})
    sub(props, "w:tblLook", _look(first_row=has_header, first_column=kind is FIELDS_KIND))
    grid = sub(table, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", {"w:w": width})
    return table


def _look(first_row: bool, first_column: bool) -> dict[str, object]:
    """Which conditional formats of the table style apply (w:val is the Word 2007 bit
    mask of the same flags: firstRow 0x20, firstColumn 0x80, noHBand 0x200, noVBand 0x400)."""
    mask = 0x20 * first_row + 0x80 * first_column + 0x200 + 0x400
    return {"w:val": f"{mask:04X}", "w:firstRow": int(first_row), "w:lastRow": 0,
            "w:firstColumn": int(first_column), "w:lastColumn": 0, "w:noHBand": 1,
            "w:noVBand": 1}


def _add_row(context: Context, table: etree._Element, kind: TableKind, cells: list[Cell],
             columns: int, marks: bool, keep: bool = False) -> None:
    """``keep``: the row keeps with the next (a header row with the first row when the
    table keeps with its header block)."""
    widths = [int(required_attribute(col, "w:w")) for col in find_required(table, "w:tblGrid")]
    row = sub(table, "w:tr")
    row_props = sub(row, "w:trPr")
    header = cells[0].header
    # never w:cantSplit, even on a one-line header row (see the module note)
    if not header and kind.label_row_height_mm:
        sub(row_props, "w:trHeight", {"w:val": mm(kind.label_row_height_mm),
                                      "w:hRule": "atLeast"})
    if header:
        sub(row_props, "w:tblHeader")
    for index, cell in enumerate(cells + [None] * (columns - len(cells))):
        _html_cell(context, row, kind, cell, widths[index], marks and index > 0,
                   keep)


def _html_cell(context: Context, row: etree._Element, kind: TableKind, cell: Cell | None,
               width: int, mark: bool, keep_next: bool = False) -> None:
    if cell is None:  # a short row is padded so the grid stays rectangular
        _cell(row, width, [cell_paragraph("TableText", (), keep_next)])
        return
    if cell.element.tag == "th":
        style = "TableHeading" if cell.header else "TableLabel"
        fill = _fill(context, kind.style, "firstRow" if cell.header else "firstCol")
    else:  # RACI letters stand out, as in print.css
        style, fill = ("TableMark" if mark else kind.cell_style), None
    _check_inline_only(cell.element)
    if _may_wrap(cell.element, width):
        join_element_end(cell.element)
    _cell(row, width, [cell_paragraph(style, inline_content(context, cell.element),
                                      keep_next)], fill, kind.middle)


def _may_wrap(cell: etree._Element, width: int) -> bool:
    text = " ".join(cast("Iterator[str]", cell.itertext())).strip()
    half_ems = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return half_ems * TWIPS_PER_HALF_EM > MAY_WRAP * (width - CELL_PADDING * TWIPS_PER_HALF_EM)


def cell_paragraph(style: str, runs: Sequence[etree._Element] = (),
                   keep_next: bool = False) -> etree._Element:
    """A cell paragraph whose lines stay on one page (see the module note), and with
    ``keep_next`` on the page of the next row or block."""
    keep = [el("w:keepNext")] if keep_next else []
    return paragraph(style, runs, *keep, el("w:keepLines"))


def _check_inline_only(cell: etree._Element) -> None:
    for child in cell.iter():
        if child is not cell and isinstance(child.tag, str) and \
                child.tag not in ("strong", "em", "a", "span"):
            raise unexpected(child, "in a table cell (text only)")


def _cell(row: etree._Element, width: int, paragraphs: list[etree._Element],
          fill: str | None = None, middle: bool = False) -> None:
    cell = sub(row, "w:tc")
    props = sub(cell, "w:tcPr")
    sub(props, "w:tcW", {"w:w": width, "w:type": "dxa"})
    if fill:
        sub(props, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})
    if middle:
        sub(props, "w:vAlign", {"w:val": "center"})
    for block in paragraphs:
        cell.append(block)


# compiled once (python-docx's ``xpath`` compiles its expression at every call: ~1,000
# calls in the 300-role base)
_FILL = etree.XPath("w:style[@w:styleId=$style]/w:tblStylePr[@w:type=$kind]/w:tcPr/w:shd/@w:fill",
                    namespaces={"w": W_NS})


def _fill(context: Context, style_id: str, kind: str) -> str | None:
    """The shading the table style gives its firstRow/firstCol, if any."""
    cache = context.fills
    if (style_id, kind) not in cache:
        found = cast("list[str]", _FILL(context.document.styles.element, style=style_id,
                                        kind=kind))
        cache[(style_id, kind)] = found[0] if found else None
    return cache[(style_id, kind)]

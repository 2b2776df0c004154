"""One styled sheet: a bold frozen header row, filters, column widths that fit the text
(CJK characters count double), wrapped cells, the organisation's CJK font, and a print
set-up that reads well on paper: A4, every column on one page width (landscape when the
table is wide), the header row on every page, the sheet's name above and page numbers below.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from typing import Any, cast

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")  # the pale blue of print.css tables
_LINE = Side(style="thin", color="A6A6A6")
GRID = Border(left=_LINE, right=_LINE, top=_LINE, bottom=_LINE)  # printed: Calc drops gridlines
MAX_WIDTH = 60  # characters; longer text wraps
HEADER_WIDTH = 10  # a header wider than its column's values wraps onto lines of this width
SHORT = 4  # a column whose values are this short (序号, R/A/C/I, 1.0) is centred
PORTRAIT_WIDTH = 95  # character widths across A4 portrait; a wider table is printed landscape
LANDSCAPE_WIDTH = 140  # character widths across A4 landscape at full size
WRAPPABLE = 20  # columns wider than this hold running text, which may wrap onto more lines
LINE_HEIGHT = 14.5  # points: one line of 10 pt CJK text
Row = Sequence[object]


def fill_sheet(sheet: Worksheet, header: Sequence[str], rows: Sequence[Row], font: str) -> None:
    sheet.append(list(header))
    for row in rows:  # a YAML block (`|`) ends in a newline: no empty line in the cell
        sheet.append([value.rstrip() if isinstance(value, str) else value for value in row])
    _style_cells(sheet, font)
    sheet.freeze_panes = "A2"  # the header stays while scrolling
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, _size_columns(sheet), font)
    _size_rows(sheet)


def _style_cells(sheet: Worksheet, font: str) -> None:
    body, bold = Font(name=font, size=10), Font(name=font, size=10, bold=True)
    # openpyxl hashes a font, border or alignment at every assignment to find it in the
    # workbook's tables (22 s for 40,000 cells of a 300-role register): each kind of cell is
    # styled once that way, and the others take a copy of its style's table indices, which
    # fills the tables in the same order, so the file is the same byte for byte.
    styled: dict[tuple[bool, bool], StyleArray] = {}
    for column in sheet.iter_cols():
        centred = all(_width(cell.value) <= SHORT for cell in column[1:])
        for cell in cast(tuple[Any, ...], column):  # Cells: `_style` is not in the stubs
            kind = (cell.row == 1, centred)
            if kind in styled:
                cell._style = copy(styled[kind])
            else:
                _style_cell(cell, bold if cell.row == 1 else body, centred)
                styled[kind] = copy(cell._style)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # content is data, never a formula: "=1+1" stays text


def _style_cell(cell: Cell, font: Font, centred: bool) -> None:
    cell.font = font
    cell.border = GRID
    cell.alignment = Alignment(wrap_text=True, vertical="center" if cell.row == 1 else "top",
                               horizontal="center" if centred else None)
    if cell.row == 1:
        cell.fill = HEADER_FILL


def _size_columns(sheet: Worksheet) -> int:
    """Each column as wide as its longest value (at most MAX_WIDTH); the header only up to
    HEADER_WIDTH, so that a long actor or session name wraps instead of widening a column
    of single letters. Returns the table's total width."""
    widths = []
    for column in sheet.iter_cols():
        head, *cells = column
        longest = max([min(_width(head.value), HEADER_WIDTH), 2,
                       *(_width(cell.value) for cell in cells)])
        widths.append(min(longest + 2, MAX_WIDTH))
    widths = _narrowed(widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sum(widths)


def _narrowed(widths: list[int]) -> list[int]:
    """A table wider than landscape A4 would be printed small: its text columns (the wide
    ones) are narrowed in proportion, and wrap onto more lines instead."""
    wide = sum(w for w in widths if w > WRAPPABLE)
    excess = sum(widths) - LANDSCAPE_WIDTH
    if excess <= 0 or not wide:
        return widths
    keep = max(wide - excess, WRAPPABLE * sum(1 for w in widths if w > WRAPPABLE)) / wide
    return [max(WRAPPABLE, round(w * keep)) if w > WRAPPABLE else w for w in widths]


def _size_rows(sheet: Worksheet) -> None:
    """Row heights for the wrapped lines: LibreOffice Calc does not grow a row that has no
    height of its own, so wrapped text was cut off or printed over the row below. The count
    is Excel's (a CJK character two widths); Calc fits more on a line and leaves some room."""
    widths = [sheet.column_dimensions[get_column_letter(n)].width
              for n in range(1, sheet.max_column + 1)]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        lines = max(_lines(value, width) for value, width in zip(values, widths, strict=True))
        sheet.row_dimensions[number].height = lines * LINE_HEIGHT + 3


def _lines(value: object, width: float) -> int:
    room = max(width - 1, 1)  # the cell's padding takes about one character
    text = "" if value is None else str(value)
    return sum(max(1, math.ceil(_width(line) / room)) for line in text.split("\n"))


def _print_setup(sheet: Worksheet, width: int, font: str) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # pages as long as needed
    sheet.print_title_rows = "1:1"  # the header row on every printed page
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None  # openpyxl makes both with the sheet
    header.center.text, header.center.font = "&A", font  # the sheet's name
    footer.center.text = "&P / &N"  # page numbers: no words, so no locale needed


def _width(value: object) -> int:
    """Display width: a CJK character is about two Latin ones wide."""
    text = "" if value is None else str(value)
    return max((sum(2 if ord(c) > 0x2E7F else 1 for c in line)
                for line in text.split("\n")), default=0)

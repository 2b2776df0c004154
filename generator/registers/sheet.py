"""One styled sheet: a bold frozen header row, filters, column widths that fit the text
(CJK characters count double), wrapped cells, the organisation's CJK font."""
from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")  # the pale blue of print.css tables
MAX_WIDTH = 60  # characters; longer text wraps
Row = Sequence[object]


def fill_sheet(sheet: Worksheet, header: Sequence[str], rows: Sequence[Row], font: str) -> None:
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    body, bold = Font(name=font, size=10), Font(name=font, size=10, bold=True)
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            cell.font = bold if cell.row == 1 else body
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # content is data, never a formula: "=1+1" stays text
            if cell.row == 1:
                cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"  # the header stays while scrolling
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(sheet.iter_cols(), start=1):
        longest = max((_width(cell.value) for cell in column), default=4)
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, MAX_WIDTH)


def _width(value: object) -> int:
    """Display width: a CJK character is about two Latin ones wide."""
    text = "" if value is None else str(value)
    return max((sum(2 if ord(c) > 0x2E7F else 1 for c in line)
                for line in text.split("\n")), default=0)

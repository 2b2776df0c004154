"""A table column no row fills is left out of the printed documents.

The manuals give no weight for 客户经理's KPIs, no time limit or checker for most steps,
no reviewer for many approval tiers: such a column took its share of the width, empty,
and the text beside it wrapped for it (issue 16; the skills table's 技能水平 was the
first). Both print renderers read this HTML, so the PDF and Word tables lose it alike.

Only tables of content (``table.grid``) are pruned: a blank form's cells are empty to be
written in, and a table with a header cell in its body (the control block) or a cell
spanning columns is left as it is. The remaining columns keep their proportions.
"""
from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

_TABLE = re.compile(r'<table class="grid(?: [^"]*)?">.*?</table>', re.S)
KEPT = frozenset({"blank-fields", "blank-cells", "blank-wide", "doc-control", "raci"})
_WIDTH = re.compile(r"width\s*:\s*([\d.]+)%")


def drop_empty_columns(html: str) -> str:
    """``html`` with every content table's empty columns left out."""
    if "<table" not in html:
        return html
    return _TABLE.sub(lambda found: _pruned(found.group(0)), html)


def _pruned(table_html: str) -> str:
    table = lxml_html.fragment_fromstring(table_html)
    if KEPT & set((table.get("class") or "").split()):
        return table_html
    heads = table.findall("thead/tr")
    rows = table.findall("tbody/tr")
    if len(heads) != 1 or not rows:
        return table_html
    count = len(_cells(heads[0]))
    if any(len(_cells(row)) != count or row.find("th") is not None for row in rows) \
            or any(cell.get("colspan") for row in [*heads, *rows] for cell in _cells(row)):
        return table_html
    empty = [column for column in range(count)
             if all(_is_empty(_cells(row)[column]) for row in rows)]
    if not empty or len(empty) == count:
        return table_html
    for row in [*heads, *rows]:
        cells = _cells(row)
        for column in reversed(empty):
            row.remove(cells[column])
    _drop_widths(table, empty, count)
    return lxml_html.tostring(table, encoding="unicode")


def _cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _is_empty(cell: etree._Element) -> bool:
    return not "".join(str(part) for part in cell.itertext()).strip() and len(cell) == 0


def _drop_widths(table: etree._Element, empty: list[int], count: int) -> None:
    """Remove the empty columns' ``col`` and share their width among the others in
    proportion to theirs."""
    columns = table.findall("colgroup/col")
    if len(columns) != count:
        return
    for index in reversed(empty):
        group = columns[index].getparent()
        if group is not None:
            group.remove(columns[index])
    kept = [col for index, col in enumerate(columns) if index not in empty]
    shares = [float(m.group(1)) if (m := _WIDTH.search(col.get("style") or "")) else None
              for col in kept]
    if None in shares:
        return
    total = sum(share for share in shares if share is not None)
    for col, share in zip(kept, shares, strict=True):
        col.set("style", f"width:{100 * (share or 0) / total:.1f}%")

"""How a form's fields sit on a blank page of the handbook's appendix.

As on the standalone form (generator/forms/layout.py), two short fields share a row and a
long one (a text area, a check-box list) takes a row of its own, so a form stays on one
page. Word tables have no merged cells here (the converter refuses colspan), so a run of
paired fields is one four-column table and a long field a two-column one.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import FormField

WIDE_TYPES = ("textarea", "multichoice")


@dataclass(frozen=True, slots=True)
class BlankBlock:
    kind: str                                     # "pairs" | "wide" | "table"
    rows: tuple[tuple[FormField, ...], ...] = ()  # pairs: one or two fields; wide: one
    field: FormField | None = None                # the table field


def blank_blocks(fields: tuple[FormField, ...]) -> list[BlankBlock]:
    blocks: list[BlankBlock] = []
    for field in fields:
        kind = ("table" if field.type == "table"
                else "wide" if field.type in WIDE_TYPES else "pairs")
        if kind == "table":
            blocks.append(BlankBlock("table", field=field))
        elif blocks and blocks[-1].kind == kind:
            blocks[-1] = _extended(blocks[-1], field)
        else:
            blocks.append(BlankBlock(kind, ((field,),)))
    return blocks


def _extended(block: BlankBlock, field: FormField) -> BlankBlock:
    last = block.rows[-1]
    if block.kind == "pairs" and len(last) == 1:
        return BlankBlock(block.kind, (*block.rows[:-1], (*last, field)))
    return BlankBlock(block.kind, (*block.rows, (field,)))

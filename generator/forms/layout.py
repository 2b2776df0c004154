"""How a form's fields sit on the page: short fields two to a row, long ones across it.

Paper forms print label and value side by side in a grid; two short fields (a name, a
date) share one row so a one-page form stays on one page. A long field (a text area, a
check-box list) takes a whole row, and a table field becomes its own table.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Form, FormField
from .slots import kind_of

WIDE_KINDS = ("textarea", "multichoice")


@dataclass(frozen=True, slots=True)
class FieldGrid:
    rows: tuple[tuple[FormField, ...], ...]   # one or two fields per row


@dataclass(frozen=True, slots=True)
class TableBlock:
    field: FormField
    titled: bool = True   # False when the section heading already says the same


@dataclass(frozen=True, slots=True)
class SectionView:
    title: str | None
    blocks: tuple[FieldGrid | TableBlock, ...]


def sections(form: Form) -> list[SectionView]:
    if form.fields:
        return [SectionView(None, blocks(form.fields))]
    return [SectionView(str(s.title), blocks(s.fields, str(s.title))) for s in form.sections]


def blocks(fields, heading: str | None = None) -> tuple[FieldGrid | TableBlock, ...]:
    result: list[FieldGrid | TableBlock] = []
    pending: list[FormField] = []
    for field in fields:
        if kind_of(field) == "table":
            if pending:
                result.append(FieldGrid(rows(pending)))
                pending = []
            result.append(TableBlock(field, titled=field.label != heading))
        else:
            pending.append(field)
    if pending:
        result.append(FieldGrid(rows(pending)))
    return tuple(result)


def rows(fields: list[FormField]) -> tuple[tuple[FormField, ...], ...]:
    result: list[tuple[FormField, ...]] = []
    half: FormField | None = None
    for field in fields:
        if kind_of(field) in WIDE_KINDS:
            if half is not None:
                result.append((half,))
                half = None
            result.append((field,))
        elif half is None:
            half = field
        else:
            result.append((half, field))
            half = None
    if half is not None:
        result.append((half,))
    return tuple(result)

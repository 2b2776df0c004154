"""Every fillable name of a form, derived once from the model and used by all formats.

A field is one slot named by its id, except a multichoice (one check box per option,
`<field>.<n>`) and a table (one cell per row and column, `<field>.<row>.<column>`); rows and
options count from 1, as people number them on paper. The PDF, the Word document, data
validation and filling all read these slots, so a name can never differ between them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Labels
from ..model import Column, Form, FormField

TEXT_KINDS = ("text", "phone", "email", "number", "money", "date")


@dataclass(frozen=True, slots=True)
class Slot:
    name: str                    # the fillable field's full name
    kind: str                    # text | textarea | date | number | money | phone | email
    #                              | choice | checkbox | signature
    label: str                   # what a screen reader and a tooltip say (PDF /TU)
    required: bool = False
    options: tuple[str, ...] = ()


def kind_of(field: FormField | Column) -> str:
    return field.type or "text"


def cell_kind(column: Column) -> str:
    """A table column has no options, so a `choice` column is free text."""
    kind = kind_of(column)
    return "text" if kind == "choice" else kind


def option_name(field: FormField, index: int) -> str:
    return f"{field.id}.{index}"


def cell_name(field: FormField, row: int, column: Column) -> str:
    return f"{field.id}.{row}.{column.id}"


def table_rows(field: FormField) -> range:
    return range(1, (field.rows or 1) + 1)


def field_slots(field: FormField, t: Labels) -> list[Slot]:
    kind = kind_of(field)
    if kind == "multichoice":
        return [Slot(option_name(field, index), "checkbox",
                     t("form_option_name", label=field.label, option=option))
                for index, option in enumerate(field.options, start=1)]
    if kind == "table":
        return [Slot(cell_name(field, row, column), cell_kind(column),
                     t("form_cell_name", label=field.label, row=row, column=column.label))
                for row in table_rows(field) for column in field.columns]
    return [Slot(field.id, kind, str(field.label), field.required,
                 tuple(str(o) for o in field.options))]


def form_slots(form: Form, t: Labels) -> dict[str, Slot]:
    """Slot name → slot, in reading order."""
    return {slot.name: slot for field in form.all_fields for slot in field_slots(field, t)}

"""Check data for a form before anything is filled, and turn it into field values.

Data maps field ids to values, as YAML or JSON writes them: text, numbers, dates, true /
false for a check box, a list of options for a multichoice, a list of rows (column id →
value) for a table. Every problem is collected — unknown field, wrong type, missing
required field, option not in the list — so one run reports them all.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..model import Column, Form, FormField
from ..suggest import did_you_mean
from .errors import InvalidFormData
from .limits import WrongValue, check_number, check_text, check_year, printable, total_text_problem
from .slots import cell_kind, cell_name, kind_of, option_name

Values = dict[str, "str | bool"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PHONE = re.compile(r"^\+?[\d\s()\-]*\d[\d\s()\-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EXPECTED = {
    "text": "text", "textarea": "text", "choice": "one of its options",
    "number": "a number", "money": "an amount with at most 2 decimals",
    "date": "a date written YYYY-MM-DD", "email": "an e-mail address",
    "phone": "a phone number (digits, spaces, +, - and parentheses)",
    "checkbox": "true or false", "multichoice": "a list of its options",
    "table": "a list of rows, each mapping column ids to values",
}


@dataclass(frozen=True, slots=True)
class Where:
    """What a problem is about: the value at ``path`` (field id, row index, column id), or
    with ``key`` the key written there; () is the data as a whole."""
    path: tuple[str | int, ...] = ()
    key: bool = False


class Problems:
    """Every problem found, with what it is about, for one InvalidFormData."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.places: list[Where] = []

    def add(self, message: str, where: Where = Where()) -> None:
        self.messages.append(message)
        self.places.append(where)

    def raise_any(self) -> None:
        if self.messages:
            raise InvalidFormData(self.messages, self.places)


def form_values(form: Form, data: object) -> Values:
    """Field name → value for filling (text, or a bool for check boxes)."""
    if not isinstance(data, Mapping):
        raise InvalidFormData([f"the data must map field ids to values, got {shown(data)}"])
    fields: dict[str, FormField] = {field.id: field for field in form.all_fields}
    values: Values = {}
    problems = Problems()
    for key, value in data.items():
        field = fields.get(str(key))
        if field is None:
            problems.add(f"unknown field `{printable(str(key))}`: form `{form.id}` has no such "
                         f"field{did_you_mean(str(key), fields)}", Where((key,), key=True))
        elif value is not None:
            values.update(field_values(field, value, problems))
    for field in form.all_fields:
        if is_missing(field, data.get(field.id)):
            problems.add(f"missing required field `{field.id}` ({field.label})")
    too_much_text = total_text_problem(values)
    if too_much_text:
        problems.add(too_much_text)
    problems.raise_any()
    return values


def is_missing(field: FormField, value: object) -> bool:
    # A signature is never filled from data, so it is never missing from it either.
    return field.required and kind_of(field) != "signature" and value in (None, "", [], {})


def field_values(field: FormField, value: object, problems: Problems) -> Values:
    kind = kind_of(field)
    try:
        if kind == "table":
            return table_values(field, value, problems)
        if kind == "multichoice":
            return multichoice_values(field, value)
        if kind == "signature":
            raise WrongValue(f"`{field.id}` ({field.label}) is a signature field: it is signed "
                             "in the PDF viewer or on paper, not filled from data")
        return {field.id: converted(kind, value, field.id, field.label, field.options)}
    except WrongValue as problem:
        problems.add(str(problem), Where((field.id,) + problem.at))
        return {}


def multichoice_values(field: FormField, value: object) -> Values:
    if not isinstance(value, list):
        raise wrong_type("multichoice", value, field.id, field.label)
    chosen = set()
    for index, item in enumerate(value):
        try:
            chosen.add(converted("choice", item, field.id, field.label, field.options))
        except WrongValue as problem:
            raise WrongValue(str(problem), (index,)) from None
    return {option_name(field, index): option in chosen
            for index, option in enumerate(field.options, start=1)}


def table_values(field: FormField, value: object, problems: Problems) -> Values:
    if not isinstance(value, list) or not all(row is None or isinstance(row, Mapping)
                                              for row in value):
        raise wrong_type("table", value, field.id, field.label)
    rows = field.rows or 1
    if len(value) > rows:
        problems.add(f"too many rows for `{field.id}` ({field.label}): {len(value)} given, "
                     f"the table has {rows}", Where((field.id, rows)))
    values: Values = {}
    for index, row in enumerate(value[:rows]):
        values.update(row_values(field, index, row or {}, problems))
    return values


def row_values(field: FormField, index: int, row: Mapping, problems: Problems) -> Values:
    columns: dict[str, Column] = {column.id: column for column in field.columns}
    values: Values = {}
    for key, cell in row.items():
        column = columns.get(str(key))
        name = f"{field.id}.{index + 1}.{printable(str(key))}"
        where = Where((field.id, index, key))
        if column is None:
            problems.add(f"unknown field `{name}`: table `{field.id}` has no column "
                         f"`{printable(str(key))}`{did_you_mean(str(key), columns)}",
                         Where(where.path, key=True))
        elif cell is not None:
            try:
                values[cell_name(field, index + 1, column)] = converted(
                    cell_kind(column), cell, name, column.label)
            except WrongValue as problem:
                problems.add(str(problem), where)
    return values


def converted(kind: str, value: object, name: str, label: str,
              options: tuple[str, ...] = ()) -> str | bool:
    """``value`` as the field shows it; raises WrongValue with the complete message."""
    if kind == "checkbox":
        if not isinstance(value, bool):
            raise wrong_type(kind, value, name, label)
        return value
    text = scalar_text(value)
    if text is None:
        raise wrong_type(kind, value, name, label)
    # Length and characters first: every later step, and the fill itself, is then bounded.
    check_text(text, name, label)
    if kind not in ("text", "textarea"):
        text = text.strip()
    if kind in ("number", "money"):
        check_number(kind, text, name, label)
    if kind == "date" and _DATE.match(text) and not is_date(text):
        raise WrongValue(f"`{printable(text)}` for `{name}` ({label}) is not a real date: "
                         "check the month and day")
    if not valid(kind, text):
        raise wrong_type(kind, value, name, label)
    if kind == "date":
        check_year(text, name, label)
    if kind == "choice" and options and text not in options:
        raise WrongValue(f"`{printable(text)}` is not an option of `{name}` ({label}): choose "
                         "one of " + ", ".join(f"`{option}`" for option in options))
    if kind == "money":
        return f"{Decimal(text):.2f}"
    return text


def scalar_text(value: object) -> str | None:
    """Text, a number or a date as text; None for anything else (lists, true/false …)."""
    if isinstance(value, (bool, list, dict)) or value is None:
        return None
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def valid(kind: str, text: str) -> bool:
    if kind in ("number", "money"):
        return is_number(text, max_decimals=2 if kind == "money" else None)
    if kind == "date":
        return is_date(text)
    if kind == "phone":
        return bool(_PHONE.match(text))
    if kind == "email":
        return bool(_EMAIL.match(text))
    return True


def is_number(text: str, max_decimals: int | None) -> bool:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return False
    if not number.is_finite():
        return False
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite Decimal's exponent is a number
    return max_decimals is None or -exponent <= max_decimals


def is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def wrong_type(kind: str, value: object, name: str, label: str) -> WrongValue:
    return WrongValue(f"wrong type for `{name}` ({label}): expected {EXPECTED[kind]}, "
                      f"got {shown(value)}")


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"`{printable(str(value))}`"



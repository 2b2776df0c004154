"""Field declarations for the content model.

Each model field carries what the converter, the JSON Schema generator and the linker need
to know about it: whether it is required, its key in YAML, what kind of item it refers to,
its allowed values and range, and a description for editors. Declared once, used by all.
"""
from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .diagnostics import Loc

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Form field and table column ids (format 1.1) are data keys for `sopkit form fill --data`,
# not file names, so they may also use underscores (`total_amount`).
DATA_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*([_-][a-z0-9]+)*$")
DATA_KEY = "data-key"  # spec(is_id=DATA_KEY): an id with the data-key pattern
ID_MAX_LENGTH = 64
MAX_TEXT = 10_000  # characters in one value: names, titles, duties, targets …
MAX_LONG_TEXT = 50_000  # fields declared long_text: summaries, descriptions, purposes

PERIODS = ("daily", "weekly", "monthly", "quarterly", "yearly")
STATUSES = ("draft", "in_review", "approved", "retired")
LOCALES = ("zh-Hans", "zh-Hant", "en")
FIELD_TYPES = ("text", "textarea", "date", "number", "money", "phone", "email",
               "choice", "multichoice", "checkbox", "signature", "table")


class Text(str):
    """A string from content that remembers where it was written."""

    loc: Loc

    def __new__(cls, value: str, loc: Loc) -> Text:
        obj = super().__new__(cls, value)
        obj.loc = loc
        return obj

    def __reduce__(self):
        return (Text, (str(self), self.loc))


class BadValue(Exception):
    """Raised by a field's parser; the message is shown to the user at the value's location."""


def spec(*, required: bool = False, doc: str = "", key: str | None = None,
         ref: str | None = None, choices: tuple[str, ...] | None = None,
         minimum: float | None = None, maximum: float | None = None, is_id: bool | str = False,
         parse: Callable[[str], Any] | None = None, json_schema: dict | None = None,
         default: Any = None, min_items: int = 0, label: str | None = None,
         long_text: bool = False) -> Any:
    """Declare a model field. ``ref`` names the kind of item the value points at; ``label``
    is its locale-catalog key (the name HR knows it by, shown in messages and editors);
    ``long_text`` allows paragraphs rather than the shorter limit of one name or line."""
    metadata = {
        "required": required, "doc": doc, "key": key, "ref": ref, "choices": choices,
        "label": label, "long_text": long_text,
        "minimum": minimum, "maximum": maximum, "is_id": is_id, "parse": parse,
        "json_schema": json_schema, "min_items": min_items,
    }
    if isinstance(default, typing.Mapping):  # read-only, but dataclasses refuse it as shared
        return dataclasses.field(default_factory=lambda: default, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def check_id(value: str, kind: bool | str = True) -> str | None:
    """Return why ``value`` is not a valid id, or None; ``kind`` is a field's ``is_id``."""
    if len(value) > ID_MAX_LENGTH:
        return f"id `{value}` is longer than {ID_MAX_LENGTH} characters"
    if kind == DATA_KEY:
        if DATA_KEY_PATTERN.match(value):
            return None
        return (f"`{value}` is not a valid field id: start with a letter a-z, then use "
                "lowercase letters, digits and single hyphens or underscores (e.g. "
                "`total_amount`)")
    if not ID_PATTERN.match(value):
        return (f"`{value}` is not a valid id: use lowercase letters a-z, digits and single "
                "hyphens (e.g. `sales-rep`)")
    return None


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One declared field of a model class: what ``spec`` said about it, for the loader's
    checks, the schema and the JSON output alike."""

    name: str
    key: str
    type: Any
    meta: typing.Mapping[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.meta["required"])


@cache
def field_infos(cls: type) -> tuple[FieldInfo, ...]:
    hints = typing.get_type_hints(cls)
    infos = []
    for f in dataclasses.fields(cls):
        if "required" not in f.metadata:
            continue  # bookkeeping fields (loc, locs, extra, source)
        infos.append(FieldInfo(f.name, f.metadata["key"] or f.name, hints[f.name], f.metadata))
    return tuple(infos)


def max_length(info: FieldInfo) -> int:
    """How many characters one value of this field may have."""
    return MAX_LONG_TEXT if info.meta["long_text"] else MAX_TEXT

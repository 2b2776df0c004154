"""Turn located YAML nodes into model objects, reporting every mistake with its location.

Types come from the model's annotations, rules from each field's ``spec`` metadata. The
converter never stops at the first problem: a bad value is reported and left out, so one
run shows everything that is wrong in a file.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import math
import re
import types
import typing
from functools import cache
from types import MappingProxyType
from typing import Any

from .diagnostics import Diagnostics
from .fields import BadValue, FieldInfo, Text, check_id, field_infos, max_length
from .i18n import DEFAULT_LOCALE, Labels
from .model import Node
from .suggest import did_you_mean
from .textsafety import shown
from .yamlsource import YMap, YNode, YScalar, YSeq

_INVALID = object()
# ASCII digits only: Python's int() also reads ①-like and Arabic-Indic digits.
_INT = re.compile(r"^[+-]?[0-9]+$")
_FLOAT = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_DIGITS = 15  # every count and amount in SOP content fits; floats stay exact
FIRST_YEAR, LAST_YEAR = 1900, 2200  # any real document date; later date arithmetic stays safe


def field_name(info: FieldInfo) -> str:
    """What HR calls the field (职位名称), from the content locale's catalog, else its doc."""
    if info.meta.get("label"):
        return Labels(DEFAULT_LOCALE)(info.meta["label"])
    return info.meta["doc"]


def describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping (key: value)"
    if isinstance(node, YSeq):
        return "a list"
    return f"`{shown(node.text)}`"


def convert(cls: type[Node], node: YNode, diags: Diagnostics) -> Any:
    """Build ``cls`` from ``node``; returns None when the node is not a mapping at all."""
    if not isinstance(node, YMap):
        diags.error(node.loc, f"expected a {cls.KIND} written as key: value pairs, found "
                    f"{describe(node)}", "type")
        return None
    node_type: type = cls  # mypy takes a dataclass type for unhashable in the cache
    infos = field_infos(node_type)
    by_key = {info.key: info for info in infos}
    values: dict[str, Any] = {}
    locs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    invalid: set[str] = set()  # reported already: not "empty" as well
    for key_node, value_node in node.items:
        key = key_node.text
        if key.startswith("x-"):
            extra[key] = plain_data(value_node)
            continue
        info = by_key.get(key)
        if info is None:
            _unknown_key(cls, key_node, by_key, diags)
            continue
        locs[info.name] = value_node.loc
        if isinstance(value_node, YScalar) and value_node.is_null:
            continue
        value = _value(info.type, value_node, info, diags)
        if value is not _INVALID:
            values[info.name] = value
        else:
            invalid.add(info.name)
    _check_required(cls, node, infos, values, locs, invalid, diags)
    return cls(loc=node.loc, locs=MappingProxyType(locs), extra=MappingProxyType(extra), **values)


def _unknown_key(cls: type[Node], key_node: YScalar, by_key: dict, diags: Diagnostics) -> None:
    key = shown(key_node.text)
    renamed = cls.RENAMED.get(key)
    if renamed:
        diags.error(key_node.loc, f"`{key}` was renamed to `{renamed[0]}` in format version "
                    f"{renamed[1]}: rename the key (see CHANGELOG.md)", "renamed-key")
        return
    hint = did_you_mean(key, by_key)
    known = ", ".join(sorted(by_key))
    hint = hint or f" (known keys: {known})"
    diags.error(key_node.loc, f"unknown key `{key}` in {cls.KIND}{hint} "
                "(keys of your own must start with `x-`)", "unknown-key")


def _check_required(cls, node, infos, values, locs, invalid, diags: Diagnostics) -> None:
    for info in infos:
        value = values.get(info.name)
        if info.name in invalid:
            continue
        if info.required and value is None and info.name not in locs:
            name = field_name(info)
            doc = f" ({name})" if name else ""
            diags.error(node.loc, f"{cls.KIND} is missing required key `{info.key}`{doc}",
                        "required")
        elif info.required and value is None:
            diags.error(locs[info.name], f"`{info.key}` must not be empty", "required")
        elif isinstance(value, tuple) and len(value) < info.meta["min_items"]:
            where = locs.get(info.name, node.loc)
            diags.error(where, f"`{info.key}` needs at least {info.meta['min_items']} "
                        f"entr{'y' if info.meta['min_items'] == 1 else 'ies'}", "required")


@cache
def _shape(tp: Any) -> tuple[str, Any]:
    """Classify an annotation once; conversion runs this for every value of every file."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return "union", typing.get_args(tp)
    if origin is tuple:
        return "tuple", typing.get_args(tp)[0]
    if origin is collections.abc.Mapping:
        return "mapping", typing.get_args(tp)[1]
    if dataclasses.is_dataclass(tp):
        return "node", tp
    return "scalar", tp


def _value(tp: Any, node: YNode, info: FieldInfo, diags: Diagnostics) -> Any:
    shape, arg = _shape(tp)
    if shape == "union":
        return _union(arg, node, info, diags)
    if shape == "tuple":
        return _sequence(arg, node, info, diags)
    if shape == "mapping":
        return _mapping(arg, node, info, diags)
    if shape == "node":
        result = convert(tp, node, diags)
        return _INVALID if result is None else result
    if not isinstance(node, YScalar):
        diags.error(node.loc, f"`{info.key}` must be {_expected(tp)}, not {describe(node)}", "type")
        return _INVALID
    return _scalar(tp, node, info, diags)


def _union(options: tuple, node: YNode, info: FieldInfo, diags: Diagnostics) -> Any:
    options = tuple(o for o in options if o is not type(None))
    if len(options) == 1:
        return _value(options[0], node, info, diags)
    # Text | SomeNode: a scalar is the text form, a mapping the structured form.
    structured = [o for o in options if dataclasses.is_dataclass(o)]
    if isinstance(node, YMap) and structured:
        return _value(structured[0], node, info, diags)
    return _value(Text, node, info, diags)


def _sequence(item_type: Any, node: YNode, info: FieldInfo, diags: Diagnostics) -> Any:
    if not isinstance(node, YSeq):
        example = f"[{shown(node.text)}]" if isinstance(node, YScalar) else "a list"
        diags.error(node.loc, f"`{info.key}` must be a list (write {example} or one "
                    f"`- item` per line), not {describe(node)}", "type")
        return _INVALID
    items = []
    for child in node.items:
        value = _value(item_type, child, info, diags)
        if value is not _INVALID:
            items.append(value)
    return tuple(items)


def _mapping(value_type: Any, node: YNode, info: FieldInfo, diags: Diagnostics) -> Any:
    """Keys chosen by the organisation (declared elsewhere, checked by the linker): each key
    is kept as a Text, so a message about it can point at it."""
    if not isinstance(node, YMap):
        diags.error(node.loc, f"`{info.key}` must be key: value pairs (e.g. "
                    f"`{info.key}: {{location: 上海}}`), not {describe(node)}", "type")
        return _INVALID
    values = {}
    for key_node, value_node in node.items:
        if isinstance(value_node, YScalar) and value_node.is_null:
            continue
        value = _value(value_type, value_node, info, diags)
        if value is not _INVALID:
            values[Text(key_node.text, key_node.loc)] = value
    return MappingProxyType(values)


def _expected(tp: Any) -> str:
    names = {Text: "text", int: "a whole number", float: "a number", bool: "true or false",
             dt.date: "a date (YYYY-MM-DD)"}
    return names.get(tp, "text")


def _scalar(tp: Any, node: YScalar, info: FieldInfo, diags: Diagnostics) -> Any:
    if len(node.text) > max_length(info):
        diags.error(node.loc, f"`{info.key}` is {len(node.text):,} characters long, over the "
                    f"limit of {max_length(info):,} for one value: shorten it, or split it "
                    "into several entries", "too-long")
        return _INVALID
    try:
        value = _SCALARS[tp](node)
    except BadValue as exc:
        diags.error(node.loc, f"`{info.key}`: {exc}", "type")
        return _INVALID
    try:
        _check_rules(value, node, info)
    except BadValue as exc:
        diags.error(node.loc, str(exc), "bad-id" if info.meta["is_id"] else "range")
        return _INVALID
    return value


def _check_rules(value: Any, node: YScalar, info: FieldInfo) -> None:
    meta = info.meta
    if meta["is_id"]:
        problem = check_id(value, meta["is_id"])
        if problem:
            raise BadValue(problem)
    if meta["choices"] and value not in meta["choices"]:
        hint = did_you_mean(value, meta["choices"])
        raise BadValue(f"`{shown(value)}` is not a valid {info.key}{hint or ':'} use one of "
                       f"{', '.join(meta['choices'])}")
    if meta["minimum"] is not None and value < meta["minimum"]:
        raise BadValue(f"`{info.key}` is {node.text}, below the minimum {meta['minimum']:g}")
    if meta["maximum"] is not None and value > meta["maximum"]:
        raise BadValue(f"`{info.key}` is {node.text}, above the maximum {meta['maximum']:g}")
    if meta["parse"]:
        meta["parse"](value)


def _text(node: YScalar) -> Text:
    return Text(node.text, node.loc)


def _int(node: YScalar) -> int:
    text = node.text.strip()
    if not _INT.match(text):
        raise BadValue(f"expected a whole number, found `{shown(node.text)}`")
    _check_digits(text.lstrip("+-"))
    return int(text)


def _float(node: YScalar) -> float:
    text = node.text.strip()
    if not _FLOAT.match(text):
        # float() would also take nan, inf and 1_0: none is a number a reader can use.
        raise BadValue(f"expected a number such as 1.5, found `{shown(node.text)}`")
    _check_digits(re.split("[eE]", text)[0].lstrip("+-").replace(".", ""))
    value = float(text)
    if not math.isfinite(value):
        raise BadValue(f"`{shown(node.text)}` is too large to be a number here")
    return value


def _check_digits(digits: str) -> None:
    # Leading zeros count too: int() refuses more than 4,300 digits of any kind.
    if len(digits) > MAX_DIGITS:
        raise BadValue(f"a {len(digits):,}-digit number is more than the {MAX_DIGITS} digits "
                       "any value here can have: check for a pasted or repeated number")


def _bool(node: YScalar) -> bool:
    lowered = node.text.lower()
    if node.plain and lowered in ("true", "false"):
        return lowered == "true"
    raise BadValue(f"expected true or false, found `{shown(node.text)}`")


def _date(node: YScalar) -> dt.date:
    text = node.text.strip()
    if not _DATE.match(text):
        raise BadValue(f"expected a date written YYYY-MM-DD, found `{shown(node.text)}`")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue(f"`{text}` is not a real date (check the month and day)") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadValue(f"`{text}` is out of range: use a year from {FIRST_YEAR} to {LAST_YEAR}")
    return day


_SCALARS = {Text: _text, int: _int, float: _float, bool: _bool, dt.date: _date}


def plain_data(node: YNode) -> Any:
    """``x-`` keys are the organisation's own data: carried through as plain values."""
    if isinstance(node, YMap):
        return MappingProxyType({k.text: plain_data(v) for k, v in node.items})
    if isinstance(node, YSeq):
        return tuple(plain_data(v) for v in node.items)
    return None if node.is_null else node.text


__all__ = ["convert", "field_infos", "FieldInfo", "Node", "plain_data"]

"""A document as the redline engine compares it: sections (one per field of the item) of
items (a field line, a list entry, the name of an entry with parts).

Generic over the kinds: the fields come from the model's own declarations
(``fields.field_infos``), so a new kind or field is compared without changes here. A
section's heading is the field's catalog label when it has one, else its YAML key. Field
lines are keyed by their path (``steps.3.name``), so a changed value is one reworded line.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..custom.compare import GROUP, ITEM, TEXT
from ..fields import field_infos
from ..i18n import Labels
from ..model import Node
from ..textdiff import Item

# Bookkeeping, not content: the id is the file name, the order only a sort key.
SKIPPED = frozenset({"id", "order"})
Section = tuple[str, list[Item]]


def sections(node: Node, t: Labels) -> list[Section]:
    """The node's fields as sections, in declaration order, empty ones left out: its single
    values together first (as field lines), then one section per list or part."""
    basics: list[Item] = []
    found: list[Section] = []
    for info in field_infos(type(node)):
        if info.name in SKIPPED:
            continue
        value = getattr(node, info.name)
        label = _label(info.meta.get("label"), info.key, t)
        items = _items(value, info.name, t)
        if isinstance(value, (tuple, Node, Mapping)):
            if items:
                found.append((label, items))
        else:
            basics += [Item(t("jd_field_line", label=label, value=i.text), TEXT, i.key)
                       for i in items]
    return ([(t("jd_redline_basics"), basics)] if basics else []) + found


def _items(value: object, path: str, t: Labels) -> list[Item]:
    if value is None or value is False or value == () or (
            isinstance(value, Mapping) and not value):
        return []
    if isinstance(value, Node):
        return _lines(value, path, t, set())
    if isinstance(value, tuple):
        result: list[Item] = []
        for entry in value:
            result += _entry(entry, path, t) if isinstance(entry, Node) else [
                Item(_text(entry), ITEM)]
        return result
    if isinstance(value, Mapping):
        return [Item(t("jd_field_line", label=key, value=_text(entry)), TEXT, f"{path}.{key}")
                for key, entry in value.items()]
    return [Item(_text(value), TEXT, path)]


def _entry(node: Node, path: str, t: Labels) -> list[Item]:
    """An entry with parts (a step, a KPI, a duty group): its name as a bold line, then its
    other fields. Keyed by its id or name, not by its place: a step inserted before it
    leaves it the same step."""
    texts = [info.name for info in field_infos(type(node))
             if isinstance(getattr(node, info.name), str) and getattr(node, info.name)]
    named = [name for name in texts if name != "id"][:1]
    if not texts:
        return [Item(line.text, ITEM, line.key) for line in _lines(node, path, t, set())]
    key = f"{path}:{getattr(node, 'id', None) or getattr(node, texts[0])}"
    name = str(getattr(node, (named or texts)[0]))
    return [Item(name, GROUP, key)] + [Item(line.text, ITEM, line.key) for line in
                                       _lines(node, key, t, {"id", *named})]


def _lines(node: Node, path: str, t: Labels, skipped: set[str]) -> list[Item]:
    """The fields of a nested node as ``label：value`` lines (lists one line per entry)."""
    result: list[Item] = []
    for info in field_infos(type(node)):
        if info.name in skipped:
            continue
        label = _label(info.meta.get("label"), info.key, t)
        for item in _items(getattr(node, info.name), f"{path}.{info.name}", t):
            if item.style == GROUP:
                result.append(item)
            else:
                result.append(Item(t("jd_field_line", label=label, value=item.text), TEXT,
                                   item.key))
    return result


# Fields whose schema declares no label but whose heading the catalogs have.
_HEADINGS = {"document": "doc_document_control"}


def _label(key: str | None, fallback: str, t: Labels) -> str:
    key = key or _HEADINGS.get(fallback)
    if key:
        try:
            return t(key)
        except KeyError:  # a label key of the schema with no printed wording
            pass
    return fallback


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)

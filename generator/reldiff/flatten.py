"""A document as the redline engine compares it: sections (one per part of the item) of
items (a field line, a list entry, the name of an entry with parts).

Generic over the kinds: the fields come from the model's own declarations
(``fields.field_infos``), so a new kind or field is compared without changes here. Single
values come first, together, as ``label：value`` lines; each list or part is a section of
its own. Labels are the fields' catalog labels (else their YAML keys), references are shown
by the name of what they name, and choices by their wording (``status_draft`` → 草稿), as
the documents print them. Field lines are keyed by their path and the entries of a list by
their id or name (``steps:plan.by``), so a changed value is one reworded line.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..custom.compare import GROUP, ITEM, TEXT
from ..fields import FieldInfo, field_infos
from ..i18n import Labels
from ..model import Node
from ..textdiff import Item

# Bookkeeping, not content: the id is the file name, the order only a sort key.
SKIPPED = frozenset({"id", "order"})
# Fields (by YAML key) whose schema declares no label but whose heading the catalogs have.
_HEADINGS = {"document": "doc_document_control", "departments": "departments",
             "actors": "actors", "steps": "steps", "phases": "phases",
             "applies_to": "applies_to", "for": "training_for", "purpose": "purpose",
             "forms": "forms", "head": "department_head", "organization": "organization",
             "version": "version", "status": "status"}
Section = tuple[str, list[Item]]
NameOf = Callable[[str, str], str]   # (reference kind, id) → what documents call it


def sections(node: Node, t: Labels, name_of: NameOf) -> list[Section]:
    return _Writer(t, name_of).sections(node)


@dataclass(frozen=True, slots=True)
class _Writer:
    t: Labels
    name_of: NameOf

    def sections(self, node: Node) -> list[Section]:
        basics: list[Item] = []
        found: list[Section] = []
        for info in _infos(node):
            if info.name in SKIPPED:
                continue
            value = getattr(node, info.name)
            items = self.items(value, info, info.name)
            if isinstance(value, (tuple, Node, Mapping)):
                if items:
                    found.append((self.label(info), items))
            else:
                basics += [self.line(info, item) for item in items]
        return ([(self.t("jd_redline_basics"), basics)] if basics else []) + found

    def items(self, value: object, info: FieldInfo, path: str) -> list[Item]:
        if value is None or value is False or value == () or (
                isinstance(value, Mapping) and not value):
            return []
        if isinstance(value, Node):
            return self.lines(value, path, set())
        if isinstance(value, tuple):
            result: list[Item] = []
            for entry in value:
                result += self.entry(entry, path) if isinstance(entry, Node) else [
                    Item(self.value(entry, info), ITEM)]
            return result
        if isinstance(value, Mapping):
            return [Item(self.t("jd_field_line", label=key, value=_text(entry)), TEXT,
                         f"{path}.{key}") for key, entry in value.items()]
        return [Item(self.value(value, info), TEXT, path)]

    def entry(self, node: Node, path: str) -> list[Item]:
        """An entry with parts (a step, a KPI, a duty group): its name as a bold line, then
        its other fields. Keyed by its id or name, not by its place: a step inserted before
        it leaves it the same step."""
        infos = _infos(node)
        texts = [i.name for i in infos if isinstance(getattr(node, i.name), str)
                 and getattr(node, i.name) and not i.meta.get("ref")]
        if not texts:
            return [Item(line.text, ITEM, line.key) for line in self.lines(node, path, set())]
        named = [name for name in texts if name != "id"][:1] or texts[:1]
        key = f"{path}:{getattr(node, 'id', None) or getattr(node, texts[0])}"
        others = [i for i in infos if i.name not in {"id", *named} and getattr(node, i.name)]
        if len(others) == 1 and isinstance(getattr(node, others[0].name), tuple):
            # a title and one list (a duty group): the list's lines need no label
            body = self.items(getattr(node, others[0].name), others[0], f"{key}.{others[0].name}")
        else:
            body = self.lines(node, key, {"id", *named})
        return [Item(str(getattr(node, named[0])), GROUP, key)] + [
            item if item.style == GROUP else Item(item.text, ITEM, item.key) for item in body]

    def lines(self, node: Node, path: str, skipped: set[str]) -> list[Item]:
        """The fields of a nested node as ``label：value`` lines (a list, a line an entry)."""
        result: list[Item] = []
        for info in _infos(node):
            if info.name in skipped:
                continue
            for item in self.items(getattr(node, info.name), info, f"{path}.{info.name}"):
                result.append(item if item.style == GROUP else self.line(info, item))
        return result

    def line(self, info: FieldInfo, item: Item) -> Item:
        return Item(self.t("jd_field_line", label=self.label(info), value=item.text), TEXT,
                    item.key)

    def label(self, info: FieldInfo) -> str:
        key = info.meta.get("label") or _HEADINGS.get(info.key)
        return self.catalog(key) or info.key if key else info.key

    def value(self, value: object, info: FieldInfo) -> str:
        if info.meta.get("ref") and isinstance(value, str):
            return self.name_of(info.meta["ref"], value)
        if info.meta.get("choices") and isinstance(value, str):
            return self.catalog(f"{info.name}_{value}") or value
        return _text(value)

    def catalog(self, key: str) -> str | None:
        try:
            return self.t(key)
        except KeyError:  # a label key of the schema with no printed wording
            return None


def _infos(node: Node) -> tuple[FieldInfo, ...]:
    kind: type = type(node)  # any model class: frozen dataclasses, hashable as classes are
    return field_infos(kind)


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)

"""Two linked knowledge bases compared document by document: what was added, removed or
changed, and in each changed document which items, as the redline engine sees them."""
from __future__ import annotations

from dataclasses import dataclass

from ..custom.compare import DELETED, INSERTED, SAME, Change, Section, changes
from ..kinds import BY_NAME, KINDS
from ..linker import LinkedKB
from ..model import Item as ModelItem
from ..model import Node
from ..textdiff import Item, diff_items
from .flatten import NameOf, sections

ADDED, REMOVED, CHANGED = "added", "removed", "changed"   # a document's state
ORG = ("", "org")   # the key of org.yaml among the documents


@dataclass(frozen=True, slots=True)
class Side:
    """A document as one revision has it."""

    title: str
    number: str
    version: str
    status: str
    sections: tuple[tuple[str, tuple[Item, ...]], ...]   # flatten.sections, as printed


@dataclass(frozen=True, slots=True)
class DocumentChange:
    folder: str                     # the kind's folder (roles, workflows …); "" for org.yaml
    id: str
    state: str                      # ADDED, REMOVED or CHANGED
    before: Side | None
    after: Side | None
    sections: tuple[Section, ...]
    changes: tuple[Change, ...]     # one entry per added, removed or reworded item

    @property
    def side(self) -> Side:
        side = self.after or self.before
        assert side is not None
        return side

    @property
    def path(self) -> str:
        """The file inside sops/: roles/sales-rep.yaml, org.yaml."""
        return f"{self.folder}/{self.id}.yaml" if self.folder else "org.yaml"

    def as_json(self) -> dict:
        return {"path": self.path, "kind": self.folder or "org", "id": self.id,
                "state": self.state, "title": self.side.title, "number": self.side.number,
                "version": {"before": self.before.version if self.before else None,
                            "after": self.after.version if self.after else None},
                "status": {"before": self.before.status if self.before else None,
                           "after": self.after.status if self.after else None},
                "changes": [{"kind": c.kind, "section": c.section, "text": c.text}
                            for c in self.changes]}


def compare_documents(old: LinkedKB, new: LinkedKB) -> list[DocumentChange]:
    """Every document that differs between ``old`` and ``new``, org.yaml first, then by
    kind and id. Documents compared by their printed fields, so a change of YAML layout
    alone (comments, quoting, order of keys) is no change."""
    before, after = _documents(old), _documents(new)
    result = []
    for key in sorted(before.keys() | after.keys(), key=_order):
        change = _compare(key, before.get(key), after.get(key))
        if change is not None:
            result.append(change)
    return result


def _compare(key: tuple[str, str], old: Side | None,
             new: Side | None) -> DocumentChange | None:
    old_sections = dict(old.sections) if old else {}
    new_sections = dict(new.sections) if new else {}
    headings = list(new_sections) + [h for h in old_sections if h not in new_sections]
    compared = []
    for heading in headings:
        items_before, items_after = old_sections.get(heading, ()), new_sections.get(heading, ())
        change = SAME if items_before and items_after else (
            INSERTED if items_after else DELETED)
        compared.append(Section(heading, change, tuple(diff_items(items_before, items_after))))
    found = tuple(changes(compared))
    if old and new and not found:
        return None
    state = CHANGED if old and new else (ADDED if new else REMOVED)
    return DocumentChange(key[0], key[1], state, old, new, tuple(compared), found)


def _documents(linked: LinkedKB) -> dict[tuple[str, str], Side]:
    """org.yaml and every item, the retired ones included (retiring is a change too)."""
    t, name_of = linked.labels, _names(linked)

    def printed(node: Node) -> tuple[tuple[str, tuple[Item, ...]], ...]:
        return tuple((heading, tuple(items)) for heading, items in sections(node, t, name_of))

    found = {ORG: Side(str(linked.org.organization.name), "org.yaml", "", "",
                       printed(linked.org))}
    items = [(kind.folder, item) for kind in KINDS for item in linked.kb.of(kind.folder).values()]
    items += [(entry.folder, entry.item) for entry in linked.retired]
    for folder, item in items:
        doc = linked.doc(item)
        found[folder, str(item.id)] = Side(_title(item), doc.number, doc.version, doc.status,
                                           printed(item))
    return found


def _names(linked: LinkedKB) -> NameOf:
    """A reference as documents print it: the title of the role, form … it names."""
    def name_of(kind: str, id_: str) -> str:
        if kind in BY_NAME:
            named = linked.kb.of(BY_NAME[kind].folder).get(id_)
            return _title(named) if named is not None else id_
        return linked.actor_name(id_)
    return name_of


def _title(item: ModelItem) -> str:
    return str(getattr(item, "title", None) or getattr(item, "name", None) or item.id)


def _order(key: tuple[str, str]) -> tuple[int, str]:
    folders = [kind.folder for kind in KINDS]
    return (folders.index(key[0]) + 1 if key[0] in folders else 0, key[1])

"""What is published: retired items leave every list and go to the 作废文件 register.

ISO 9001 §7.5: people must only be handed current documents. Rather than each renderer
remembering to skip retired items, the linker gives renderers a knowledge base without
them (``LinkedKB.kb``) and the register of what was retired (``LinkedKB.retired``): since
when, and what replaces it. Retired items keep their document control in
``LinkedKB.documents`` so their archive pages can still show it.

A draft whose file was approved in an earlier git commit is published as that approved
revision (``LastApproved``, found by generator/gitpublish.py and swapped in by
generator/publication.py), marked as under revision, with the draft beside it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .diagnostics import Diagnostics
from .doccontrol import DocInfo
from .model import Item, KnowledgeBase
from .suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class RetiredEntry:
    item: Item
    doc: DocInfo
    folder: str
    replaced_by: Item | None

    @property
    def since(self) -> dt.date | None:
        """The retirement date: the effective date of the retired revision, else the newest
        revision record."""
        if self.doc.effective is not None:
            return self.doc.effective
        return max((entry.date for entry in self.doc.history), default=None)


@dataclass(frozen=True, slots=True)
class LastApproved:
    """The approved revision published in place of a draft in the working tree."""

    item: Item      # the approved text, loaded from ``commit``
    draft: Item     # the working tree's draft (or in-review) revision
    commit: str     # abbreviated commit id
    date: dt.date   # when that commit was made (committer date, UTC)


def split_published(kb: KnowledgeBase, doc_of: Callable[[Item], DocInfo],
                    diags: Diagnostics) -> tuple[KnowledgeBase, tuple[RetiredEntry, ...]]:
    """The knowledge base without retired items, and the register of those items."""
    groups: dict[str, Mapping[str, Item]] = {}
    register: list[RetiredEntry] = []
    for folder, items in kb.groups.items():
        current = {key: item for key, item in items.items() if not doc_of(item).is_retired}
        groups[folder] = MappingProxyType(current)
        for item in items.values():
            if doc_of(item).is_retired:
                register.append(RetiredEntry(item, doc_of(item), folder,
                                             _replacement(item, current, diags)))
        for item in current.values():
            if item.document is not None and item.document.replaced_by:
                diags.warning(item.document.loc_of("replaced_by"),
                              f"`replaced_by` is only read on retired items; {item.KIND} "
                              f"`{item.id}` is {doc_of(item).status}", "replaced-by-current")
    published = dataclasses.replace(kb, groups=MappingProxyType(groups))
    register.sort(key=lambda entry: (entry.doc.number, entry.item.id))
    return published, tuple(register)


def _replacement(item: Item, current: Mapping[str, Item], diags: Diagnostics) -> Item | None:
    target = item.document.replaced_by if item.document is not None else None
    if not target:
        return None
    if target in current:
        return current[target]
    loc = item.document.loc_of("replaced_by") if item.document is not None else item.loc
    diags.error(loc, f"`replaced_by` names `{target}`, which is not a current {item.KIND}: "
                f"name the {item.KIND} that replaces `{item.id}`"
                f"{did_you_mean(target, current)}", "dangling-ref")
    return None

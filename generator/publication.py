"""The publication step, between load and link: drafts give way to their last approved
revision (generator/gitpublish.py), so every renderer stays a function of one linked model.

The working tree is linked first, as always: that is what `sopkit check` reports on. When
some drafts have an approved revision in git, the knowledge base with those revisions in
their place is linked again, and that model is the one published. It carries
``revising`` (what was swapped, from which commit) and ``working`` (the working tree's
model, from which the portal renders each draft on its own page).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import MappingProxyType

from .diagnostics import Diagnostics
from .gitpublish import last_approved
from .linker import LinkedKB, link
from .model import KnowledgeBase
from .published import LastApproved


def publish_last_approved(root: Path, loaded: KnowledgeBase, working: LinkedKB,
                          today: dt.date, diags: Diagnostics) -> LinkedKB:
    drafts = [item for item in loaded.items() if working.doc(item).is_draft]
    found = last_approved(root, drafts, working.org)
    if not found:
        return working
    scratch = Diagnostics()  # the working tree's problems are reported already
    published = link(_swapped(loaded, found), today, scratch)
    if scratch.errors:
        first = scratch.errors[0]
        names = ", ".join(f"`{entry.item.id}`@{entry.commit}" for entry in found.values())
        diags.warning(first.loc, f"the last approved revisions ({names}) no longer fit the "
                      f"knowledge base ({first.message}); the drafts are published instead, "
                      "marked", "history-unusable")
        return working
    return dataclasses.replace(published, revising=MappingProxyType(found), working=working)


def _swapped(kb: KnowledgeBase, found: dict[tuple[str, str], LastApproved]) -> KnowledgeBase:
    groups = {folder: MappingProxyType({key: found[(item.KIND, key)].item
                                        if (item.KIND, key) in found else item
                                        for key, item in items.items()})
              for folder, items in kb.groups.items()}
    return dataclasses.replace(kb, groups=MappingProxyType(groups))

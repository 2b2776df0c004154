"""An item's own fields (format 1.1 `extra:`), with the labels org.yaml declares for them.

In the order org.yaml declares them, so every item of a kind prints them alike; a declared
field the item leaves empty is left out.
"""
from __future__ import annotations

from ..kinds import kind_of
from ..linker import LinkedKB
from ..model import Item


def own_fields(linked: LinkedKB, item: Item) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs of the item's `extra:` values."""
    declared = linked.org.extra_fields
    if declared is None:
        return ()
    return tuple((field.label, item.own_fields[field.id])
                 for field in declared.of(kind_of(item).name) if field.id in item.own_fields)

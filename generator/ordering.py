"""The order of the items of each kind, and the document numbers it gives (format 1.1).

One order serves every reader: the handbook's chapters, the portal's navigation and
indexes, registers and onboarding packs. An item's own `order:` comes first; without one,
roles go by department (as org.yaml lists them), then reporting depth, then title, and
every other kind by title. The id breaks ties, so the order never depends on file order.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .kinds import KINDS, kind_of
from .model import Item, KnowledgeBase, Org, Role

_LAST = float("inf")  # items without `order:` after those with one


def kind_orders(kb: KnowledgeBase) -> Mapping[str, tuple[Item, ...]]:
    """Each kind's items (by folder) in reading order."""
    departments: dict[str, int] = {
        d.id: place for place, d in enumerate(kb.org.departments if kb.org else ())}
    orders: dict[str, tuple[Item, ...]] = {}
    for kind in KINDS:
        items = kb.of(kind.folder).values()
        if kind.model is Role:
            key = _role_key(kb.roles, departments)
        else:
            key = lambda item: (_own(item), item.title, item.id)  # noqa: E731
        orders[kind.folder] = tuple(sorted(items, key=key))
    return MappingProxyType(orders)


def _own(item: Item) -> float:
    return _LAST if item.order is None else item.order


def _role_key(roles: Mapping[str, Role], departments: Mapping[str, int]):
    def key(role: Role) -> tuple:
        department = departments.get(role.department, len(departments))
        return (_own(role), department, _depth(role, roles), role.title, role.id)
    return key


def _depth(role: Role, roles: Mapping[str, Role]) -> int:
    """How many superiors above the role (a cycle, reported elsewhere, stops the count)."""
    seen: set[str] = {role.id}
    current = role.reports_to
    while current is not None and current in roles and current not in seen:
        seen.add(current)
        current = roles[current].reports_to
    return len(seen) - 1


def numbered(org: Org, orders: Mapping[str, tuple[Item, ...]]) -> Mapping[tuple[str, str], str]:
    """The numbers org.yaml's `numbering:` patterns give, by (kind, id); {n} counts from 1
    in the kind's order. Items with a number of their own keep it and are still counted, so
    adding a number to one item does not renumber the others."""
    if org.numbering is None:
        return MappingProxyType({})
    numbers: dict[tuple[str, str], str] = {}
    for items in orders.values():
        for place, item in enumerate(items, start=1):
            pattern = getattr(org.numbering, kind_of(item).name)
            if pattern:
                numbers[(item.KIND, item.id)] = pattern.format(n=place)
    return MappingProxyType(numbers)

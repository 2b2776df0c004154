"""A flow too long for one page, printed as parts joined by named connectors.

Rows are cut where the running height would pass a portrait page; a connector that crosses
a cut ends at a small box "转第 2 部分" in its part and starts again at "接第 1 部分" in the
other, in the lane of the step it belongs to. A part has one such box per other part on
each side: every line to that part joins it (two boxes saying the same read as two
different places), and a branch's label is repeated where its line goes on. A part ends
where a phase band (format 1.1) begins when one begins on it, so a phase is printed whole
when it fits a page.
"""
from __future__ import annotations

from collections.abc import Callable

from .lanes import ROW_GAP, Axes, Item, Link, assign_rows

Connector = Callable[[str, int], tuple[str, tuple[float, float]]]  # ("to"/"from", part) →


def cut_rows(items: list[Item], links: list[Link], budget: float, axes: Axes) -> list[int]:
    """The first row of every part after the first, so no part's rows exceed `budget`
    points along the flow (a row taller than the budget still gets a part of its own)."""
    assign_rows(items, links)
    rows = max((item.row for item in items), default=0) + 1
    size = [max((axes.flow_size(*item.size)[0] for item in items if item.row == r),
                default=0.0) + ROW_GAP
            for r in range(rows)]
    band_starts = {min(i.row for i in items if i.phase == k)
                   for k in {i.phase for i in items if i.phase is not None}}
    cuts, start = [], 0
    for row in range(rows):
        if row > start and sum(size[start:row + 1]) > budget:
            # back to where this row's phase band begins, when that leaves a part before it
            start = max((b for b in band_starts if start < b <= row), default=row)
            cuts.append(start)
            if row > start and sum(size[start:row + 1]) > budget:
                start = row
                cuts.append(start)
    return cuts


def split(items: list[Item], links: list[Link], cuts: list[int], owner: dict[str, str],
          connector: Connector) -> list[tuple[list[Item], list[Link], list[int]]]:
    """Each part's items (connectors added), links, and the lanes it uses (old indexes).

    `owner` maps an item that must stay with another (an end event) to that item."""
    def part_of(name: str) -> int:
        row = by_name[owner.get(name, name)].row
        return sum(row >= cut for cut in cuts)

    by_name = {item.name: item for item in items}
    order = {item.name: index for index, item in enumerate(items)}
    filled = {by_name[owner.get(i.name, i.name)].row for i in items}
    bounds = [0, *cuts, 1 << 30]
    cuts = [cut for k, cut in enumerate(cuts, start=1)  # no part of end events alone
            if any(cut <= row < bounds[k + 1] for row in filled)]
    count = len(cuts) + 1
    parts: list[tuple[list[Item], list[Link]]] = [([], []) for _ in range(count)]
    incoming: list[list[Item]] = [[] for _ in range(count)]
    # one connector per other part on each side: every line to (or from) that part joins it
    joints: dict[tuple[str, int, int], Item] = {}
    last_source: dict[str, str] = {}  # an outgoing joint's last step in flow order

    def joint(kind: str, here: int, there: int, near: str) -> Item:
        key = (kind, here, there)
        if key not in joints:
            name, size = connector(kind, there + 1)
            joints[key] = Item(f"{name}_{here + 1}", by_name[near].lane, size)
            if kind == "from":  # an incoming connector heads its part, before any band
                incoming[here].append(joints[key])
        return joints[key]

    for item in items:
        parts[part_of(item.name)][0].append(_copy(item))
    for link in links:
        source, target = part_of(link.source), part_of(link.target)
        if source == target:
            parts[source][1].append(link)
            continue
        out = joint("to", source, target, link.source)
        if order[link.source] >= order[last_source.get(out.name, link.source)]:
            last_source[out.name] = link.source
        parts[source][1].append(Link(link.source, out.name, link.label, link.text))
        # the branch's label again where it goes on: a joint may lead to several steps
        into = joint("from", target, source, link.target)
        onward = Link(into.name, link.target, link.label, link.text)
        same = [k for k, j in enumerate(parts[target][1])
                if (j.source, j.target) == (into.name, link.target)]
        if not same:
            parts[target][1].append(onward)
        elif parts[target][1][same[0]].text != link.text:  # one line, its labels disagree
            parts[target][1][same[0]] = Link(into.name, link.target)
    for (kind, here, _), item in joints.items():
        if kind == "to":  # after the last step that leads to it, in that step's lane and band
            near = by_name[last_source[item.name]]
            item.lane, item.phase = near.lane, near.phase
            _insert_after(parts[here][0], near.name, item)
    result = []
    for number, (members, joins) in enumerate(parts):
        members = incoming[number] + members
        used = sorted({item.lane for item in members})
        for item in members:
            item.lane = used.index(item.lane)
        result.append((members, joins, used))
    return result


def _copy(item: Item) -> Item:
    return Item(item.name, item.lane, item.size, list(item.notes), item.phase)


def _insert_after(members: list[Item], name: str, new: Item) -> None:
    position = next(i for i, item in enumerate(members) if item.name == name)
    members.insert(position + 1, new)

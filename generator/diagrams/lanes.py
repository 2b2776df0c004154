"""Where each box of a swimlane goes, and the right-angled path of each connector.

`dot` lays a swimlane out as it likes: lanes in its own order, gaps between them, diagonal
splines. Here the drawing is placed by rule instead, as a person would draw it:

* a lane per executor, in the order given, each exactly as wide as its widest box;
* a row per step of the flow: a step sits one row below the last step that leads to it,
  or lower when its lane is taken at that row;
* connectors run at right angles; of a few routes the one that crosses no box wins;
* a connector back to an earlier step returns along the side of the lane.

Everything is worked out in "flow" coordinates: `a` along the flow (rows), `c` across it
(lanes). :class:`Axes` turns those into page coordinates, so the same layout draws lanes
as columns (flow downwards) or as rows (flow to the right).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

ROW_GAP = 22.0      # between rows: room for a connector and its label
LANE_PAD = 14.0     # between a lane's border and its boxes
NOTE_GAP = 10.0     # between a box and the form notes beside it
GUTTER = 7.0        # room for each return connector along a lane's side
ARROW = 7.0         # arrowhead length (arrowsize 0.7)
EDGE_ROOM = 12.0    # a return along the chart's outer edge runs this far inside it
LABEL_MARGIN = 3.0  # a branch label stays this far inside the chart's frame


@dataclass(frozen=True, slots=True)
class Axes:
    """Flow coordinates → page coordinates. Columns: along = y, across = x."""

    columns: bool

    def point(self, a: float, c: float) -> tuple[float, float]:
        return (c, a) if self.columns else (a, c)

    def flow_size(self, width: float, height: float) -> tuple[float, float]:
        """(along, across) extent of something `width` × `height` on the page."""
        return (height, width) if self.columns else (width, height)


@dataclass(slots=True)
class Item:
    """One node to place: a step, a start or an end event, with the notes beside it."""

    name: str
    lane: int
    size: tuple[float, float]                      # page width, height
    notes: list[tuple[str, tuple[float, float]]] = field(default_factory=list)
    phase: int | None = None                       # its phase band (.phases), if any
    row: int = 0
    a: float = 0.0
    c: float = 0.0


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Rect, margin: float = 0.0) -> bool:
        return (self.x - margin < other.x + other.w and other.x < self.x + self.w + margin
                and self.y - margin < other.y + other.h and other.y < self.y + self.h + margin)

    def crossed_by(self, p: tuple[float, float], q: tuple[float, float]) -> bool:
        """Does the axis-parallel segment p–q pass through this rectangle?"""
        (x1, y1), (x2, y2) = p, q
        return (min(x1, x2) < self.x + self.w and max(x1, x2) > self.x
                and min(y1, y2) < self.y + self.h and max(y1, y2) > self.y)


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    target: str
    label: tuple[float, float] | None = None       # page size of its label, if any
    text: str | None = None                        # the label


@dataclass(slots=True)
class Layout:
    width: float
    height: float
    lanes: list[Rect]                              # page rectangle of each lane
    headers: list[Rect]                            # each lane's name band
    boxes: dict[str, Rect]                         # node name → page rectangle
    routes: list[list[tuple[float, float]]]        # per link, page points, last = tip
    labels: list[Rect | None]                      # per link
    phases: list[tuple[int, Rect, Rect]] = field(default_factory=list)  # band, its header
    corner: Rect | None = None                     # over the phase names, beside lane names


def assign_rows(items: list[Item], links: list[Link]) -> None:
    """One row below the latest forward predecessor, or lower if the lane is taken there;
    an item that starts another phase band goes below every row used before it, so no two
    bands share a row."""
    order = {item.name: i for i, item in enumerate(items)}
    rows: dict[str, int] = {}
    taken: set[tuple[int, int]] = set()
    floor, phase = 0, items[0].phase if items else None
    for item in items:
        if item.phase != phase:
            floor, phase = max(rows.values(), default=-1) + 1, item.phase
        preds = [rows[link.source] for link in links if link.target == item.name
                 and link.source in rows and order[link.source] < order[item.name]]
        row = max(max(preds, default=-1) + 1, floor)
        while (item.lane, row) in taken:
            row += 1
        item.row, rows[item.name] = row, row
        taken.add((item.lane, row))


def _extent(item: Item, axes: Axes) -> tuple[float, float, float]:
    """(along, half across of the box, across beyond the box's centre on the notes' side)."""
    along, across = axes.flow_size(*item.size)
    notes = [axes.flow_size(*size) for _, size in item.notes]
    notes_along = sum(n[0] for n in notes) + 4 * max(len(notes) - 1, 0)
    beyond = across / 2 + (NOTE_GAP + max(n[1] for n in notes) if notes else 0)
    return max(along, notes_along), across / 2, beyond


def lay_out(items: list[Item], links: list[Link], lane_count: int, header: tuple[float, float],
            axes: Axes, phase_heads: Sequence[tuple[float, float]] = ()) -> Layout:
    """Place every item and route every link. `header` is the page size of a lane's name
    band (its across extent is a minimum lane width); `phase_heads` the page size of each
    phase band's name (an item's `phase` indexes it)."""
    assign_rows(items, links)
    by_name = {item.name: item for item in items}
    loops = [_is_loop(link, by_name) for link in links]
    extents = {item.name: _extent(item, axes) for item in items}
    rows = max((item.row for item in items), default=0) + 1
    row_size = [max((extents[i.name][0] for i in items if i.row == r), default=0.0)
                for r in range(rows)]
    bands = _phase_rows(items)
    heads = {k: axes.flow_size(*phase_heads[k]) for k in bands}
    for k, (first, last) in bands.items():  # a band at least as long as its name
        span = sum(row_size[first:last + 1]) + ROW_GAP * (last - first + 1)
        row_size[last] += max(0.0, heads[k][0] - span)
    phase_across = max((head[1] for head in heads.values()), default=0.0)
    header_along, header_across = axes.flow_size(*header)
    row_start = [header_along + ROW_GAP / 2 + sum(row_size[:r]) + ROW_GAP * r
                 for r in range(rows)]
    lane_start, lane_axis, lane_size, gutters = _lanes(items, extents, links, loops,
                                                       lane_count, header_across, by_name,
                                                       phase_across)
    for item in items:
        item.a = row_start[item.row] + row_size[item.row] / 2
        item.c = lane_axis[item.lane]
    along_total = row_start[-1] + row_size[-1] + ROW_GAP / 2 if rows else header_along
    across_total = lane_start[-1] + lane_size[-1] if lane_count else 0.0
    boxes = _boxes(items, axes)
    router = _Router(by_name, boxes, axes, row_start, row_size, lane_start, lane_size)
    routed = {i: router.route(links[i], gutters.get(i), loops[i])
              for i in _routing_order(links, by_name)}
    routes = [routed[i] for i in range(len(links))]
    phases = []
    for k, (first, last) in bands.items():
        start = row_start[first] - ROW_GAP / 2
        along = row_start[last] + row_size[last] + ROW_GAP / 2 - start
        phases.append((k, _rect(axes, start, 0, along, across_total),
                       _rect(axes, start, 0, along, phase_across)))
    width, height = axes.point(along_total, across_total)
    borders = [[axes.point(0, c), axes.point(along_total, c)] for c in lane_start[1:]]
    labels = _place_labels(links, routes, boxes, [head for _, _, head in phases],
                           Rect(0, 0, width, height), borders)
    lanes = [_rect(axes, 0, lane_start[i], along_total, lane_size[i]) for i in range(lane_count)]
    headers = [_rect(axes, 0, lane_start[i], header_along, lane_size[i])
               for i in range(lane_count)]
    corner = _rect(axes, 0, 0, header_along, phase_across) if phases else None
    return Layout(width, height, lanes, headers, boxes, routes, labels, phases, corner)


def _routing_order(links: list[Link], by_name: dict[str, Item]) -> list[int]:
    """Links in order, except that the branches leaving one box go farthest lane first: the
    far one takes the short way out of the side, the near one leaves from the bottom, and
    their lines do not cross (routed near first, the far one had to go round and across)."""
    first: dict[str, int] = {}
    for index, link in enumerate(links):
        first.setdefault(link.source, index)
    return sorted(range(len(links)), key=lambda i: (
        first[links[i].source],
        -abs(by_name[links[i].target].lane - by_name[links[i].source].lane), i))


def _phase_rows(items: list[Item]) -> dict[int, tuple[int, int]]:
    """First and last row of every phase band, in band order."""
    bands: dict[int, tuple[int, int]] = {}
    for item in items:
        if item.phase is not None:
            first, last = bands.get(item.phase, (item.row, item.row))
            bands[item.phase] = (min(first, item.row), max(last, item.row))
    return dict(sorted(bands.items()))


def _is_loop(link: Link, by_name: dict[str, Item]) -> bool:
    return by_name[link.target].row <= by_name[link.source].row


def _lanes(items, extents, links, loops, lane_count, min_across, by_name, offset=0.0):
    """Start, box axis and size of every lane (across, the first at `offset`), and each
    loop's return channel."""
    half = [0.0] * lane_count
    beyond = [0.0] * lane_count
    for item in items:
        _, h, b = extents[item.name]
        half[item.lane] = max(half[item.lane], h)
        beyond[item.lane] = max(beyond[item.lane], b)
    channels = [0] * lane_count
    gutter_of: dict[int, tuple[int, int, int]] = {}
    outer = 0  # returns that may run along the first lane's outer side: the chart's edge
    for index, link in enumerate(links):
        s, t = by_name[link.source], by_name[link.target]
        if loops[index]:
            lanes = (s.lane, t.lane)
            gutter_of[index] = (max(lanes), channels[max(lanes)], outer if min(lanes) == 0
                                else -1)
            channels[max(lanes)] += 1
            outer += min(lanes) == 0
        elif s.lane == t.lane == 0 and t.row > s.row + 1:  # may go round what is between
            gutter_of[index] = (0, -1, outer)
            outer += 1
    # room for them inside the frame, so a return and its label do not run on the edge
    edge = EDGE_ROOM + GUTTER * (outer - 1) if outer else 0.0
    starts, axis, sizes = [], [], []
    position = offset
    for lane in range(lane_count):
        room = edge if lane == 0 else 0.0
        needed = room + LANE_PAD + half[lane] + beyond[lane] + LANE_PAD + GUTTER * channels[lane]
        size = max(needed, min_across)
        starts.append(position)
        axis.append(position + room + LANE_PAD + (size - needed) / 2 + half[lane])
        sizes.append(size)
        position += size
    gutters = {index: (starts[lane] + sizes[lane] - LANE_PAD / 2 - GUTTER * k if k >= 0
                       else None, starts[0] + EDGE_ROOM + GUTTER * j if j >= 0 else None)
               for index, (lane, k, j) in gutter_of.items()}
    return starts, axis, sizes, gutters


def _rect(axes: Axes, a: float, c: float, along: float, across: float) -> Rect:
    x, y = axes.point(a, c)
    w, h = axes.point(along, across)
    return Rect(x, y, w, h)


def _boxes(items: list[Item], axes: Axes) -> dict[str, Rect]:
    boxes = {}
    for item in items:
        w, h = item.size
        x, y = axes.point(item.a, item.c)
        boxes[item.name] = Rect(x - w / 2, y - h / 2, w, h)
        along, across = axes.flow_size(w, h)
        notes = [(name, size, axes.flow_size(*size)) for name, size in item.notes]
        total = sum(n[2][0] for n in notes) + 4 * max(len(notes) - 1, 0)
        a = item.a - total / 2
        for name, (nw, nh), (n_along, n_across) in notes:
            x, y = axes.point(a + n_along / 2, item.c + across / 2 + NOTE_GAP + n_across / 2)
            boxes[name] = Rect(x - nw / 2, y - nh / 2, nw, nh)
            a += n_along + 4
    return boxes


Point = tuple[float, float]


class _Router:
    """Right-angled connectors in flow coordinates, scored against the boxes they cross."""

    def __init__(self, items, boxes, axes, row_start, row_size, lane_start, lane_size):
        self.items, self.boxes, self.axes = items, boxes, axes
        self.row_start, self.row_size = row_start, row_size
        self.lane_start, self.lane_size = lane_start, lane_size
        self.drawn: list[tuple[Point, Point, str]] = []  # segments, and where they go

    def _ends(self, item: Item) -> tuple[float, float]:
        along, across = self.axes.flow_size(*item.size)
        return along / 2, across / 2

    def route(self, link: Link, gutter: tuple[float | None, float | None] | None,
              loop: bool) -> list[Point]:
        """`gutter`: the channels kept for it, (beside its lane, along the chart's edge)."""
        s, t = self.items[link.source], self.items[link.target]
        high, low = gutter or (None, None)
        candidates = self._candidates(s, t, high if loop else None, low)
        best = min(candidates, key=lambda path: self._cost(path, s.name, t.name))
        page = [self.axes.point(a, c) for a, c in best]
        self.drawn += [(p, q, t.name) for p, q in pairwise(page)]
        return page

    def _candidates(self, s: Item, t: Item, high: float | None,
                    low: float | None) -> list[list[Point]]:
        sa, sc = self._ends(s)
        ta, tc = self._ends(t)
        bottom_s, top_t = (s.a + sa, s.c), (t.a - ta, t.c)
        if low is None:
            low = self.lane_start[min(s.lane, t.lane)] + LANE_PAD / 2
        if high is not None:  # back to an earlier row: return along a lane's side, into
            above = t.a - ta - ROW_GAP / 2  # the target's side or, over it, into its top
            return [[(s.a, s.c + sc), (s.a, high), (t.a, high), (t.a, t.c + tc)],
                    [(s.a, s.c - sc), (s.a, low), (t.a, low), (t.a, t.c - tc)],
                    [(s.a, s.c - sc), (s.a, low), (above, low), (above, t.c), top_t]]
        if s.lane == t.lane:  # or out of the side, round what is between, and back in
            return [[bottom_s, top_t],
                    [(s.a, s.c - sc), (s.a, low), (t.a, low), (t.a, t.c - tc)]]
        toward = 1 if t.c > s.c else -1
        after_s = self.row_start[s.row] + self.row_size[s.row] + ROW_GAP / 2
        before_t = self.row_start[t.row] - ROW_GAP / 2
        side_s = (s.a, s.c + toward * sc)
        if s.row == t.row:
            return [[side_s, (t.a, t.c - toward * tc)],
                    [bottom_s, (after_s, s.c), (after_s, t.c), (t.a + ta, t.c)]]
        # down the source lane's side, when its own lane and the target's are in the way
        side = (self.lane_start[s.lane] + self.lane_size[s.lane] - LANE_PAD / 2 if toward > 0
                else self.lane_start[s.lane] + LANE_PAD / 2)
        return [[side_s, (s.a, t.c), top_t],
                [bottom_s, (before_t, s.c), (before_t, t.c), top_t],
                [bottom_s, (after_s, s.c), (after_s, t.c), top_t],
                [side_s, (s.a, side), (before_t, side), (before_t, t.c), top_t]]

    def _cost(self, path: list[Point], source: str, target: str) -> float:
        page = [self.axes.point(a, c) for a, c in path]
        segments = list(pairwise(page))
        cost = 0.01 * len(segments) + 0.0001 * sum(abs(p[0] - q[0]) + abs(p[1] - q[1])
                                                    for p, q in segments)
        for name, box in self.boxes.items():
            if name in (source, target):
                continue
            cost += 10 * sum(box.crossed_by(p, q) for p, q in segments)
        # a line crossing another reads worse than one beside it; running along a line to
        # another box is worse still (they read as one), joining one to the same box is not
        for p, q in segments:
            cost += sum((0.5 if goes == target else 3) * _overlap(p, q, u, v)
                        + 2 * _crossing(p, q, u, v) for u, v, goes in self.drawn)
        return cost


def _overlap(p: Point, q: Point, u: Point, v: Point) -> float:
    """1 when two segments run along each other within 3 pt (they would read as one)."""
    if p[0] == q[0] and u[0] == v[0] and abs(p[0] - u[0]) < 3:
        return float(min(max(p[1], q[1]), max(u[1], v[1]))
                     - max(min(p[1], q[1]), min(u[1], v[1])) > 1)
    if p[1] == q[1] and u[1] == v[1] and abs(p[1] - u[1]) < 3:
        return float(min(max(p[0], q[0]), max(u[0], v[0]))
                     - max(min(p[0], q[0]), min(u[0], v[0])) > 1)
    return 0.0


def _crossing(p: Point, q: Point, u: Point, v: Point) -> float:
    """1 when a horizontal and a vertical segment cross inside both (not where they end)."""
    if p[1] == q[1] and u[0] == v[0]:
        return float(min(p[0], q[0]) + 1 < u[0] < max(p[0], q[0]) - 1
                     and min(u[1], v[1]) + 1 < p[1] < max(u[1], v[1]) - 1)
    if p[0] == q[0] and u[1] == v[1]:
        return _crossing(u, v, p, q)
    return 0.0


def _place_labels(links: list[Link], routes: list[list[Point]], boxes: dict[str, Rect],
                  heads: list[Rect], frame: Rect,
                  borders: list[list[Point]]) -> list[Rect | None]:
    """Each branch label beside the first straight stretch of its connector, on the side
    where it covers no box, no phase name, no other label and no line (a connector, its
    own later stretches, a lane's border), inside the chart's frame."""
    placed: list[Rect | None] = []
    taken = list(boxes.values()) + heads
    lines = [(p, q) for route in routes + borders for p, q in pairwise(route)]
    for link, route in zip(links, routes, strict=True):
        if link.label is None:
            placed.append(None)
            continue
        options = [r for p, q in pairwise(route) for r in _beside(p, q, *link.label)]
        inside = [r for r in options if _within(r, frame, LABEL_MARGIN)] or options
        free = [r for r in inside if not any(r.overlaps(b, 1.5) for b in taken)]
        clear = [r for r in free if not any(_grown(r, 1.0).crossed_by(p, q) for p, q in lines)]
        chosen = (clear or free or inside)[0]
        taken.append(chosen)
        placed.append(chosen)
    return placed


def _grown(rect: Rect, margin: float) -> Rect:
    return Rect(rect.x - margin, rect.y - margin, rect.w + 2 * margin, rect.h + 2 * margin)


def _within(inner: Rect, outer: Rect, margin: float) -> bool:
    return (inner.x >= outer.x + margin and inner.y >= outer.y + margin
            and inner.x + inner.w <= outer.x + outer.w - margin
            and inner.y + inner.h <= outer.y + outer.h - margin)


def _beside(p: Point, q: Point, w: float, h: float) -> list[Rect]:
    """Places for a w × h label next to segment p–q, near its start first."""
    (x1, y1), (x2, y2) = p, q
    if x1 == x2:  # vertical: right of the line, then left; near the start, then the middle
        step = 1 if y2 > y1 else -1
        ys = [y1 + step * 3 if step > 0 else y1 - 3 - h, (y1 + y2) / 2 - h / 2]
        return [Rect(x1 + side, y, w, h) for y in ys for side in (3, -3 - w)]
    step = 1 if x2 > x1 else -1
    xs = [x1 + 4 if step > 0 else x1 - 4 - w, (x1 + x2) / 2 - w / 2]
    return [Rect(x, y1 + side, w, h) for x in xs for side in (-2 - h, 2)]

"""Reporting lines of an org chart drawn as a person draws them: down from the superior,
along a bar between the levels, and into the top of each subordinate.

`dot` places the boxes of an org chart well, but its right-angled routing (splines=ortho)
ignores ports: a line may leave a superior by its side and enter a subordinate's box from
the side (销售主管 → 销售员). So the solid lines `dot` drew are redrawn in its SVG from
the boxes it placed, and nothing is laid out twice. Dashed lines (权限上级) keep the route
`dot` found: they cross levels and need its search around the boxes.
"""
from __future__ import annotations

import re
from html import unescape

MARK = "sopkit-org-lines-1"  # in the DOT source of a chart whose lines are redrawn here
_NODE = re.compile(rb'<g id="node\d+" class="node">\s*<title>([^<]*)</title>.*?'
                   rb'<(?:path|polygon) [^>]*?(?:d|points)="([^"]+)"', re.S)
_EDGE = re.compile(rb'(<g id="edge\d+" class="edge">\s*<title>([^<]*)</title>\s*'
                   rb'<path fill="none" stroke="[^"]*") d="[^"]+"')
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in the SVG's coordinates


def redraw(source: str, svg: bytes) -> bytes:
    """`svg` with every solid reporting line of an org chart redrawn top to bottom (left to
    right when the chart runs that way); any other drawing is returned as it is."""
    if MARK not in source:
        return svg
    across = "rankdir=LR" in source
    boxes = {_name(title): _bounds(numbers) for title, numbers in _NODE.findall(svg)}
    edges = [(_name(title).split("->", 1)) for _, title in _EDGE.findall(svg)]
    below: dict[str, list[str]] = {}
    for superior, subordinate in edges:
        if superior in boxes and subordinate in boxes:
            below.setdefault(superior, []).append(subordinate)

    def line(match: re.Match[bytes]) -> bytes:
        superior, subordinate = _name(match.group(2)).split("->", 1)
        if superior not in boxes or subordinate not in boxes:
            return match.group(0)
        points = _route(boxes[superior], boxes[subordinate],
                        [boxes[s] for s in below[superior]], across)
        return match.group(1) + b' d="' + _path(points) + b'"'

    return _EDGE.sub(line, svg)


def _name(title: bytes) -> str:
    return unescape(title.decode("utf-8"))


def _bounds(numbers: bytes) -> Box:
    values = [float(n) for n in _NUMBER.findall(numbers)]
    xs, ys = values[0::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _route(top: Box, box: Box, level: list[Box], across: bool) -> list[tuple[float, float]]:
    """Out of the middle of the superior's bottom, along a bar halfway to its nearest
    subordinate, and down into the middle of `box`'s top (sideways when `across`)."""
    if across:  # the same drawing turned: x is the depth
        turned = _route(_turn(top), _turn(box), [_turn(b) for b in level], False)
        return [(y, x) for x, y in turned]
    x_from, x_to = (top[0] + top[2]) / 2, (box[0] + box[2]) / 2
    bar = top[3] + (min(b[1] for b in level) - top[3]) / 2
    if abs(x_from - x_to) < 0.5:
        return [(x_from, top[3]), (x_from, box[1])]
    return [(x_from, top[3]), (x_from, bar), (x_to, bar), (x_to, box[1])]


def _turn(box: Box) -> Box:
    return box[1], box[0], box[3], box[2]


def _path(points: list[tuple[float, float]]) -> bytes:
    """Straight cubic pieces, as Graphviz writes a path (M then C)."""
    def at(p: tuple[float, float]) -> str:
        return f"{p[0]:.2f},{p[1]:.2f}"
    pieces = [f"{at(p)} {at(q)} {at(q)}" for p, q in zip(points, points[1:], strict=False)]
    return f"M{at(points[0])}C{' '.join(pieces)}".encode()

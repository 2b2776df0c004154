"""A laid-out swimlane (:mod:`.lanes`) written as DOT that `neato -n2` draws as placed.

Every node carries `pos` (centre, points, y upwards) and a fixed size; every connector its
spline (straight cubic pieces, so right angles stay right angles). Lanes are nodes drawn
first (outputorder=nodesfirst): bands under the boxes, connectors over both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import graphviz

from .lanes import ARROW, Layout, Link, Rect
from .pages import PAD_IN
from .render import PINNED
from .style import FONT_SIZE, LINE, MUTED, SMALL_SIZE, html_label, plain_label, tooltip, unwrapped


@dataclass(frozen=True, slots=True)
class Box:
    """What a node shows: label lines (text, point size or None), DOT attributes, link."""

    lines: list[tuple[str, str | None]]
    attrs: dict[str, str]
    link: str | None = None   # "sop:step/ID", "sop:role/ID", "sop:form/ID": the portal's
    owner: str | None = None  # a form note's step node


@dataclass(frozen=True, slots=True)
class Lane:
    name: str                  # wrapped
    colour: str
    link: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class Sheet:
    """Everything one drawing needs."""

    name: str
    lanes: list[Lane]
    boxes: dict[str, Box]
    links: list[Link]
    layout: Layout
    columns: bool
    extra: dict[str, str] = field(default_factory=dict)
    phases: list[Lane] = field(default_factory=list)   # per phase band: its name cell
    phase_title: str = ""                               # heads the phase names' cells


def to_dot(sheet: Sheet, font: str) -> str:
    layout = sheet.layout
    graph = graphviz.Digraph(name=sheet.name)
    graph.attr("graph", layout="neato", fontname=font, bgcolor="white", pad=f"{PAD_IN}",
               charset="UTF-8", splines="true", outputorder="nodesfirst",
               bb=f"0,0,{layout.width:.1f},{layout.height:.1f}")
    graph.attr("node", fontname=font, fontsize=FONT_SIZE, color=LINE, penwidth="1.0",
               fixedsize="true", margin="0")
    graph.attr("edge", fontname=font, fontsize=SMALL_SIZE, color=LINE, arrowsize="0.7")
    flip = layout.height
    for index, lane in enumerate(sheet.lanes):
        _lane(graph, index, lane, layout, flip)
    for index, band, head in layout.phases:
        _phase(graph, index, sheet.phases[index], band, head, flip)
    if layout.corner is not None and sheet.phases:
        graph.node("phasecorner", label=html_label((sheet.phase_title, None)), shape="box",
                   style="filled", fillcolor=sheet.phases[0].colour, color=MUTED,
                   penwidth="0.8", id="phasecorner", **_place(layout.corner, flip))
    for name, box in sheet.boxes.items():
        if name in layout.boxes:
            _node(graph, name, box, layout.boxes[name], flip)
    for name, box in sheet.boxes.items():
        if box.owner and name in layout.boxes:
            _note_line(graph, box.owner, name, layout.boxes, flip, sheet.columns)
    for index, (link, route, label) in enumerate(zip(sheet.links, layout.routes,
                                                     layout.labels, strict=True)):
        _edge(graph, link.source, link.target, route, flip)
        if link.text and label is not None:
            _edge_label(graph, index, link.text, label, flip)
    assert PINNED in graph.source.split("\n", 2)[1]  # render.py draws it with neato -n2
    return graph.source


def _pos(x: float, y: float, flip: float) -> str:
    return f"{x:.1f},{flip - y:.1f}"


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"


def _place(rect: Rect, flip: float) -> dict[str, str]:
    return {"pos": _pos(rect.x + rect.w / 2, rect.y + rect.h / 2, flip) + "!",
            "width": _inches(rect.w), "height": _inches(rect.h)}


def _lane(graph, index: int, lane: Lane, layout: Layout, flip: float) -> None:
    """A lane: its band (drawn first, so under everything) and its name."""
    graph.node(f"lane_{index}", label="", shape="box", style="filled", fillcolor=lane.colour,
               color=MUTED, penwidth="0.8", id=f"lane-{index}",
               tooltip=tooltip(lane.tooltip), **_place(layout.lanes[index], flip))
    graph.node(f"lanehead_{index}", label=html_label((lane.name, None)), shape="box",
               style="filled", fillcolor=lane.colour, color=MUTED, penwidth="0.8",
               id=f"lanehead-{index}", URL=lane.link, tooltip=tooltip(lane.tooltip),
               **_place(layout.headers[index], flip))


def _phase(graph, index: int, phase: Lane, band: Rect, head: Rect, flip: float) -> None:
    """A phase: a dashed outline across the lanes (over their fill, under the boxes) and
    its name in a cell beside them. Numbered by band: a phase may come back later."""
    graph.node(f"phase_{index}", label="", shape="box", style="dashed", color=MUTED,
               penwidth="1.2", id=f"phase-{index}", tooltip=tooltip(phase.tooltip),
               **_place(band, flip))
    graph.node(f"phasehead_{index}", label=html_label((phase.name, None)), shape="box",
               style="filled", fillcolor=phase.colour, color=MUTED, penwidth="0.8",
               id=f"phasehead-{index}", tooltip=tooltip(phase.tooltip),
               **_place(head, flip))


def _node(graph, name: str, box: Box, rect: Rect, flip: float) -> None:
    # A linked box's hover text is what it says (Graphviz would show "<TABLE>").
    extra = {"URL": box.link, "id": name, "tooltip": tooltip(_said(box))} if box.link \
        else {"id": name}
    graph.node(name, label=html_label(*box.lines), **box.attrs, **extra, **_place(rect, flip))


def _said(box: Box) -> str:
    return " · ".join(unwrapped(text) for text, _ in box.lines)


def _edge(graph, source: str, target: str, route: list[tuple[float, float]],
          flip: float) -> None:
    """A right-angled connector: straight cubic pieces, the arrowhead on the last."""
    *body, tip = route
    last = body[-1]
    length = abs(tip[0] - last[0]) + abs(tip[1] - last[1])
    shorten = min(ARROW, length)
    end = (tip[0] + (last[0] - tip[0]) * shorten / length,
           tip[1] + (last[1] - tip[1]) * shorten / length) if length else tip
    points = [*body, end]
    spline = [points[0]]
    for p, q in pairwise(points):
        spline += [p, q, q]
    pos = f"e,{_pos(tip[0], tip[1], flip)} " + " ".join(_pos(x, y, flip) for x, y in spline)
    graph.edge(source, target, pos=pos)


def _edge_label(graph, index: int, label: str, box: Rect, flip: float) -> None:
    """A branch's label, placed by :mod:`.lanes` beside its line (id `label-N`)."""
    graph.node(f"label_{index}", label=plain_label(label), shape="box", color="transparent",
               fontsize=SMALL_SIZE, id=f"label-{index}", **_place(box, flip))


def _note_line(graph, step: str, note: str, boxes: dict[str, Rect], flip: float,
               columns: bool) -> None:
    """The dashed tie from a step to a form it uses, straight across to the note."""
    box, paper = boxes[step], boxes[note]
    if columns:
        y = min(max(paper.y + paper.h / 2, box.y + 4), box.y + box.h - 4)
        ends = [(box.x + box.w, y), (paper.x, y)]
    else:
        x = min(max(paper.x + paper.w / 2, box.x + 4), box.x + box.w - 4)
        ends = [(x, box.y + box.h), (x, paper.y)]
    pos = " ".join(_pos(x, y, flip) for x, y in [ends[0], ends[0], ends[1], ends[1]])
    graph.edge(step, note, pos=pos, style="dashed", arrowhead="none", color=MUTED)

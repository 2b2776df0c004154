"""Swimlane flow chart of one workflow: a lane per executor, drawn as a person would.

The boxes are placed and the connectors routed by :mod:`.lanes`; this module says what
each box shows and writes the result as DOT for `neato -n2`, which draws it exactly where
it was put (Graphviz still sets the text, in the CJK font, and writes the SVG).

Which way the lanes run is decided by measuring: lanes as columns on a portrait page, as
rows, or on a landscape page, whichever prints the smallest text largest (never below
what a reader can read when any arrangement allows it).

Phases (format 1.1) are not drawn yet: they would be bands across the lanes, one per run
of rows; :func:`lay_out_workflow` is where they would be added (see `PHASE_HOOK`).
"""
from __future__ import annotations

from dataclasses import dataclass

import graphviz

from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Step, Workflow
from .colours import actor_colour
from .lanes import ARROW, Axes, Item, Layout, Link, Rect, lay_out
from .measure import Block, blocks_size, text_width
from .pages import Fit, best_fit
from .style import (
    FONT_SIZE,
    LINE,
    MUTED,
    SMALL_SIZE,
    html_label,
    label_text,
    plain_label,
    wrap,
)

START, END = "start", "end"
from .render import PINNED
PHASE_HOOK = None  # phases: bands across the lanes, drawn from the rows each phase spans
BOX_PAD = (9.0, 6.0)        # text to box edge, each side (x, y)
HEADER_HEIGHT = 26.0


def lanes_of(workflow: Workflow) -> list[str]:
    """The lanes: the workflow's `lanes` list when given (then the executors it leaves out
    follow in order of first appearance), else executors in the order they first act."""
    given = [lane for lane in getattr(workflow, "lanes", ()) or ()]
    used = []
    for step in workflow.steps:
        if step.by and step.by not in used:
            used.append(step.by)
    return [lane for lane in given if lane in used] + [lane for lane in used if lane not in given]


def step_node(step_id: str) -> str:
    return f"step_{step_id}"


def _step_blocks(step: Step, linked: LinkedKB, t: Labels) -> list[tuple[str, str | None]]:
    lines: list[tuple[str, str | None]] = [(wrap(step.name, 6 if step.decision else 8), None)]
    if step.checker:
        lines.append((wrap(t("checker") + t("colon") + linked.actor_name(step.checker), 14),
                      SMALL_SIZE))
    if step.time_limit:
        lines.append((wrap(t("time_limit") + t("colon") + step.time_limit, 14), SMALL_SIZE))
    return lines


def _size(lines: list[tuple[str, str | None]], diamond: bool = False) -> tuple[float, float]:
    w, h = blocks_size([Block(label_text(text, 160), float(size or FONT_SIZE))
                        for text, size in lines])
    h += 2 * len(lines)  # the label table's cell padding
    if diamond:  # the text's rectangle fits a diamond twice its size
        return 2 * w + 12, 2 * h + 8
    return w + 2 * BOX_PAD[0], h + 2 * BOX_PAD[1]


@dataclass(frozen=True, slots=True)
class _Node:
    name: str
    lines: list[tuple[str, str | None]]
    attrs: dict[str, str]
    size: tuple[float, float]
    link: str | None = None   # "sop:step/ID", "sop:role/ID", "sop:form/ID": the portal's
    owner: str | None = None  # a form note's step node


def _nodes(linked: LinkedKB, workflow: Workflow, t: Labels, lanes: list[str]):
    """Items to place (in flow order), what each node shows, and the links between them."""
    flow = linked.flows[workflow.id]
    steps = {s.id: s for s in workflow.steps if s.id is not None}
    items: list[Item] = []
    nodes: dict[str, _Node] = {}
    terminal = {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#e2e8f0"}

    def lane_of(step_id: str) -> int:
        by = steps[step_id].by
        return lanes.index(by) if by in lanes else 0

    if flow.start:
        lines: list[tuple[str, str | None]] = [(t("start"), None)]
        if workflow.trigger:
            lines.append((wrap(workflow.trigger, 12), SMALL_SIZE))
        nodes[START] = _Node(START, lines, terminal, _size(lines))
        items.append(Item(START, lane_of(flow.start), nodes[START].size))
    for step in steps.values():
        lines = _step_blocks(step, linked, t)
        shape = {"shape": "diamond", "style": "filled", "fillcolor": "#fff7ed"} \
            if step.decision else {"shape": "box", "style": "rounded,filled",
                                   "fillcolor": "white"}
        node = _Node(step_node(step.id), lines, shape, _size(lines, bool(step.decision)),
                     f"sop:step/{step.id}")
        nodes[node.name] = node
        item = Item(node.name, lane_of(step.id), node.size)
        for form_id in step.forms:
            form = linked.kb.forms.get(form_id)
            note_lines = [(wrap(form.title if form else form_id, 6), SMALL_SIZE)]
            note = _Node(f"form_{step.id}_{form_id}", note_lines,
                         {"shape": "note", "style": "filled", "fillcolor": "#f8fafc",
                          "color": MUTED}, _size(note_lines), f"sop:form/{form_id}",
                         node.name)
            nodes[note.name] = note
            item.notes.append((note.name, note.size))
        items.append(item)
        if step.id in flow.ends:
            end = _Node(f"{END}_{step.id}", [(t("end"), None)], terminal,
                        _size([(t("end"), None)]))
            nodes[end.name] = end
            items.append(Item(end.name, lane_of(step.id), end.size))
    links = _links(flow, nodes)
    return items, nodes, links


def _links(flow, nodes: dict[str, _Node]) -> list[tuple[str, str, str | None]]:
    links: list[tuple[str, str, str | None]] = []
    if flow.start:
        links.append((START, step_node(flow.start), None))
    links += [(step_node(e.source), step_node(e.target), e.label) for e in flow.edges]
    links += [(step_node(step_id), f"{END}_{step_id}", None) for step_id in sorted(flow.ends)]
    return [link for link in links if link[0] in nodes and link[1] in nodes]


def _label_size(label: str) -> tuple[float, float]:
    text = label_text(label)
    return text_width(text, float(SMALL_SIZE)) + 4, float(SMALL_SIZE) * 1.3 + 2


@dataclass(frozen=True, slots=True)
class Drawing:
    layout: Layout
    fit: Fit
    columns: bool


def lay_out_workflow(linked: LinkedKB, workflow: Workflow, t: Labels):
    """The workflow's nodes, links and the arrangement (of those tried) that reads best."""
    lanes = lanes_of(workflow)
    names = [wrap(linked.actor_name(lane), 8) for lane in lanes]
    header_w = max((text_width(n, float(FONT_SIZE)) for n in names), default=0) + 16
    rows_header_w = max((text_width(wrap(linked.actor_name(lane), 4), float(FONT_SIZE))
                         for lane in lanes), default=0) + 16
    rows_header_h = max((4 + 1.3 * float(FONT_SIZE) * (wrap(linked.actor_name(lane), 4)
                                                      .count("\n") + 1) for lane in lanes),
                        default=HEADER_HEIGHT)
    drawings = []
    for columns in (True, False):
        items, nodes, raw = _nodes(linked, workflow, t, lanes)
        links = [Link(s, g, _label_size(label) if label else None) for s, g, label in raw]
        header = (header_w, HEADER_HEIGHT) if columns else (rows_header_w, rows_header_h)
        layout = lay_out(items, links, len(lanes), header, Axes(columns))
        drawings.append((layout, columns))
    fit, (layout, columns) = best_fit(drawings, float(SMALL_SIZE))
    return lanes, nodes, raw, Drawing(layout, fit, columns)


def workflow_dot(linked: LinkedKB, workflow: Workflow, t: Labels, font: str) -> str:
    return workflow_chart(linked, workflow, t, font)[0]


def workflow_chart(linked: LinkedKB, workflow: Workflow, t: Labels,
                   font: str) -> tuple[str, Fit]:
    """DOT source of the chart, and the page it is drawn for."""
    lanes, nodes, raw, drawing = lay_out_workflow(linked, workflow, t)
    layout = drawing.layout
    graph = graphviz.Digraph(name=f"workflow-{workflow.id}")
    graph.attr("graph", layout="neato", fontname=font, bgcolor="white", pad="0.1",
               charset="UTF-8", splines="true", outputorder="nodesfirst",
               bb=f"0,0,{layout.width:.1f},{layout.height:.1f}")
    graph.attr("node", fontname=font, fontsize=FONT_SIZE, color=LINE, penwidth="1.0",
               fixedsize="true", margin="0")
    graph.attr("edge", fontname=font, fontsize=SMALL_SIZE, color=LINE, arrowsize="0.7")
    flip = layout.height
    for index, lane in enumerate(lanes):
        _lane(graph, index, lane, layout, linked, font, flip, drawing.columns)
    for name, node in nodes.items():
        _node(graph, node, layout.boxes[name], flip)
    for step, note in _notes(nodes):
        _note_line(graph, step, note, layout.boxes, flip, drawing.columns)
    for (source, target, label), route, box in zip(raw, layout.routes, layout.labels):
        _edge(graph, source, target, route, flip)
        if label and box is not None:
            _edge_label(graph, source, target, label, box, flip)
    assert PINNED in graph.source.split("\n", 2)[1]  # render.py draws it with neato -n2
    return graph.source, drawing.fit


def _pos(x: float, y: float, flip: float) -> str:
    return f"{x:.1f},{flip - y:.1f}"


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"


def _place(rect: Rect, flip: float) -> dict[str, str]:
    return {"pos": _pos(rect.x + rect.w / 2, rect.y + rect.h / 2, flip) + "!",
            "width": _inches(rect.w), "height": _inches(rect.h)}


def _lane(graph, index: int, lane: str, layout: Layout, linked: LinkedKB, font: str,
          flip: float, columns: bool) -> None:
    """A lane: its band (drawn first, so under everything) and its name."""
    colour = actor_colour(linked, lane)
    graph.node(f"lane_{index}", label="", shape="box", style="filled", fillcolor=colour,
               color=MUTED, penwidth="0.8", id=f"lane-{index}", tooltip=linked.actor_name(lane),
               **_place(layout.lanes[index], flip))
    name = wrap(linked.actor_name(lane), 8 if columns else 4)
    graph.node(f"lanehead_{index}", label=html_label((name, None)), shape="box",
               style="filled", fillcolor=colour, color=MUTED, penwidth="0.8",
               id=f"lanehead-{index}", URL=f"sop:role/{lane}", fontname=font,
               **_place(layout.headers[index], flip))


def _node(graph, node: _Node, rect: Rect, flip: float) -> None:
    extra = {"URL": node.link, "id": node.name} if node.link else {"id": node.name}
    graph.node(node.name, label=html_label(*node.lines), **node.attrs, **extra,
               **_place(rect, flip))


def _edge(graph, source: str, target: str, route, flip: float) -> None:
    """A right-angled connector: straight cubic pieces, the arrowhead on the last."""
    *body, tip = route
    last = body[-1]
    length = abs(tip[0] - last[0]) + abs(tip[1] - last[1])
    shorten = min(ARROW, length)
    end = (tip[0] + (last[0] - tip[0]) * shorten / length,
           tip[1] + (last[1] - tip[1]) * shorten / length) if length else tip
    points = [*body, end]
    spline = [points[0]]
    for p, q in zip(points, points[1:]):
        spline += [p, q, q]
    pos = f"e,{_pos(*tip, flip)} " + " ".join(_pos(x, y, flip) for x, y in spline)
    graph.edge(source, target, pos=pos)


def _edge_label(graph, source: str, target: str, label: str, box: Rect, flip: float) -> None:
    graph.node(f"label_{source}_{target}", label=plain_label(label), shape="plaintext",
               fontsize=SMALL_SIZE, id=f"label-{source}-{target}", **_place(box, flip))


def _notes(nodes: dict[str, _Node]) -> list[tuple[str, str]]:
    return [(node.owner, name) for name, node in nodes.items() if node.owner]


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

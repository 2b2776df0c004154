"""Swimlane flow chart of one workflow: a lane per executor, drawn as a person would.

The boxes are placed and the connectors routed by :mod:`.lanes`; this module says what
each box shows, and :mod:`.pinned` writes DOT that `neato -n2` draws exactly as placed
(Graphviz still sets the text, in the CJK font, and writes the SVG).

Which way the lanes run is decided by measuring (:mod:`.pages`): lanes as columns or as
rows, on a portrait or a landscape page, whichever prints the smallest text largest. A
flow too long for any page at a readable size is printed in parts (:mod:`.parts`); the
screen shows it whole, with zoom and pan.

Phases (format 1.1) are bands across the lanes over the rows their steps take, named
beside the lanes (:mod:`.phases`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Step, Workflow
from .colours import actor_colour
from .lanes import ROW_GAP, Axes, Item, Link, lay_out
from .measure import Block, blocks_size, text_width
from .pages import LANDSCAPE, PORTRAIT, SMALLEST_TEXT_PT, Fit, best_fit
from .parts import cut_rows, split
from .phases import Runs, head_size, head_text, phase_runs
from .pinned import Box, Lane, Sheet, to_dot
from .style import FONT_SIZE, MUTED, SMALL_SIZE, label_text, wrap

START, END = "start", "end"
BOX_PAD = (9.0, 6.0)        # text to box edge, each side (x, y)
HEADER_HEIGHT = 26.0
TERMINAL = {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#e2e8f0"}
PHASE_FILL = "#f8fafc"  # a phase's name cell: lighter than every lane
CONNECTOR = {"shape": "box", "style": "rounded,dashed,filled", "fillcolor": "white",
             "color": MUTED}


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
    matrix = linked.kb.approvals.get(step.approval) if step.approval else None
    if matrix is not None:  # decided by an approval matrix (format 1.1): name its matter
        lines.append((wrap(t("approval_matrix") + t("colon") + matrix.matter, 14), SMALL_SIZE))
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


def _nodes(linked: LinkedKB, workflow: Workflow, t: Labels, lanes: list[str], runs: Runs):
    """Items to place (in flow order), what each box shows, and the links between them.
    A step and its end event are in its phase's band."""
    flow = linked.flows[workflow.id]
    steps: dict[str, Step] = {str(s.id): s for s in workflow.steps if s.id is not None}
    items: list[Item] = []
    boxes: dict[str, Box] = {}

    def lane_of(step_id: str) -> int:
        by = steps[step_id].by
        return lanes.index(by) if by in lanes else 0

    def add(name: str, box: Box, lane: int, diamond: bool = False,
            phase: int | None = None) -> Item:
        boxes[name] = box
        items.append(Item(name, lane, _size(box.lines, diamond), phase=phase))
        return items[-1]

    if flow.start:
        lines: list[tuple[str, str | None]] = [(t("start"), None)]
        if workflow.trigger:
            lines.append((wrap(workflow.trigger, 12), SMALL_SIZE))
        add(START, Box(lines, TERMINAL), lane_of(flow.start))
    for step in steps.values():
        shape = {"shape": "diamond", "style": "filled", "fillcolor": "#fff7ed"} \
            if step.decision else {"shape": "box", "style": "rounded,filled",
                                   "fillcolor": "white"}
        item = add(step_node(step.id), Box(_step_blocks(step, linked, t), shape,
                                           f"sop:step/{step.id}"),
                   lane_of(step.id), bool(step.decision), runs.of_step.get(step.id))
        for form_id in step.forms:
            form = linked.kb.forms.get(form_id)
            note = Box([(wrap(form.title if form else form_id, 6), SMALL_SIZE)],
                       {"shape": "note", "style": "filled", "fillcolor": "#f8fafc",
                        "color": MUTED}, f"sop:form/{form_id}", item.name)
            boxes[f"form_{step.id}_{form_id}"] = note
            item.notes.append((f"form_{step.id}_{form_id}", _size(note.lines)))
        if step.id in flow.ends:
            add(f"{END}_{step.id}", Box([(t("end"), None)], TERMINAL), lane_of(step.id),
                phase=runs.of_step.get(step.id))
    return items, boxes, _links(flow, boxes)


def _links(flow, boxes: dict[str, Box]) -> list[Link]:
    raw: list[tuple[str, str, str | None]] = []
    if flow.start:
        raw.append((START, step_node(flow.start), None))
    raw += [(step_node(e.source), step_node(e.target), e.label) for e in flow.edges]
    raw += [(step_node(step_id), f"{END}_{step_id}", None) for step_id in sorted(flow.ends)]
    return [Link(s, g, _label_size(label) if label else None, label) for s, g, label in raw
            if s in boxes and g in boxes]


def _label_size(label: str) -> tuple[float, float]:
    return text_width(label_text(label), float(SMALL_SIZE)) + 4, float(SMALL_SIZE) * 1.3 + 2


@dataclass(frozen=True, slots=True)
class Chart:
    """One drawing and the page it is printed on."""

    dot: str
    fit: Fit


def _header(names: list[str], columns: bool) -> tuple[float, float]:
    """Page size of a lane's name band: a strip over columns, a block left of rows."""
    if columns:
        return max((text_width(wrap(n, 8), float(FONT_SIZE)) for n in names),
                   default=0.0) + 16, HEADER_HEIGHT
    wrapped = [wrap(n, 4) for n in names]
    return (max((text_width(n, float(FONT_SIZE)) for n in wrapped), default=0.0) + 16,
            max((6 + 1.3 * float(FONT_SIZE) * (n.count("\n") + 1) for n in wrapped),
                default=HEADER_HEIGHT))


def _draw(name: str, items: list[Item], links: list[Link], lanes: list[str],
          boxes: dict[str, Box], linked: LinkedKB, font: str, phases: tuple[str, ...],
          only: tuple[bool, ...] = (True, False)) -> tuple[Chart, Sheet]:
    """Lay out both ways (or `only` one) and keep the arrangement that prints best."""
    names = [linked.actor_name(lane) for lane in lanes]
    sheets = []
    for columns in only:
        layout = lay_out(items, links, len(lanes), _header(names, columns), Axes(columns),
                         [head_size(phase, columns) for phase in phases])
        lane_marks = [Lane(wrap(n, 8 if columns else 4), actor_colour(linked, lane),
                           f"sop:role/{lane}", n) for lane, n in zip(lanes, names, strict=True)]
        heads = [Lane(head_text(phase, columns), PHASE_FILL, "", phase) for phase in phases]
        sheets.append((layout, Sheet(name, lane_marks, boxes, links, layout, columns,
                                     phases=heads, phase_title=linked.labels("phase"))))
    fit, (_, sheet) = best_fit(sheets, float(SMALL_SIZE))
    return Chart(to_dot(sheet, font), fit), sheet


def _readable(chart: Chart) -> bool:
    return chart.fit.smallest_text(float(SMALL_SIZE)) >= SMALLEST_TEXT_PT


def workflow_dot(linked: LinkedKB, workflow: Workflow, t: Labels, font: str) -> str:
    """The whole chart: what a screen shows (zoom and pan), and print when it fits."""
    return workflow_charts(linked, workflow, t, font)[0].dot


def workflow_charts(linked: LinkedKB, workflow: Workflow, t: Labels,
                    font: str) -> tuple[Chart, list[Chart]]:
    """The whole chart, and the charts to print: the whole one when it prints readably,
    else its parts, cut for the page and direction that print them best."""
    lanes, runs = lanes_of(workflow), phase_runs(workflow)
    items, boxes, links = _nodes(linked, workflow, t, lanes, runs)
    whole, _ = _draw(f"workflow-{workflow.id}", items, links, lanes, boxes, linked, font,
                     runs.names)
    if _readable(whole):
        return whole, [whole]
    best: list[Chart] = [whole]
    for columns, page in ((True, PORTRAIT), (True, LANDSCAPE), (False, PORTRAIT),
                          (False, LANDSCAPE)):
        parts = _parts(workflow, lanes, columns, page, linked, t, font)
        if parts and all(_readable(p) for p in parts):
            return whole, parts
        if parts and min(p.fit.scale for p in parts) > min(p.fit.scale for p in best):
            best = parts
    return whole, best


def _parts(workflow: Workflow, lanes: list[str], columns: bool, page: tuple[float, float],
           linked: LinkedKB, t: Labels, font: str) -> list[Chart]:
    """The flow cut into parts that fit `page` laid out one way."""
    runs = phase_runs(workflow)
    items, boxes, links = _nodes(linked, workflow, t, lanes, runs)
    axes = Axes(columns)
    along = axes.flow_size(*page)[0]
    connector = _size([(t("chart_part_from", n=99), SMALL_SIZE)])
    header = axes.flow_size(*_header([linked.actor_name(lane) for lane in lanes], columns))[0]
    budget = along - header - 2 * (axes.flow_size(*connector)[0] + ROW_GAP) - ROW_GAP
    cuts = cut_rows(items, links, budget, axes)
    if not cuts:
        return []
    owner = {i.name: i.name.removeprefix(f"{END}_") for i in items if i.name.startswith(END)}
    owner = {name: step_node(step) for name, step in owner.items()}

    def make_connector(kind: str, number: int) -> tuple[str, tuple[float, float]]:
        return f"{kind}{number}", connector

    charts = []
    pieces = split(items, links, cuts, owner, make_connector)
    for number, (members, joins, used) in enumerate(pieces, start=1):
        part_boxes = dict(boxes)
        for item in members:
            for kind in ("to", "from"):
                if item.name.startswith(kind) and item.name not in boxes:
                    target = int(item.name[len(kind):].split("_", 1)[0])
                    part_boxes[item.name] = Box([(t(f"chart_part_{kind}", n=target),
                                                  SMALL_SIZE)], CONNECTOR)
        chart, _ = _draw(f"workflow-{workflow.id}-part-{number}", members, joins,
                         [lanes[i] for i in used], part_boxes, linked, font, runs.names,
                         (columns,))
        charts.append(chart)
    return charts

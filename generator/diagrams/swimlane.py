"""Swimlane flow chart of one workflow: one lane per executor, top to bottom.

Lanes are Graphviz clusters. To make them read as lanes (side by side, full height, in a
fixed order) every lane gets an invisible head and foot anchor: heads share the top rank,
feet the bottom rank, and invisible edges hold the heads in lane order.
"""
from __future__ import annotations

import graphviz

from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Step, Workflow
from .style import (
    LINE,
    MUTED,
    PALETTE,
    SMALL_SIZE,
    edge_attrs,
    graph_attrs,
    html_label,
    node_attrs,
    plain_label,
    wrap,
)

START, END = "start", "end"


def lanes_of(workflow: Workflow) -> list[str]:
    """Executors in order of first appearance: the order people read the process in."""
    lanes: list[str] = []
    for step in workflow.steps:
        if step.by and step.by not in lanes:
            lanes.append(step.by)
    return lanes


def step_node(step_id: str) -> str:
    return f"step_{step_id}"


def _step_label(step: Step, linked: LinkedKB, t: Labels) -> str:
    lines: list[tuple[str, str | None]] = [(wrap(step.name, 6 if step.decision else 8), None)]
    if step.checker:
        lines.append((t("checker") + t("colon") + linked.actor_name(step.checker), SMALL_SIZE))
    matrix = linked.kb.approvals.get(step.approval) if step.approval else None
    if matrix is not None:  # decided by an approval matrix (format 1.1): name its matter
        lines.append((t("approval_matrix") + t("colon") + matrix.matter, SMALL_SIZE))
    if step.time_limit:
        lines.append((t("time_limit") + t("colon") + step.time_limit, SMALL_SIZE))
    return html_label(*lines)


def workflow_dot(linked: LinkedKB, workflow: Workflow, t: Labels, font: str) -> str:
    graph = graphviz.Digraph(name=f"workflow-{workflow.id}")
    graph.attr("graph", **graph_attrs(font, nodesep="0.18", ranksep="0.28"),
               label=html_label((workflow.title, "14")), labelloc="t")
    graph.attr("node", **node_attrs(font))
    graph.attr("edge", **edge_attrs(font))
    flow = linked.flows[workflow.id]
    steps = {s.id: s for s in workflow.steps}
    lanes = lanes_of(workflow)
    for index, lane in enumerate(lanes):
        _lane(graph, index, lane, workflow, linked, t)
    _anchors(graph, lanes)
    _events(graph, workflow, flow, steps, lanes, t)
    for edge in flow.edges:
        attrs = {"label": plain_label(edge.label)} if edge.label else {}
        graph.edge(step_node(edge.source), step_node(edge.target), **attrs)
    return graph.source


def _lane(graph, index: int, lane: str, workflow: Workflow, linked: LinkedKB, t: Labels) -> None:
    with graph.subgraph(name=f"cluster_lane_{index}") as sub:
        sub.attr(label=html_label((linked.actor_name(lane), None)), style="filled",
                 fillcolor=PALETTE[index % len(PALETTE)], color=MUTED, labeljust="c",
                 margin="8")
        sub.node(f"head_{index}", shape="point", style="invis", width="0", label="")
        sub.node(f"foot_{index}", shape="point", style="invis", width="0", label="")
        for step in workflow.steps:
            if step.by != lane or step.id is None:
                continue
            shape = {"shape": "diamond", "style": "filled", "fillcolor": "#fff7ed"} \
                if step.decision else {"shape": "box", "style": "rounded,filled",
                                       "fillcolor": "white"}
            sub.node(step_node(step.id), label=_step_label(step, linked, t), **shape)
            sub.edge(f"head_{index}", step_node(step.id), style="invis", weight="0")
            sub.edge(step_node(step.id), f"foot_{index}", style="invis", weight="0")
            _forms(sub, step, linked)


def _forms(sub, step: Step, linked: LinkedKB) -> None:
    for form_id in step.forms:
        form = linked.kb.forms.get(form_id)
        node = f"form_{step.id}_{form_id}"
        sub.node(node, label=html_label((wrap(form.title if form else form_id, 6), SMALL_SIZE)),
                 shape="note", style="filled", fillcolor="#f8fafc", color=MUTED)
        sub.edge(step_node(step.id), node, style="dashed", arrowhead="none", color=MUTED,
                 constraint="false")
        with sub.subgraph() as same:
            same.attr(rank="same")
            same.node(step_node(step.id))
            same.node(node)


def _anchors(graph, lanes: list[str]) -> None:
    for kind in ("head", "foot"):
        with graph.subgraph() as same:
            same.attr(rank="same")
            for index in range(len(lanes)):
                same.node(f"{kind}_{index}")
    for index in range(len(lanes) - 1):
        graph.edge(f"head_{index}", f"head_{index + 1}", style="invis")


def _events(graph, workflow: Workflow, flow, steps: dict, lanes: list[str], t: Labels) -> None:
    """Start and end events, drawn in the lane of the step they touch."""
    terminal = {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#e2e8f0",
                "color": LINE}
    if flow.start:
        lane = lanes.index(steps[flow.start].by) if steps[flow.start].by in lanes else 0
        with graph.subgraph(name=f"cluster_lane_{lane}") as sub:
            label: list[tuple[str, str | None]] = [(t("start"), None)]
            if workflow.trigger:
                label.append((wrap(workflow.trigger, 12), SMALL_SIZE))
            sub.node(START, label=html_label(*label), **terminal)
            sub.edge(f"head_{lane}", START, style="invis")
        graph.edge(START, step_node(flow.start))
    for step_id in sorted(flow.ends, key=lambda s: list(steps).index(s)):
        lane = lanes.index(steps[step_id].by) if steps[step_id].by in lanes else 0
        node = f"{END}_{step_id}"
        with graph.subgraph(name=f"cluster_lane_{lane}") as sub:
            sub.node(node, label=t("end"), **terminal)
            sub.edge(node, f"foot_{lane}", style="invis")
        graph.edge(step_node(step_id), node)

"""A workflow's steps as a graph: where each step leads, and the rules that graph must keep.

Renderers draw from :func:`flow_graph`; the checker reports with :func:`check_workflow`.
Both read the same successor rule, so a chart never shows an edge the checker did not see.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .diagnostics import Diagnostics
from .model import Step, Workflow
from .suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    label: str | None = None  # a decision branch's `if`


@dataclass(frozen=True, slots=True)
class FlowGraph:
    start: str | None
    edges: tuple[Edge, ...]
    ends: frozenset[str]

    def successors(self, step_id: str) -> list[str]:
        return [e.target for e in self.edges if e.source == step_id]


def _unique_steps(workflow: Workflow) -> list[Step]:
    seen: set[str] = set()
    steps = []
    for step in workflow.steps:
        if step.id is not None and step.id not in seen:
            seen.add(step.id)
            steps.append(step)
    return steps


def _outgoing(step: Step, following: Step | None) -> list[Edge]:
    if step.decision:
        return [Edge(step.id, b.next, b.if_) for b in step.decision if b.next]
    if step.next:
        return [Edge(step.id, step.next)]
    if step.end or following is None:
        return []
    return [Edge(step.id, following.id)]


def flow_graph(workflow: Workflow) -> FlowGraph:
    steps = _unique_steps(workflow)
    known = {s.id for s in steps}
    edges: list[Edge] = []
    ends = set()
    for index, step in enumerate(steps):
        following = steps[index + 1] if index + 1 < len(steps) else None
        out = [e for e in _outgoing(step, following) if e.target in known]
        if not step.decision and not step.next and (step.end or following is None):
            ends.add(step.id)
        edges.extend(out)
    return FlowGraph(steps[0].id if steps else None, tuple(edges), frozenset(ends))


def check_workflow(workflow: Workflow, diags: Diagnostics) -> None:
    _check_step_ids(workflow, diags)
    _check_lanes(workflow, diags)
    known = [s.id for s in workflow.steps if s.id is not None]
    broken: set[str] = set()  # steps with an unknown `next`, reported here
    for step in workflow.steps:
        _check_step_shape(step, diags)
        targets = [(step.next, step.loc_of("next"))] if step.next else []
        targets += [(b.next, b.loc_of("next")) for b in step.decision if b.next]
        for target, loc in targets:
            if target not in known:
                broken.add(step.id)
                diags.error(loc, f"`next` names step `{target}`, which is not a step of "
                            f"workflow `{workflow.id}`{did_you_mean(target, known)}",
                            "unknown-next")
    _check_reachability(workflow, flow_graph(workflow), broken, diags)


def _check_step_ids(workflow: Workflow, diags: Diagnostics) -> None:
    first_at: dict[str, Step] = {}
    for step in workflow.steps:
        if step.id is None:
            continue
        if step.id in first_at:
            diags.error(step.id.loc, f"step id `{step.id}` is used twice in this workflow "
                        f"(first at line {first_at[step.id].id.loc.line}): step ids must be "
                        "unique", "duplicate-step")
        else:
            first_at[step.id] = step


def _check_lanes(workflow: Workflow, diags: Diagnostics) -> None:
    """`lanes` orders the executors' lanes: each once, and each one that has a step (an
    unknown id is reported with the other references)."""
    executors = list(dict.fromkeys(s.by for s in workflow.steps if s.by))
    seen: set[str] = set()
    for lane in workflow.lanes:
        if lane in seen:
            diags.error(lane.loc, f"lane `{lane}` is listed twice in `lanes`: list each "
                        "executor once", "duplicate-lane")
        elif lane not in executors:
            diags.error(lane.loc, f"lane `{lane}` has no step in this workflow: `lanes` "
                        f"orders the executors (`by`) of its steps; remove it"
                        f"{did_you_mean(str(lane), executors)}", "empty-lane")
        seen.add(lane)


def _check_step_shape(step: Step, diags: Diagnostics) -> None:
    if "decision" in step.locs and len(step.decision) < 2:
        diags.error(step.loc_of("decision"), f"decision in step `{step.id}` has "
                    f"{len(step.decision)} branch{'es' if len(step.decision) != 1 else ''}: "
                    "a decision needs at least two (e.g. 是 / 否)", "decision-branches")
    if step.decision and step.next:
        diags.error(step.loc_of("next"), f"step `{step.id}` has both `next` and `decision`: "
                    "a decision's branches say where to go; remove `next`", "conflicting-next")
    if step.end and (step.next or step.decision):
        diags.error(step.loc_of("end"), f"step `{step.id}` ends the flow but also has "
                    "`next` or `decision`: remove one", "conflicting-next")


def _check_reachability(workflow: Workflow, graph: FlowGraph, broken: set[str],
                        diags: Diagnostics) -> None:
    if graph.start is None:
        return
    reachable = _reach({graph.start}, graph.edges, backwards=False)
    for step in _unique_steps(workflow):
        if step.id not in reachable:
            diags.error(step.id.loc, f"step `{step.id}` cannot be reached from the first step "
                        f"`{graph.start}`: point a `next` or a decision branch at it, or "
                        "remove it", "unreachable-step")
    # A step whose `next` is unknown is reported already; do not call its path endless too.
    finishing = _reach(set(graph.ends) | broken, graph.edges, backwards=True)
    stuck = [s for s in _unique_steps(workflow) if s.id in reachable and s.id not in finishing]
    if stuck:
        names = ", ".join(f"`{s.id}`" for s in stuck)
        diags.error(stuck[0].id.loc, f"a path never ends: from step{'s' if len(stuck) > 1 else ''} "
                    f"{names} no path reaches an end step; add a branch out of the loop or "
                    "mark a step `end: true`", "no-end")


def _reach(seeds: set[str], edges: tuple[Edge, ...], *, backwards: bool) -> set[str]:
    adjacency: dict[str, list[str]] = {}
    for edge in edges:
        a, b = (edge.target, edge.source) if backwards else (edge.source, edge.target)
        adjacency.setdefault(a, []).append(b)
    seen = set(seeds)
    queue = deque(seeds)
    while queue:
        for nxt in adjacency.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen

"""Phases (format 1.1) drawn as labelled bands across the lanes, checked on the SVG."""
from __future__ import annotations

import shutil

import pytest

from chart_support import PHASES, ROOT, Shape, shapes, svg_size, wide_kb
from generator.diagrams.catalog import diagrams
from generator.diagrams.swimlane import step_node
from generator.pipeline import check

pytestmark = pytest.mark.skipif(shutil.which("neato") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def sample():
    result = check(ROOT / "sops")
    assert result.ok
    return result.linked


@pytest.fixture(scope="module")
def phased(tmp_path_factory):
    """6-, 8- and 10-lane workflows in two phases, the first coming back at the end."""
    sops = wide_kb(tmp_path_factory.mktemp("phased"), phased=True)
    (sops / "workflows" / "branching.yaml").write_text(BRANCHING, encoding="utf-8")
    result = check(sops)
    assert result.ok, result.diagnostics.items
    return result.linked


# A decision whose branches lead into two phases: laid out by flow alone, both branches
# would sit on one row, and the bands would overlap.
BRANCHING = """title: 分支流程
phases:
  - {id: check, name: 核对}
  - {id: fix, name: 补正}
  - {id: close, name: 办结}
steps:
  - {id: a, name: 受理申请, by: role-1, phase: check}
  - id: d
    name: 材料是否齐全
    by: role-1
    phase: check
    decision:
      - {if: 齐全, next: b}
      - {if: 不齐全, next: c}
  - {id: b, name: 登记归档, by: role-2, phase: check, next: e}
  - {id: c, name: 通知补正材料, by: role-3, phase: fix, next: e}
  - {id: e, name: 办结通知, by: role-2, phase: close, end: true}
"""


def bands(svg: bytes) -> list[tuple[Shape, Shape]]:
    """(band, its name cell) of every phase band, in band order (a part of a long flow
    draws the bands of its steps only, numbered as in the whole chart)."""
    found = {s.id: s for s in shapes(svg)}
    numbers = sorted(int(name.removeprefix("phase-")) for name in found
                     if name.startswith("phase-"))
    return [(found[f"phase-{k}"], found[f"phasehead-{k}"]) for k in numbers]


def inside(outer: Shape, inner: Shape) -> bool:
    a, b = outer.box, inner.box
    return a[0] - 0.5 <= b[0] and b[2] <= a[2] + 0.5 and a[1] - 0.5 <= b[1] and b[3] <= a[3] + 0.5


def overlap(a: Shape, b: Shape, margin: float = 0.5) -> bool:
    """More than touching: shared edges of adjacent bands do not count."""
    return (a.box[0] + margin < b.box[2] and b.box[0] + margin < a.box[2]
            and a.box[1] + margin < b.box[3] and b.box[1] + margin < a.box[3])


def expected_runs(workflow) -> list[tuple[str, list[str]]]:
    """(phase name, its steps) of each run of consecutive steps in one phase."""
    names = {p.id: p.name for p in workflow.phases}
    runs: list[tuple[str, list[str]]] = []
    previous = None
    for step in workflow.steps:
        if step.phase != previous:
            runs.append((names[step.phase], []))
        runs[-1][1].append(step.id)
        previous = step.phase
    return runs


def check_chart(svg: bytes, runs: list[tuple[str, list[str]]], path: str) -> int:
    """Every run present in the chart has its band, named, holding its steps; returns how
    many steps were checked."""
    found = {s.id: s for s in shapes(svg)}
    drawn = bands(svg)
    width, height = svg_size(svg)
    shown = [(name, [s for s in steps if step_node(s) in found]) for name, steps in runs]
    shown = [(name, steps) for name, steps in shown if steps]
    assert len(drawn) == len(shown), path
    checked = 0
    for (band, head), (name, steps) in zip(drawn, shown, strict=True):
        assert head.text == name.replace(" ", ""), path
        assert inside(band, head), (path, name)  # the name heads its band, within it
        assert band.box[2] - band.box[0] > width * 0.5 or band.box[3] - band.box[1] > \
            height * 0.5, (path, name)  # across every lane
        for step in steps:
            assert inside(band, found[step_node(step)]), (path, name, step)
            others = [n for (b, _), (n, _) in zip(drawn, shown, strict=True)
                      if b is not band and overlap(b, found[step_node(step)])]
            assert others == [], (path, step, others)
            checked += 1
    boxes = [s for s in found.values() if not s.id.startswith(("lane", "phase-"))]
    for _, head in drawn:  # no name cell covers a box, a branch label or another name
        covered = [b.id for b in boxes if b.id != head.id and overlap(head, b)]
        assert covered == [], (path, head.text, covered)
    return checked


def workflow_charts(linked, workflow_id: str):
    return [d for d in diagrams(linked) if d.path == f"workflows/{workflow_id}"
            or d.path.startswith(f"workflows/{workflow_id}-part-")]


def test_the_sample_showroom_flow_has_a_band_per_phase(sample):
    workflow = sample.kb.workflows["showroom-sales"]
    runs = expected_runs(workflow)
    assert [name for name, _ in runs] == [p.name for p in workflow.phases]
    charts = workflow_charts(sample, "showroom-sales")
    whole = charts[0]
    assert check_chart(whole.svg(), runs, whole.path) == len(workflow.steps)
    for part in charts[1:]:
        check_chart(part.svg(), runs, part.path)


def test_every_phased_sample_workflow_is_banded(sample):
    phased = [w for w in sample.kb.workflows.values() if w.phases]
    assert len(phased) >= 2
    for workflow in phased:
        for chart in workflow_charts(sample, workflow.id):
            check_chart(chart.svg(), expected_runs(workflow), chart.path)


def test_a_phase_that_comes_back_gets_a_second_band(phased):
    for lanes in (6, 8, 10):
        workflow = phased.kb.workflows[f"lanes-{lanes}"]
        runs = expected_runs(workflow)
        assert [name for name, _ in runs] == [PHASES["intake"], PHASES["handle"],
                                             PHASES["intake"]]
        whole = workflow_charts(phased, workflow.id)[0]
        assert check_chart(whole.svg(), runs, whole.path) == len(workflow.steps)


def test_branches_into_two_phases_get_a_band_each(phased):
    workflow = phased.kb.workflows["branching"]
    whole = workflow_charts(phased, workflow.id)[0]
    assert check_chart(whole.svg(), expected_runs(workflow), whole.path) == 5


def test_a_part_printed_alone_keeps_its_steps_bands(sample, phased):
    """Long flows print in parts; each part draws the bands of the steps it holds."""
    checked = 0
    for linked in (sample, phased):
        for workflow in linked.kb.workflows.values():
            if not workflow.phases:
                continue
            for part in workflow_charts(linked, workflow.id)[1:]:
                checked += check_chart(part.svg(), expected_runs(workflow), part.path)
    assert checked >= len(linked.kb.workflows["lanes-10"].steps) // 2


def test_bands_lie_along_the_flow_in_rows_too(phased):
    """Lanes as rows (flow to the right) band the same steps, named above the lanes."""
    from generator.diagrams import swimlane

    workflow = phased.kb.workflows["lanes-6"]
    lanes, runs = swimlane.lanes_of(workflow), swimlane.phase_runs(workflow)
    items, boxes, links = swimlane._nodes(phased, workflow, phased.labels, lanes, runs)
    for columns in (True, False):
        chart, _ = swimlane._draw("probe", items, links, lanes, boxes, phased, "Noto Sans CJK SC",
                                  runs.names, (columns,))
        from generator.diagrams.render import to_svg
        svg = to_svg(chart.dot)
        check_chart(svg, expected_runs(workflow), f"columns={columns}")
        heads = [head for _, head in bands(svg)]
        lanes_box = [s for s in shapes(svg) if s.id.startswith("lane-")]
        if columns:  # a column left of the lanes
            assert all(h.box[2] <= min(lane.box[0] for lane in lanes_box) + 0.5 for h in heads)
        else:  # a strip above them
            assert all(h.box[3] <= min(lane.box[1] for lane in lanes_box) + 0.5 for h in heads)


def test_a_workflow_without_phases_has_no_bands(sample):
    plain = [w for w in sample.kb.workflows.values() if not w.phases]
    assert plain
    for workflow in plain:
        for chart in workflow_charts(sample, workflow.id):
            ids = {s.id for s in shapes(chart.svg())}
            assert not any(i.startswith(("phase-", "phasehead-", "phasecorner")) for i in ids)

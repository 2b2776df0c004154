"""Swimlane charts as a careful person draws them, checked on the SVG Graphviz wrote."""
from __future__ import annotations

import shutil
from itertools import pairwise

import pytest

from chart_support import ROOT, shapes, wide_kb
from generator.diagrams.catalog import diagrams
from generator.diagrams.swimlane import lanes_of
from generator.pipeline import check

pytestmark = pytest.mark.skipif(shutil.which("neato") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def sample():
    result = check(ROOT / "sops")
    assert result.ok
    return result.linked


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    """6-, 8- and 10-lane workflows whose `lanes` list reverses the order roles first act."""
    result = check(wide_kb(tmp_path_factory.mktemp("listed"), listed=True))
    assert result.ok, result.diagnostics.items
    return result.linked


def lanes_drawn(svg: bytes) -> list[tuple[str, object]]:
    """Lane names in drawing order (left to right, or top to bottom) with their band."""
    found = shapes(svg)
    heads = sorted((s for s in found if s.id.startswith("lanehead-")),
                   key=lambda s: (s.box[0], s.box[1]))
    bands = {s.id.removeprefix("lane-"): s for s in found if s.id.startswith("lane-")}
    return [(head.text, bands[head.id.removeprefix("lanehead-")]) for head in heads]


def workflow_charts(linked):
    return [(d, d.svg()) for d in diagrams(linked) if d.path.startswith("workflows/")]


def test_lanes_follow_the_order_roles_first_act(sample):
    for workflow in sample.kb.workflows.values():
        chart = next(d for d in diagrams(sample) if d.path == f"workflows/{workflow.id}")
        names = [name for name, _ in lanes_drawn(chart.svg())]
        assert names == [sample.actor_name(lane).replace(" ", "") for lane in
                         lanes_of(workflow)], workflow.id
    complaint = sample.kb.workflows["complaint-handling"]
    assert lanes_of(complaint)[:2] == ["customer-service", "sales-supervisor"]


def test_a_lanes_list_sets_the_order(listed):
    for workflow_id in ("lanes-6", "lanes-8", "lanes-10"):
        workflow = listed.kb.workflows[workflow_id]
        assert list(workflow.lanes) and lanes_of(workflow) == list(workflow.lanes)
        chart = next(d for d in diagrams(listed) if d.path == f"workflows/{workflow_id}")
        names = [name for name, _ in lanes_drawn(chart.svg())]
        assert names == [listed.actor_name(lane) for lane in workflow.lanes]


def test_no_lane_is_empty(sample, listed):
    for linked in (sample, listed):
        for chart, svg in workflow_charts(linked):
            steps = [s for s in shapes(svg) if s.id.startswith("step_")]
            assert steps, chart.path
            for name, band in lanes_drawn(svg):
                assert any(band.contains(step.centre) for step in steps), (chart.path, name)


def test_no_branch_label_covers_a_box_or_another_label(sample, listed):
    checked = 0
    for linked in (sample, listed):
        for chart, svg in workflow_charts(linked):
            found = shapes(svg)
            labels = [s for s in found if s.id.startswith("label-")]
            boxes = [s for s in found if not s.id.startswith(("lane", "label-", "phase-"))]
            for label in labels:
                assert label.text, chart.path
                covered = [b.text for b in boxes if label.overlaps(b)]
                assert covered == [], (chart.path, label.text, covered)
                others = [o.text for o in labels if o is not label and label.overlaps(o)]
                assert others == [], (chart.path, label.text, others)
                checked += 1
    assert checked >= 20


def test_a_role_has_one_colour_in_every_chart_and_the_org_chart(sample, listed):
    for linked in (sample, listed):
        colours: dict[str, set[str]] = {}
        for _, svg in workflow_charts(linked):
            for name, band in lanes_drawn(svg):
                colours.setdefault(name, set()).add(band.fill)
        assert len(colours) >= 3
        assert {name: fills for name, fills in colours.items() if len(fills) > 1} == {}
        org = shapes(next(d for d in diagrams(linked) if d.path == "org").svg())
        for role in linked.kb.roles.values():
            box = next((s for s in org if s.id == f"role_{role.id}" or
                        s.text.startswith(role.title.replace(" ", ""))), None)
            if box is not None and role.title in colours:
                assert colours[role.title] == {box.fill}, role.title


def test_connectors_run_at_right_angles(sample):
    import re
    for chart, svg in workflow_charts(sample):
        for d in re.findall(rb'<path fill="none"[^>]* d="([^"]+)"', svg):
            points = [tuple(map(float, p)) for p in re.findall(rb"(-?[\d.]+),(-?[\d.]+)", d)]
            for (x1, y1), (x2, y2) in pairwise(points):
                assert abs(x1 - x2) < 0.2 or abs(y1 - y2) < 0.2, (chart.path, d[:80])


def connectors(svg: bytes) -> list[tuple[str, list[tuple[float, float]]]]:
    """(source node, points of its path) for every connector of a Graphviz SVG."""
    import re
    from html import unescape
    found = []
    for title, d in re.findall(rb'<g id="edge\d+" class="edge">\s*<title>([^<]*)</title>'
                               rb'\s*<path fill="none"[^>]* d="([^"]+)"', svg):
        points = [tuple(map(float, p)) for p in re.findall(rb"(-?[\d.]+),(-?[\d.]+)", d)]
        found.append((unescape(title.decode()).split("->")[0], points))
    return found


def crosses(p, q, u, v) -> bool:
    """Does a horizontal and a vertical segment cross inside both (not at an end)?"""
    if abs(p[1] - q[1]) < 0.2 and abs(u[0] - v[0]) < 0.2:
        return (min(p[0], q[0]) + 1 < u[0] < max(p[0], q[0]) - 1
                and min(u[1], v[1]) + 1 < p[1] < max(u[1], v[1]) - 1)
    if abs(p[0] - q[0]) < 0.2 and abs(u[1] - v[1]) < 0.2:
        return crosses(u, v, p, q)
    return False


def test_branches_leaving_one_box_do_not_cross_each_other(sample, listed):
    """The farther branch leaves by the side, the nearer from the bottom (订单处理流程's
    生产/外购 crossed before)."""
    pairs = 0
    for linked in (sample, listed):
        for chart, svg in workflow_charts(linked):
            by_source: dict[str, list[list[tuple[float, float]]]] = {}
            for source, points in connectors(svg):
                by_source.setdefault(source, []).append(points)
            for source, paths in by_source.items():
                for i, first in enumerate(paths):
                    for second in paths[i + 1:]:
                        pairs += 1
                        crossing = [(a, b) for a in pairwise(first) for b in pairwise(second)
                                    if crosses(*a, *b)]
                        assert crossing == [], (chart.path, source)
    assert pairs >= 10


def test_a_bad_lanes_list_is_reported_where_it_is_written(tmp_path):
    sops = wide_kb(tmp_path, lane_counts=(6,))
    path = sops / "workflows" / "lanes-6.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "steps:", "lanes: [role-2, role-1, role-2, role-12]\nsteps:", 1), encoding="utf-8")
    result = check(sops)
    assert not result.ok
    found = {(d.code, d.loc.line, d.loc.col): d.message for d in result.diagnostics.items}
    assert ("duplicate-lane", 3, 25) in found
    assert "listed twice" in found[("duplicate-lane", 3, 25)]
    assert ("empty-lane", 3, 33) in found
    assert "has no step in this workflow" in found[("empty-lane", 3, 33)]


def test_org_chart_keeps_boxes_under_their_superior_and_says_nothing_twice(sample, listed):
    from xml.etree import ElementTree

    from chart_support import SVG
    for linked in (sample, listed):
        svg = next(d for d in diagrams(linked) if d.path == "org").svg()
        tree = ElementTree.fromstring(svg)
        text = "".join(t.text or "" for t in tree.iter(f"{SVG}text"))
        assert "组织架构图" not in text  # the caption names the chart
        for edge in (g for g in tree.iter(f"{SVG}g") if g.get("class") == "edge"):
            assert edge.find(f".//{SVG}text") is None  # no label for a line to run through
        legend = "".join(t.text or "" for g in tree.iter(f"{SVG}g")
                         if (g.findtext(f"{SVG}title") or "") == "legend"
                         for t in g.iter(f"{SVG}text"))
        departments = {r.department for r in linked.kb.roles.values()}
        assert "权限上级" in legend or not any(r.dotted_line_to for r in linked.kb.roles.values())
        for dept in linked.departments.values():  # a legend of one colour says nothing
            assert (dept.name in legend) == (len(departments) > 1 and dept.id in departments)
        centre = {s.text: s.centre for s in shapes(svg)}
        roles = [r for r in linked.kb.roles.values() if r.reports_to]
        x = {r.id: next(c[0] for t, c in centre.items() if t.startswith(r.title))
             for r in linked.kb.roles.values()}
        for a in roles:
            for b in roles:
                same_level = abs(next(c[1] for t, c in centre.items() if t.startswith(a.title))
                                 - next(c[1] for t, c in centre.items()
                                        if t.startswith(b.title))) < 1
                if same_level and a.reports_to != b.reports_to:
                    assert (x[a.id] < x[b.id]) == (x[a.reports_to] < x[b.reports_to]), \
                        (a.id, b.id)


def test_a_part_has_one_connector_per_other_part_on_each_side(sample, listed):
    """客户信息管理流程 part 1 stacked two "转第 2 部分" boxes (是 and 否 both go on there)."""
    import re
    split = 0
    for linked in (sample, listed):
        for chart, svg in workflow_charts(linked):
            joints = [s.text for s in shapes(svg) if re.fullmatch(r"(to|from)\d+_\d+", s.id)]
            split += bool(joints)
            assert len(joints) == len(set(joints)), (chart.path, joints)
    assert split >= 6


def frame(svg: bytes) -> tuple[float, float, float, float]:
    """The chart's drawn frame: the union of its lanes' bands."""
    bands = [s.box for s in shapes(svg) if s.id.startswith("lane-")]
    return (min(b[0] for b in bands), min(b[1] for b in bands),
            max(b[2] for b in bands), max(b[3] for b in bands))


EDGE_MARGIN = 10.0  # pt: a line this close to the frame reads as running on the edge


def test_returns_and_branch_labels_keep_off_the_charts_edge(sample, listed):
    """售后服务流程's 否 return ran on the chart's left edge, its label cut by it."""
    for linked in (sample, listed):
        for chart, svg in workflow_charts(linked):
            x0, y0, x1, y1 = frame(svg)
            columns = {s.box[1] for s in shapes(svg) if s.id.startswith("lanehead-")} == {y0}
            for shape in shapes(svg):
                if shape.id.startswith("label-"):
                    bx0, by0, bx1, by1 = shape.box
                    assert (bx0 >= x0 + 2.5 and by0 >= y0 + 2.5 and bx1 <= x1 - 2.5
                            and by1 <= y1 - 2.5), (chart.path, shape.text, shape.box)
            for source, points in connectors(svg):
                for x, y in points:
                    across, low, high = (x, x0, x1) if columns else (y, y0, y1)
                    assert low + EDGE_MARGIN < across < high - EDGE_MARGIN, (chart.path, source)


def test_org_chart_lines_leave_the_superior_below_and_enter_the_subordinate_on_top(
        sample, listed):
    """销售主管 → 销售员 entered its box from the side (dot's ortho lines ignore ports).
    A chart running left to right enters on the left instead."""
    import re
    from html import unescape
    from xml.etree import ElementTree

    from chart_support import SVG
    checked = 0
    for linked in (sample, listed):
        for chart in (d for d in diagrams(linked) if d.path.startswith("org")):
            svg = chart.svg()
            boxes = {s.id: s.box for s in shapes(svg)}
            titles = {}
            for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
                if group.get("class") == "node":
                    titles[group.findtext(f"{SVG}title")] = group.get("id")
            across = "rankdir=LR" in chart.dot
            for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
                path = group.find(f"{SVG}path")
                if group.get("class") != "edge" or path.get("stroke-dasharray"):
                    continue
                superior, subordinate = unescape(group.findtext(f"{SVG}title")).split("->")
                top, box = boxes[titles[superior]], boxes[titles[subordinate]]
                points = [tuple(map(float, p))
                          for p in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path.get("d"))]
                (x0, y0), (x1, y1) = points[0], points[-1]
                if across:
                    (x0, y0), (x1, y1) = (y0, x0), (y1, x1)
                    top, box = (top[1], top[0], top[3], top[2]), (box[1], box[0], box[3], box[2])
                assert abs(y1 - box[1]) < 0.6 and box[0] < x1 < box[2], (chart.path, subordinate)
                assert abs(y0 - top[3]) < 0.6 and top[0] < x0 < top[2], (chart.path, superior)
                checked += 1
    assert checked >= 20


def test_no_line_runs_through_a_branch_label(sample, listed):
    """订单处理流程's 生产 sat on its own line's next stretch."""
    for linked in (sample, listed):
        for chart, svg in workflow_charts(linked):
            labels = [s for s in shapes(svg) if s.id.startswith("label-")]
            lines = [segment for _, points in connectors(svg) for segment in pairwise(points)]
            for label in labels:
                x0, y0, x1, y1 = label.box
                for (px, py), (qx, qy) in lines:
                    assert not (min(px, qx) < x1 - 0.5 and max(px, qx) > x0 + 0.5
                                and min(py, qy) < y1 - 0.5 and max(py, qy) > y0 + 0.5), \
                        (chart.path, label.text)


def test_no_connector_runs_through_a_box(sample, listed):
    """One continuation box for two lines sent 客户投诉处理流程's 不成立 through
    确定投诉处理责任部门 on its way to the box."""
    for linked in (sample, listed):
        for chart, svg in workflow_charts(linked):
            found = shapes(svg)
            boxes = [s for s in found if s.id.startswith(("step_", "start", "end_", "form_",
                                                          "to", "from"))]
            for source, points in connectors(svg):
                for (px, py), (qx, qy) in pairwise(points):
                    for box in boxes:
                        x0, y0, x1, y1 = box.box
                        assert not (min(px, qx) < x1 - 1 and max(px, qx) > x0 + 1
                                    and min(py, qy) < y1 - 1 and max(py, qy) > y0 + 1), \
                            (chart.path, source, box.id)

"""Diagrams, checked from the SVG Graphviz actually produced (no mocks of Graphviz)."""
from __future__ import annotations

import re
import shutil
import sys
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest

from chart_support import wide_workflow
from generator.diagrams.catalog import diagrams
from generator.diagrams.orgchart import MAX_ROLES_ON_PAGE, org_dot
from generator.diagrams.render import to_png, to_svg
from generator.diagrams.swimlane import lanes_of, workflow_dot
from generator.i18n import Labels
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
FONT = "Noto Sans CJK SC"

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def linked():
    result = check(ROOT / "sops")
    assert result.ok
    return result.linked


def svg_tree(dot: str) -> ElementTree.Element:
    return ElementTree.fromstring(to_svg(dot))


def all_text(tree) -> str:
    return "".join(t.text or "" for t in tree.iter(f"{SVG}text"))


def edge_titles(tree) -> list[str]:
    return [unescape(g.find(f"{SVG}title").text) for g in tree.iter(f"{SVG}g")
            if g.get("class") == "edge"]


@pytest.mark.parametrize("workflow_id", [
    "complaint-handling", "customer-reception", "after-sales-service", "customer-information",
    "quotation-and-bidding", "order-processing", "standard-sales-process"])
def test_workflow_chart_shows_every_step_lane_and_branch(linked, workflow_id):
    workflow = linked.kb.workflows[workflow_id]
    tree = svg_tree(workflow_dot(linked, workflow, Labels("zh-Hans"), FONT))
    text = all_text(tree)
    for step in workflow.steps:
        assert step.name.replace(" ", "") in text, step.name
        for branch in step.decision:
            assert branch.if_ in text
    for lane in lanes_of(workflow):
        assert linked.actor_name(lane) in text
    lanes = [g for g in tree.iter(f"{SVG}g") if re.fullmatch(r"lane-\d+", g.get("id") or "")]
    assert len(lanes) == len(lanes_of(workflow))


def test_workflow_chart_edges_match_the_model(linked):
    workflow = linked.kb.workflows["complaint-handling"]
    flow = linked.flows[workflow.id]
    titles = edge_titles(svg_tree(workflow_dot(linked, workflow, Labels("zh-Hans"), FONT)))
    step_edges = sorted(t for t in titles if re.fullmatch(r"step_[\w-]+->step_[\w-]+", t))
    assert step_edges == sorted(f"step_{e.source}->step_{e.target}" for e in flow.edges)
    forms = [t for t in titles if "->form_" in t]
    assert len(forms) == sum(len(s.forms) for s in workflow.steps)
    assert sum(t.startswith("start->") for t in titles) == 1
    assert sum("->end_" in t for t in titles) == len(flow.ends)


def test_decisions_are_diamonds_and_forms_are_documents(linked):
    workflow = linked.kb.workflows["complaint-handling"]
    dot = workflow_dot(linked, workflow, Labels("zh-Hans"), FONT)
    decisions = [s for s in workflow.steps if s.decision]
    assert decisions
    for step in decisions:
        assert re.search(rf'"?step_{step.id}"? \[[^\]]*shape=diamond', dot)
    assert "shape=note" in dot


def test_loop_back_edge_is_drawn(linked):
    workflow = linked.kb.workflows["after-sales-service"]
    flow = linked.flows[workflow.id]
    order = [s.id for s in workflow.steps]
    back = [e for e in flow.edges if order.index(e.target) <= order.index(e.source)]
    assert back, "the sample's after-sales flow loops back when the customer is unsatisfied"
    titles = edge_titles(svg_tree(workflow_dot(linked, workflow, Labels("zh-Hans"), FONT)))
    for edge in back:
        assert f"step_{edge.source}->step_{edge.target}" in titles


def test_text_uses_the_cjk_font_everywhere(linked):
    for diagram in diagrams(linked)[:3]:
        tree = svg_tree(diagram.dot)
        families = {t.get("font-family") for t in tree.iter(f"{SVG}text")}
        assert families == {FONT}


def test_org_chart_has_every_role_and_dashed_dotted_line(linked):
    tree = svg_tree(org_dot(linked, Labels("zh-Hans"), FONT))
    text = all_text(tree)
    for role in linked.kb.roles.values():
        assert role.title in text
    dotted = [g for g in tree.iter(f"{SVG}g") if g.get("class") == "edge"
              and unescape(g.find(f"{SVG}title").text) ==
              "role_sales-vp->role_provincial-manager"]
    assert len(dotted) == 1
    assert dotted[0].find(f"{SVG}path").get("stroke-dasharray")
    solid = [g for g in tree.iter(f"{SVG}g") if g.get("class") == "edge"
             and unescape(g.find(f"{SVG}title").text) == "role_sales-vp->role_sales-manager"]
    assert solid and solid[0].find(f"{SVG}path").get("stroke-dasharray") is None
    assert "编制 3 人" in text


def test_outputs_are_byte_identical_between_runs(linked):
    first = diagrams(linked)
    again = diagrams(check(ROOT / "sops").linked)
    assert [d.dot for d in first] == [d.dot for d in again]
    sample = first[0], first[-1]
    for diagram in sample:
        assert diagram.svg() == to_svg(diagram.dot)
        assert diagram.png() == to_png(diagram.dot)


def test_png_is_print_resolution(linked):
    png = diagrams(linked)[0].png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width > 1000  # 200 dpi


def test_content_is_escaped_not_interpreted(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    generate(tmp_path / "sops", roles=3, workflows=1, forms=1)
    role = tmp_path / "sops" / "roles" / "role-1.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "title: 岗位1", 'title: "<b>岗位</b> & {{ 7*7 }} \\"引号\\""'), encoding="utf-8")
    result = check(tmp_path / "sops")
    assert result.ok, result.diagnostics.items
    tree = svg_tree(org_dot(result.linked, Labels("zh-Hans"), FONT))
    assert '<b>岗位</b> & {{ 7*7 }} "引号"' in all_text(tree)


def hover_texts(svg: bytes) -> dict[str, str]:
    """What a browser shows on hovering each linked or named shape: id → xlink:title."""
    found = {}
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        link = group.find(f"{SVG}g/{SVG}a") or group.find(f"{SVG}a")
        if group.get("id") and link is not None:
            found[group.get("id")] = link.get("{http://www.w3.org/1999/xlink}title")
    return found


def test_hover_text_shows_names_as_written(tmp_path):
    """Backslashes, entities and angle brackets in a phase or role name are shown as
    written (Graphviz reads `\\N` as the node's name, `&amp;` as `&`); a step box shows
    its text, not Graphviz's "<TABLE>"."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    generate(tmp_path / "sops", roles=12, workflows=1, forms=1)
    phase, title = r"C:\new\Lane 阶段\N &amp; <b>", r"岗位\G\l &lt;一&gt;"
    (tmp_path / "sops" / "workflows" / "phased.yaml").write_text(
        wide_workflow(6, phased=True).replace("name: 申请受理", f"name: '{phase}'"),
        encoding="utf-8")
    role = tmp_path / "sops" / "roles" / "role-1.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("title: 岗位1", f"title: '{title}'"),
                    encoding="utf-8")
    result = check(tmp_path / "sops")
    assert result.ok, result.diagnostics.items
    charts = {d.path: d.svg() for d in diagrams(result.linked)}
    hover = hover_texts(charts["workflows/phased"])
    assert hover["phasehead-0"] == phase and hover["phase-0"] == phase
    lane_heads = [text for key, text in hover.items() if key.startswith("lanehead-")]
    assert title in lane_heads
    assert hover["step_s0"].startswith("第0步处理事项")
    org = hover_texts(charts["org"])
    assert title in org.values()
    for svg in charts.values():
        assert "<TABLE>" not in hover_texts(svg).values()


A4_TEXT_WIDTH_PT, A4_TEXT_HEIGHT_PT = 482, 700  # 170 × 247 mm
SMALLEST_READABLE_PT = 7


def test_sixty_role_organisation_splits_instead_of_shrinking(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    generate(tmp_path / "sops", roles=60, workflows=1, forms=1)
    linked = check(tmp_path / "sops").linked
    charts = [d for d in diagrams(linked) if d.path.startswith("org")]
    assert len(charts) > 2  # the whole chart, the department, and sub-charts
    drawn = set()
    for chart in charts:
        svg = to_svg(chart.dot).decode()
        width, height = (float(v) for v in re.search(
            r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
        scale = min(1, A4_TEXT_WIDTH_PT / width, A4_TEXT_HEIGHT_PT / height)
        assert 11 * scale >= SMALLEST_READABLE_PT, (chart.path, width, height)
        nodes = set(re.findall(r'"?role_(role-\d+)"? \[', chart.dot))
        assert len(nodes) <= MAX_ROLES_ON_PAGE + 1
        drawn |= nodes
        assert 'fontsize=11' in chart.dot and not re.search(r'\bsize=', chart.dot)
    assert drawn == set(linked.kb.roles)
    assert "见部门图" in all_text(svg_tree(charts[0].dot))  # says where the rest is


def test_build_only_diagrams_writes_the_listed_files(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from generator.cli import main
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(ROOT / "sops"), "--out", str(out),
                                       "--only", "diagrams", "--quiet"])
    assert result.exit_code == 0, result.output
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"diagrams/org.svg", "diagrams/org.png", "diagrams/org-sales.svg",
            "diagrams/org-sales.png", "diagrams/workflows/complaint-handling.svg",
            "diagrams/workflows/complaint-handling.png"} <= names
    charts = [d for d in diagrams(check(ROOT / "sops").linked)
              if d.path.startswith("workflows/")]
    assert len(charts) > 11  # every workflow, and the parts a long one is printed in
    assert {n for n in names if n.startswith("diagrams/workflows/")} == {
        f"diagrams/{d.path}.{suffix}" for d in charts for suffix in ("svg", "png")}


def test_missing_cjk_font_stops_the_build_with_the_fix(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from generator import fonts
    from generator.cli import main
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"DejaVu Sans"}))
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(ROOT / "sops"), "--out", str(out),
                                       "--only", "diagrams", "--quiet"])
    assert result.exit_code == 1
    assert "apt-get install fonts-noto-cjk" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_large_multi_department_organisation_finishes(tmp_path):
    """Departments whose members report through other departments once sent the chart
    splitter round in circles (RecursionError on the 1,000-role benchmark)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    generate(tmp_path / "sops", roles=300, workflows=1, forms=1)
    linked = check(tmp_path / "sops").linked
    assert len(linked.departments) == 6
    charts = [d for d in diagrams(linked) if d.path.startswith("org")]
    paths = [c.path for c in charts]
    assert len(paths) == len(set(paths))
    assert {f"org-{d}" for d in linked.departments} <= set(paths)

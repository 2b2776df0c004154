"""Every diagram of a knowledge base, by output path: the list renderers share.

The Word, PDF and portal renderers embed the same pictures, so they all ask here.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..fonts import org_font
from ..i18n import Labels
from ..linker import LinkedKB
from .orgchart import ChartScope, chart_title, choose_roles, org_dot
from .pages import Fit
from .render import to_png, to_svg
from .style import SMALL_SIZE
from .swimlane import workflow_charts

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True, slots=True)
class Diagram:
    path: str    # relative, without suffix: "org", "org-sales", "workflows/complaint-handling"
    title: str
    dot: str
    landscape: bool = False        # printed on a landscape page (measured: pages.py)
    printed_as: tuple[str, ...] = ()   # a long workflow's parts, printed instead of it
    height_mm: float = 0.0         # printed height (0: unmeasured, an org chart)
    shrink_limit: float = 1.0      # how much more print may shrink it, text staying ≥ 7 pt

    def svg(self) -> bytes:
        return to_svg(self.dot)

    def png(self) -> bytes:
        return to_png(self.dot)


def org_path(department: str | None) -> str:
    return "org" if department is None else f"org-{department}"


def workflow_path(workflow_id: str) -> str:
    return f"workflows/{workflow_id}"


def _department_charts(linked: LinkedKB, t: Labels, font: str, department: str) -> list[Diagram]:
    """A department's chart, and when it is too big for a page, one more chart under every
    role whose subordinates were left off (and so on), instead of smaller text."""
    charts: list[Diagram] = []
    queue, seen = [ChartScope(department)], set()
    while queue:  # a work list, not recursion: each scope is drawn once, so this ends
        scope = queue.pop(0)
        if scope in seen:
            continue
        seen.add(scope)
        path = org_path(department) + (f"-{scope.root}" if scope.root else "")
        charts.append(Diagram(path, chart_title(linked, t, scope), org_dot(linked, t, font, scope)))
        _, _, hidden = choose_roles(linked, scope)
        queue += [ChartScope(department, role_id) for role_id in sorted(hidden)
                  if role_id != scope.root]
    return charts


def diagrams(linked: LinkedKB) -> list[Diagram]:
    t, font = linked.labels, org_font(linked.org)
    if _planned is not None and _planned[0] is linked and _planned[1] == font:
        return list(_planned[2])
    result = [Diagram(org_path(None), t("org_chart"), org_dot(linked, t, font))]
    for dept_id in linked.departments:
        if linked.department_roles.get(dept_id):
            result += _department_charts(linked, t, font, dept_id)
    for workflow in linked.kb.workflows.values():
        result += _workflow_diagrams(linked, workflow, t, font)
    _remember((linked, font, tuple(result)))
    return result


# The last model's charts. Placing the swimlanes and measuring their pages costs ~1 s of CPU
# on the sample, and one build asks four times (the diagrams, the document HTML, the PDF's
# images, the portal). A LinkedKB is immutable and a new check makes a new one, so the model
# is compared by identity; the font is the one thing besides it the charts read.
_planned: tuple[LinkedKB, str, tuple[Diagram, ...]] | None = None


def _remember(entry: tuple[LinkedKB, str, tuple[Diagram, ...]]) -> None:
    global _planned
    _planned = entry


def _workflow_diagrams(linked: LinkedKB, workflow, t: Labels, font: str) -> list[Diagram]:
    """The whole chart (the portal's), and when it is too long to print readably, its
    parts (the documents')."""
    whole, prints = workflow_charts(linked, workflow, t, font)
    path = workflow_path(workflow.id)
    if prints == [whole]:
        return [Diagram(path, workflow.title, whole.dot, whole.fit.landscape,
                        height_mm=_height_mm(whole.fit),
                        shrink_limit=whole.fit.shrink_limit(float(SMALL_SIZE)))]
    parts = [Diagram(f"{path}-part-{n}", workflow.title, chart.dot, chart.fit.landscape,
                     height_mm=_height_mm(chart.fit),
                     shrink_limit=chart.fit.shrink_limit(float(SMALL_SIZE)))
             for n, chart in enumerate(prints, start=1)]
    return [Diagram(path, workflow.title, whole.dot, whole.fit.landscape,
                    tuple(part.path for part in parts)), *parts]


def _height_mm(fit: Fit) -> float:
    return fit.height * MM_PER_PT


@dataclass(frozen=True, slots=True)
class Figure:
    """One printed chart: its SVG's path under dist/, its page, and n of total."""

    src: str
    landscape: bool
    number: int
    total: int
    height_mm: float = 0.0
    shrink_limit: float = 1.0


def printed_figures(charts: list[Diagram]) -> dict[str, list[Figure]]:
    """What the documents print for each chart path: the chart, or its parts."""
    by_path = {chart.path: chart for chart in charts}
    result = {}
    for chart in charts:
        shown = [by_path[p] for p in chart.printed_as] or [chart]
        result[chart.path] = [Figure(f"diagrams/{d.path}.svg", d.landscape, n, len(shown),
                                     d.height_mm, d.shrink_limit)
                              for n, d in enumerate(shown, start=1)]
    return result

"""Every diagram of a knowledge base, by output path: the list renderers share.

The Word, PDF and portal renderers embed the same pictures, so they all ask here.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..fonts import org_font
from ..i18n import Labels
from ..linker import LinkedKB
from .orgchart import ChartScope, chart_title, choose_roles, org_dot
from .render import to_png, to_svg
from .swimlane import workflow_dot


@dataclass(frozen=True, slots=True)
class Diagram:
    path: str    # relative, without suffix: "org", "org-sales", "workflows/complaint-handling"
    title: str
    dot: str

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
    result = [Diagram(org_path(None), t("org_chart"), org_dot(linked, t, font))]
    for dept_id in linked.departments:
        if linked.department_roles.get(dept_id):
            result += _department_charts(linked, t, font, dept_id)
    for workflow in linked.kb.workflows.values():
        result.append(Diagram(workflow_path(workflow.id), workflow.title,
                              workflow_dot(linked, workflow, t, font)))
    return result

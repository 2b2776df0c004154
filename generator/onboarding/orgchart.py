"""Where one role sits: its superior, its peers and its direct reports, as a small chart.

Drawn like the organisation charts (diagrams/style.py), with the new hire's own role
outlined in bold so it is found at a glance; roles above the superior are left out.
"""
from __future__ import annotations

from dataclasses import dataclass

import graphviz

from ..diagrams.orgchart import department_colours, role_node
from ..diagrams.style import (
    LINE,
    MUTED,
    PALETTE,
    SMALL_SIZE,
    edge_attrs,
    graph_attrs,
    html_label,
    node_attrs,
    wrap,
)
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Role

MAX_LEVEL_WIDTH_UPRIGHT = 6


@dataclass(frozen=True, slots=True)
class Position:
    role: Role
    superior: Role | None
    peers: tuple[Role, ...]
    reports: tuple[Role, ...]
    dotted_superiors: tuple[Role, ...]


def position(linked: LinkedKB, role: Role) -> Position:
    roles = linked.kb.roles
    superior = roles.get(role.reports_to) if role.reports_to else None
    siblings = linked.direct_reports.get(superior.id, ()) if superior else ()
    return Position(
        role=role, superior=superior,
        peers=tuple(r for r in siblings if r.id != role.id),
        reports=tuple(linked.direct_reports.get(role.id, ())),
        dotted_superiors=tuple(roles[r] for r in role.dotted_line_to if r in roles))


def position_path(role_id: str) -> str:
    """The <img src> path in document HTML, served from memory to the PDF renderer."""
    return f"diagrams/onboarding/{role_id}.svg"


def position_dot(linked: LinkedKB, where: Position, t: Labels, font: str) -> str:
    widest = max(len(where.peers) + 1, len(where.reports), 1)
    graph = graphviz.Digraph(name=f"position-{where.role.id}")
    graph.attr("graph", **graph_attrs(font, "TB" if widest <= MAX_LEVEL_WIDTH_UPRIGHT else "LR",
                                      ranksep="0.45"))
    graph.attr("node", **node_attrs(font), shape="box", style="rounded,filled")
    graph.attr("edge", **edge_attrs(font), arrowhead="none")
    colours = department_colours(linked)
    for role in _drawn(where):
        graph.node(role_node(role.id), label=_label(role, where, t),
                   **_look(role, where, colours.get(role.department, PALETTE[0])))
    for role in (where.role, *where.peers):
        if where.superior:
            graph.edge(role_node(where.superior.id), role_node(role.id))
    for report in where.reports:
        graph.edge(role_node(where.role.id), role_node(report.id))
    for superior in where.dotted_superiors:
        graph.edge(role_node(superior.id), role_node(where.role.id), style="dashed",
                   constraint="false", color=MUTED, label=t("dotted_line_short"),
                   fontcolor=MUTED)
    return graph.source


def _drawn(where: Position) -> list[Role]:
    seen: dict[str, Role] = {}
    for role in (where.superior, *where.dotted_superiors, where.role, *where.peers,
                 *where.reports):
        if role is not None:
            seen.setdefault(role.id, role)
    return list(seen.values())


def _label(role: Role, where: Position, t: Labels) -> str:
    lines = [(wrap(role.title, 8), None), (t("headcount_n", n=role.headcount), SMALL_SIZE)]
    if role.id == where.role.id:
        lines.append((t("onboard_this_role"), SMALL_SIZE))
    return html_label(*lines)


def _look(role: Role, where: Position, fill: str) -> dict[str, str]:
    if role.id == where.role.id:
        return {"fillcolor": fill, "penwidth": "2.6", "color": LINE}
    return {"fillcolor": fill}

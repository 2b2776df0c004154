"""Organisation charts from `reports_to` (solid lines) and `dotted_line_to` (dashed, 权限).

A chart must stay readable on an A4 page. Rather than shrink text, a wide chart turns
sideways (levels left to right), and an organisation too big for one page is drawn to a
limited depth, each department then getting its own full chart.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import graphviz

from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Role
from .colours import department_colours
from .orgedges import MARK
from .style import (
    MUTED,
    PALETTE,
    SMALL_SIZE,
    edge_attrs,
    graph_attrs,
    html_label,
    html_text,
    node_attrs,
    tooltip,
    wrap,
)

MAX_ROLES_ON_PAGE = 40
MAX_LEVEL_WIDTH_UPRIGHT = 6


def role_node(role_id: str) -> str:
    return f"role_{role_id}"


def levels(linked: LinkedKB) -> dict[str, int]:
    """Depth of every role below the top of the chart (cycles are errors, so this ends)."""
    roles = linked.kb.roles
    depth: dict[str, int] = {}
    for role_id in roles:
        chain: list[str] = []
        current: str | None = role_id
        while current is not None and current in roles and current not in depth \
                and current not in chain:
            chain.append(current)
            current = roles[current].reports_to
        base = depth.get(current, -1) if current else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    return depth


@dataclass(frozen=True, slots=True)
class ChartScope:
    """Which part of the organisation one chart shows: a department, the subtree under one
    role, or both; None means everything."""

    department: str | None = None
    root: str | None = None

    def contains(self, role: Role, linked: LinkedKB) -> bool:
        if self.department is not None and role.department != self.department:
            return False
        return self.root is None or _is_under(role.id, self.root, linked)


def _is_under(role_id: str, root: str, linked: LinkedKB) -> bool:
    seen = set()
    current: str | None = role_id
    while current and current not in seen:
        if current == root:
            return True
        seen.add(current)
        role = linked.kb.roles.get(current)
        current = role.reports_to if role else None
    return False


def choose_roles(linked: LinkedKB,
                 scope: ChartScope) -> tuple[list[Role], set[str], dict[str, int]]:
    """Roles drawn, ids drawn only as context (a superior outside the scope), and for each
    drawn role how many roles below it were left for another chart."""
    roles = sorted(linked.kb.roles.values(), key=lambda r: r.id)
    members = [r for r in roles if scope.contains(r, linked)]
    depth = levels(linked)
    limit = max((depth[r.id] for r in members), default=0)
    top = min((depth[r.id] for r in members), default=0)
    while limit > top + 1 and sum(1 for r in members if depth[r.id] <= limit) > MAX_ROLES_ON_PAGE:
        limit -= 1
    shown = [r for r in members if depth[r.id] <= limit]
    ids: set[str] = {r.id for r in shown}
    context = sorted({r.reports_to for r in shown if r.reports_to and r.reports_to not in ids
                      and r.reports_to in linked.kb.roles})
    hidden = _hidden_counts(linked, ids, [r for r in members if r.id not in ids])
    return shown + [linked.kb.roles[c] for c in context], set(context), hidden


def _role_label(role: Role, t: Labels, hidden_below: int, more_key: str) -> str:
    lines = [(wrap(role.title, 8), None),
             (t("headcount_n", n=role.headcount), SMALL_SIZE)]
    if hidden_below:
        lines.append((t(more_key, n=hidden_below), SMALL_SIZE))
    return html_label(*lines)


def chart_title(linked: LinkedKB, t: Labels, scope: ChartScope) -> str:
    if scope.root is not None:
        return f"{linked.kb.roles[scope.root].title} {t('org_chart')}"
    if scope.department is not None:
        return f"{linked.departments[scope.department].name} {t('org_chart')}"
    return t("org_chart")


def org_dot(linked: LinkedKB, t: Labels, font: str, scope: ChartScope = ChartScope()) -> str:
    chosen, context, hidden = choose_roles(linked, scope)
    ids = {r.id for r in chosen}
    depth = levels(linked)
    widest = max(Counter(depth[r.id] for r in chosen).values(), default=1)
    rankdir = "TB" if widest <= MAX_LEVEL_WIDTH_UPRIGHT else "LR"
    graph = graphviz.Digraph(name=f"org-{scope.department or 'all'}-{scope.root or 'top'}")
    # No title: the page's heading and caption name the chart. Right-angled lines, and
    # each superior's subordinates in order under it (ordering=out).
    graph.attr("graph", **graph_attrs(font, rankdir, ranksep="0.45"), splines="ortho",
               ordering="out", comment=MARK)  # solid lines redrawn into the top (orgedges)
    graph.attr("node", **node_attrs(font), shape="box", style="rounded,filled")
    graph.attr("edge", **edge_attrs(font), arrowhead="none")
    colours = department_colours(linked)
    # The whole chart sends readers to department charts; those to sub-charts of a role.
    more_key = "more_roles_n" if scope == ChartScope() else "more_roles_sub_n"
    chosen = _tree_order(chosen)
    for role in chosen:
        extra = {"style": "rounded,dashed", "fillcolor": "white", "color": MUTED} \
            if role.id in context else {"fillcolor": colours.get(role.department, PALETTE[0])}
        graph.node(role_node(role.id), label=_role_label(role, t, hidden.get(role.id, 0), more_key),
                   URL=f"sop:role/{role.id}", tooltip=tooltip(role.title),
                   **extra)  # the portal links it to the role; hover shows its title
    for role in chosen:
        if role.reports_to in ids:
            graph.edge(role_node(role.reports_to), role_node(role.id))
    _keep_tree_order(graph, chosen, depth)
    dotted = False
    for role in chosen:  # after every solid line, so they do not reorder subordinates
        for superior in role.dotted_line_to:
            if superior in ids:
                # unlabelled: a label sat on lines crossing it; the legend says what it means
                graph.edge(role_node(superior), role_node(role.id), style="dashed",
                           constraint="false", weight="0", color=MUTED)
                dotted = True
    _legend(graph, linked, t, [d for d in linked.departments
                               if d in {r.department for r in chosen if r.id not in context}],
            colours, dotted)
    return graph.source


def _tree_order(roles: list[Role]) -> list[Role]:
    """Each superior followed by its subordinates, depth first: dot keeps a first drawing
    in this order, so a box stays under the box it reports to."""
    ids = {r.id for r in roles}
    below: dict[str | None, list[Role]] = {}
    for role in roles:
        below.setdefault(role.reports_to if role.reports_to in ids else None, []).append(role)
    ordered: list[Role] = []
    todo = list(reversed(below.get(None, [])))
    while todo:  # a work list; reporting lines have no cycles (the linker checks)
        role = todo.pop()
        if role in ordered:
            continue
        ordered.append(role)
        todo += reversed(below.get(role.id, []))
    return ordered + [r for r in roles if r not in ordered]


def _keep_tree_order(graph, chosen: list[Role], depth: dict[str, int]) -> None:
    """Hold each level in tree order with invisible flat edges (dot keeps a flat edge's
    tail left of its head), so a dashed line cannot pull a box away from its superior."""
    by_level: dict[int, list[Role]] = {}
    for role in chosen:
        by_level.setdefault(depth[role.id], []).append(role)
    for level in by_level.values():
        if len(level) < 2:
            continue
        with graph.subgraph() as same:
            same.attr(rank="same")
            for left, right in pairwise(level):
                same.edge(role_node(left.id), role_node(right.id), style="invis")


def _hidden_counts(linked: LinkedKB, shown: set[str], left_out: list[Role]) -> dict[str, int]:
    """For each shown role, how many of the left-out roles sit below it."""
    counts: dict[str, int] = {}
    for role in left_out:
        current = role.reports_to
        while current and current not in shown and current in linked.kb.roles:
            current = linked.kb.roles[current].reports_to
        if current in shown:
            counts[current] = counts.get(current, 0) + 1
    return counts


def _legend(graph, linked: LinkedKB, t: Labels, used: list[str], colours: dict[str, str],
            dotted: bool) -> None:
    """Only what a reader cannot tell otherwise: which colour is which department (when
    more than one is drawn), and what a dashed line means (when there is one)."""
    rows = []
    if len(used) > 1:
        rows += [f'<TR><TD BGCOLOR="{colours[d]}" WIDTH="14"> </TD><TD ALIGN="LEFT">'
                 f'{html_text(linked.departments[d].name)}</TD></TR>' for d in used]
    if dotted:
        rows.append(f'<TR><TD><FONT COLOR="{MUTED}">- - -</FONT></TD><TD ALIGN="LEFT">'
                    f'{html_text(t("dotted_line_to"))}</TD></TR>')
    if rows:
        graph.node("legend", shape="plaintext", style="", label=(
            f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">{"".join(rows)}</TABLE>>'))

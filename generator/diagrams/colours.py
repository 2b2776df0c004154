"""One colour per department, the same in the org chart and in every swimlane.

A role's lane takes its department's colour, a department's lane its own: a reader who
learnt "blue is 销售部" in the org chart finds it blue in every workflow.
"""
from __future__ import annotations

from ..linker import LinkedKB
from .style import PALETTE

NEUTRAL = "#f1f5f9"  # an actor outside every department (should not happen in valid content)


def department_colours(linked: LinkedKB) -> dict[str, str]:
    return {dept: PALETTE[i % len(PALETTE)] for i, dept in enumerate(linked.departments)}


def actor_colour(linked: LinkedKB, actor_id: str) -> str:
    colours = department_colours(linked)
    role = linked.kb.roles.get(actor_id)
    department = role.department if role else actor_id
    return colours.get(department or "", NEUTRAL)

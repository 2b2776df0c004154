"""What a role's presentations share: the steps it acts in, and its skill levels as text."""
from __future__ import annotations

from dataclasses import dataclass

from ..approvals import ApprovalPart
from ..linker import LinkedKB
from ..model import Role, Skill, Step, Workflow
from .workflow import StepView, numbered_steps


@dataclass(frozen=True, slots=True)
class StepPart:
    """One step a role acts in, as its workflow numbers it, and the role's RACI letters."""

    row: StepView
    letters: str

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def step(self) -> Step:
        return self.row.step


def participation(linked: LinkedKB, role: Role) -> list[tuple[Workflow, list[StepPart]]]:
    """The workflows a role acts in, in reading order, each with its steps in workflow order."""
    letters: dict[str, dict[str, str]] = {}
    workflows: dict[str, Workflow] = {}
    for part in linked.role_steps.get(role.id, ()):
        letters.setdefault(part.workflow.id, {})[part.step.id] = part.letters
        workflows[part.workflow.id] = part.workflow
    return [(workflows[wf_id], [StepPart(row, letters[wf_id][row.step.id])
                                for row in numbered_steps(linked, workflows[wf_id])
                                if row.step.id in letters[wf_id]])
            for wf_id in (wf.id for wf in linked.in_order(workflows.values()))]


def approval_parts(linked: LinkedKB, role: Role) -> tuple[ApprovalPart, ...]:
    """The approval matrices (matters) the role reviews or approves in."""
    return linked.role_approvals.get(role.id, ())


def script_steps(linked: LinkedKB, role: Role) -> list[tuple[Workflow, StepPart]]:
    """The steps the role performs (R) that carry a checklist or a script: what a new
    hire needs to say and have ready."""
    return [(workflow, part) for workflow, parts in participation(linked, role)
            for part in parts if "R" in part.letters and (part.step.script or part.step.checklist)]


def weight_text(weight: float | None) -> str:
    """A KPI weight as written: 30 → "30", 12.5 → "12.5" (no "30.0")."""
    return "" if weight is None else f"{weight:g}"


def skill_level(skill: Skill) -> str | None:
    """A level as manuals print it: a percentage as written, a 1–5 level out of 5."""
    if not skill.level:
        return None
    return skill.level if "%" in skill.level else f"{skill.level} / 5"

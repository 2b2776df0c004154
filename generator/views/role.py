"""What a role's presentations share: the steps it acts in, and its skill levels as text."""
from __future__ import annotations

from dataclasses import dataclass

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


def skill_level(skill: Skill) -> str | None:
    """A level as manuals print it: a percentage as written, a 1–5 level out of 5."""
    if not skill.level:
        return None
    return skill.level if "%" in skill.level else f"{skill.level} / 5"

"""What a role's presentations share: the steps it acts in, and its skill levels as text."""
from __future__ import annotations

from dataclasses import dataclass

from ..approvals import ApprovalPart
from ..linker import LinkedKB, Participation
from ..model import Role, Skill, Step, Workflow
from .workflow import StepView, numbered_steps


@dataclass(frozen=True, slots=True)
class StepPart:
    """One step a role acts in, as its workflow numbers it, and the role's RACI letters."""

    row: StepView
    letters: str
    as_actor: str | None = None   # the actor id the role acts as here (申请人), if not itself

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


def participation_with_actors(linked: LinkedKB,
                              role: Role) -> list[tuple[Workflow, list[StepPart]]]:
    """`participation`, plus the steps the role takes part in as an actor that stands for
    it, each marked with the actor: a sales rep applies for a trip as the 申请人."""
    own = {workflow.id: parts for workflow, parts in participation(linked, role)}
    as_actor: dict[str, dict[str, Participation]] = {}
    for part in linked.role_actor_steps.get(role.id, ()):
        as_actor.setdefault(part.workflow.id, {})[part.step.id] = part
    result = []
    for workflow in linked.in_order(linked.kb.workflows.values()):
        assert isinstance(workflow, Workflow)
        parts = list(own.get(workflow.id, ()))
        mine = {part.step.id for part in parts}
        extra = as_actor.get(workflow.id, {})
        parts += [StepPart(row, extra[row.step.id].letters, extra[row.step.id].as_actor)
                  for row in numbered_steps(linked, workflow)
                  if row.step.id in extra and row.step.id not in mine]
        if parts:
            result.append((workflow, sorted(parts, key=lambda part: part.number)))
    return result


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

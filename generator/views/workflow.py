"""A workflow's steps as every presentation shows them: numbered from 1 in file order,
with each decision branch and each out-of-order ``next`` resolved to a step number."""
from __future__ import annotations

from dataclasses import dataclass

from ..linker import LinkedKB
from ..model import Approval, Form, Phase, Step, Workflow


@dataclass(frozen=True, slots=True)
class BranchView:
    label: str          # the decision's answer, e.g. 是 / 否
    target: str         # the step id it goes to
    number: int | str   # that step's number (its id if no step has it)


@dataclass(frozen=True, slots=True)
class StepView:
    number: int
    step: Step
    branches: tuple[BranchView, ...]
    next_number: int | str | None   # an explicit ``next``: its step number
    forms: tuple[Form, ...]         # the forms used, those that exist
    form_names: tuple[str, ...]     # every form named, by title (an unknown one by its id)
    phase: Phase | None = None      # the workflow phase the step belongs to (format 1.1)
    approval: Approval | None = None  # the approval matrix deciding the step (format 1.1)
    new_phase: bool = False         # the first step of its phase: tables print a phase row

    @property
    def jumps(self) -> bool:
        """Whether ``next`` goes elsewhere than the following step: readers of a table need
        to be told only then."""
        return self.next_number is not None and self.next_number != self.number + 1


def step_numbers(workflow: Workflow) -> dict[str, int]:
    return {step.id: number for number, step in enumerate(workflow.steps, start=1)}


def numbered_steps(linked: LinkedKB, workflow: Workflow) -> tuple[StepView, ...]:
    numbers = step_numbers(workflow)
    forms = linked.kb.forms
    phases = {phase.id: phase for phase in workflow.phases}
    approvals = linked.kb.approvals
    previous: list[str | None] = [None]  # the phase of the step before, for `new_phase`

    def phase_starts(step: Step) -> bool:
        starts = step.phase is not None and step.phase != previous[0]
        previous[0] = step.phase
        return starts and step.phase in phases

    return tuple(StepView(
        number=number, step=step,
        branches=tuple(BranchView(b.if_, b.next, numbers.get(b.next, b.next))
                       for b in step.decision),
        next_number=numbers.get(step.next, step.next) if step.next else None,
        forms=tuple(forms[f] for f in step.forms if f in forms),
        form_names=tuple(forms[f].title if f in forms else f for f in step.forms),
        phase=phases.get(step.phase) if step.phase else None,
        approval=approvals.get(step.approval) if step.approval else None,
        new_phase=phase_starts(step),
    ) for number, step in enumerate(workflow.steps, start=1))


def has_step_guides(workflow: Workflow) -> bool:
    """Whether any step has a checklist or a script, so documents print that section."""
    return any(step.checklist or step.script for step in workflow.steps)


def forms_used(linked: LinkedKB, workflow: Workflow) -> list[tuple[Form, list[StepView]]]:
    """The forms a workflow's steps use, in order of first use, each with its steps."""
    used: dict[str, tuple[Form, list[StepView]]] = {}
    for row in numbered_steps(linked, workflow):
        for form in row.forms:
            used.setdefault(form.id, (form, []))[1].append(row)
    return list(used.values())

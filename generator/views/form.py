"""Where a form is used, as every presentation names it: the workflow step (with its
number), the role's routine or the training session that uses it."""
from __future__ import annotations

from dataclasses import dataclass

from ..linker import FormUse, LinkedKB
from ..model import Form, Item, Routine, Session, Step, Workflow
from .workflow import step_numbers


@dataclass(frozen=True, slots=True)
class FormUseView:
    kind: str                 # "step" | "routine" | "training"
    owner: Item               # the workflow, role or training plan
    what: str                 # the step's name, the routine's task or the session's title
    step_number: int | None   # a step's number in its workflow
    period: str | None        # a routine's period (daily, monthly …)
    step_id: str | None       # a step's id (its anchor on the workflow's page)


def form_uses(linked: LinkedKB, form: Form) -> tuple[FormUseView, ...]:
    return tuple(_use_view(use) for use in linked.form_uses.get(form.id, ()))


def _use_view(use: FormUse) -> FormUseView:
    detail = use.detail
    if isinstance(detail, Step) and isinstance(use.owner, Workflow):
        number = step_numbers(use.owner)[detail.id]
        return FormUseView(use.kind, use.owner, detail.name, number, None, detail.id)
    if isinstance(detail, Routine):
        return FormUseView(use.kind, use.owner, detail.task, None, detail.every, None)
    assert isinstance(detail, Session), detail  # the linker makes only these three uses
    return FormUseView(use.kind, use.owner, detail.title, None, None, None)

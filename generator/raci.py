"""The RACI matrix of a workflow, shared by the Word, PDF and portal renderers.

R is the step's executor (`by`), A its checker or else the executor itself (format 1.1: the
one who decides a step nobody checks answers for it, not the workflow's owner), C and I come
from `consulted` and `informed`. A step decided by an approval matrix (`approval:`) makes
every approver of the matrix A and every reviewer C; with a matrix and no checker, the
matrix's approvers alone are A. One actor may hold several letters on one step.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .approvals import approvers, matrix_of, reviewers
from .model import Approval, Step, Workflow

LETTERS = "RACI"


@dataclass(frozen=True, slots=True)
class RaciRow:
    step: Step
    cells: Mapping[str, str]  # actor id -> letters, e.g. "RA"


@dataclass(frozen=True, slots=True)
class Raci:
    actors: tuple[str, ...]   # columns, in order of first appearance
    rows: tuple[RaciRow, ...]


_NO_APPROVALS: Mapping[str, Approval] = MappingProxyType({})


def step_letters(step: Step,
                 approvals: Mapping[str, Approval] = _NO_APPROVALS) -> dict[str, str]:
    matrix = matrix_of(approvals, step.approval)
    decided_by: list[str | None] = [*approvers(matrix)] if matrix else []
    holders: dict[str, list[str | None]] = {
        "R": [step.by],
        "A": [step.checker or step.by, *decided_by] if step.checker or not decided_by
        else decided_by,
        "C": [*step.consulted, *(reviewers(matrix) if matrix else [])],
        "I": list(step.informed),
    }
    cells: dict[str, str] = {}
    for letter in LETTERS:
        for actor in holders[letter]:
            if actor and letter not in cells.get(actor, ""):
                cells[actor] = cells.get(actor, "") + letter
    return cells


def build_raci(workflow: Workflow,
               approvals: Mapping[str, Approval] = _NO_APPROVALS) -> Raci:
    actors: list[str] = []
    rows = []
    for step in workflow.steps:
        cells = step_letters(step, approvals)
        for actor in cells:
            if actor not in actors:
                actors.append(actor)
        rows.append(RaciRow(step, MappingProxyType(cells)))
    return Raci(tuple(actors), tuple(rows))

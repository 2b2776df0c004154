"""The RACI matrix of a workflow, shared by the Word, PDF and portal renderers.

R is the step's executor (`by`), A its checker or else the executor itself (format 1.1: the
one who decides a step nobody checks answers for it, not the workflow's owner), C and I come
from `consulted` and `informed`. One actor may hold several letters on one step.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .model import Step, Workflow

LETTERS = "RACI"


@dataclass(frozen=True, slots=True)
class RaciRow:
    step: Step
    cells: Mapping[str, str]  # actor id -> letters, e.g. "RA"


@dataclass(frozen=True, slots=True)
class Raci:
    actors: tuple[str, ...]   # columns, in order of first appearance
    rows: tuple[RaciRow, ...]


def step_letters(step: Step) -> dict[str, str]:
    holders: dict[str, list[str | None]] = {
        "R": [step.by],
        "A": [step.checker or step.by],
        "C": list(step.consulted),
        "I": list(step.informed),
    }
    cells: dict[str, str] = {}
    for letter in LETTERS:
        for actor in holders[letter]:
            if actor and letter not in cells.get(actor, ""):
                cells[actor] = cells.get(actor, "") + letter
    return cells


def build_raci(workflow: Workflow) -> Raci:
    actors: list[str] = []
    rows = []
    for step in workflow.steps:
        cells = step_letters(step)
        for actor in cells:
            if actor not in actors:
                actors.append(actor)
        rows.append(RaciRow(step, MappingProxyType(cells)))
    return Raci(tuple(actors), tuple(rows))

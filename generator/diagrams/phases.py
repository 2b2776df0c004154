"""Phases (format 1.1) as bands across the lanes of a swimlane.

A phase is drawn over the rows its steps take: a band across every lane, named in a
header cell beside the lanes (a column left of them when lanes are columns, a strip above
them when lanes are rows), the way lane names head the lanes the other way. The header
sits outside every lane, so no connector or branch label runs through a phase's name.

Bands follow the steps as written: consecutive steps of one phase make one band (a phase
that comes back after another gets a second band), and the rows of one band never share
a row with another's (`assign_rows` starts a new band below everything placed before it).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Workflow
from .measure import LINE_HEIGHT, text_width
from .style import FONT_SIZE, wrap

HEAD_PAD = (8.0, 6.0)   # a phase name to its header cell's edge (x, y)


@dataclass(frozen=True, slots=True)
class Runs:
    """Consecutive steps of one phase: each run's phase name, and each step's run."""

    names: tuple[str, ...]
    of_step: dict[str, int]


def phase_runs(workflow: Workflow) -> Runs:
    """The bands a workflow's phases make, in step order; steps without a phase (or whose
    phase is not declared: reported by the checks) are in none."""
    declared = {str(phase.id): str(phase.name) for phase in workflow.phases}
    names: list[str] = []
    of_step: dict[str, int] = {}
    previous = None
    for step in workflow.steps:
        phase = str(step.phase) if step.phase is not None else None
        if phase not in declared:
            previous = None
            continue
        if phase != previous:
            names.append(declared[str(phase)])
        previous = phase
        of_step[str(step.id)] = len(names) - 1
    return Runs(tuple(names), of_step)


def head_text(name: str, columns: bool) -> str:
    """A phase's name as its header cell shows it: narrow beside column lanes, where the
    column's width is taken from every lane (on a 390 px phone, five characters a line made
    it ~80 px of the screen; three make a four-character name two balanced lines)."""
    return wrap(name, 3 if columns else 8)


def head_size(name: str, columns: bool) -> tuple[float, float]:
    """Page size of a phase's header text with its padding."""
    text = head_text(name, columns)
    size = float(FONT_SIZE)
    lines = text.count("\n") + 1
    return (text_width(text, size) + 2 * HEAD_PAD[0],
            lines * size * LINE_HEIGHT + 2 * HEAD_PAD[1])

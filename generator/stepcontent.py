"""Checks of what steps hold beyond the flow (format 1.1): phases, checklists and scripts.

The flow itself (ids, `next`, decisions, reachability) is checked in flow.py; these rules
are about the content a reader sees at a step, so they stay apart from the graph.
"""
from __future__ import annotations

from .diagnostics import Diagnostics
from .model import ScriptLine, Step, Workflow
from .rules import check_unique
from .suggest import did_you_mean


def check_step_content(workflow: Workflow, diags: Diagnostics) -> None:
    check_unique(workflow.phases, "phase id", f"in workflow `{workflow.id}`", diags)
    phases: list[str] = [phase.id for phase in workflow.phases if phase.id]
    for step in workflow.steps:
        _check_phase(workflow, step, phases, diags)
        for line in step.script:
            _check_script_line(line, diags)


def _check_phase(workflow: Workflow, step: Step, phases: list[str],
                 diags: Diagnostics) -> None:
    if step.phase is None or step.phase in phases:
        return
    if not phases:
        diags.error(step.phase.loc, f"step `{step.id}` names phase `{step.phase}`, but "
                    f"workflow `{workflow.id}` declares no `phases`: add `phases:` with "
                    f"`- {{id: {step.phase}, name: …}}`", "dangling-ref")
        return
    hint = did_you_mean(step.phase, phases) or f" (phases: {', '.join(phases)})"
    diags.error(step.phase.loc, f"`phase` names `{step.phase}`, which is not a phase of "
                f"workflow `{workflow.id}`{hint}", "dangling-ref")


def _check_script_line(line: ScriptLine, diags: Diagnostics) -> None:
    """A line either says something or asks something; answers follow a question."""
    if line.say is None and line.ask is None and not ({"say", "ask"} & set(line.locs)):
        diags.error(line.loc, "script line has neither `say` nor `ask`: write what to say "
                    "(`say: …`) or what to ask (`ask: …` with `answers`)", "required")
    if line.say is not None and line.ask is not None:
        diags.error(line.loc_of("ask"), "script line has both `say` and `ask`: make them two "
                    "lines (`- say: …` then `- ask: …`)", "type")
    if line.answers and line.ask is None:
        diags.error(line.loc_of("answers"), "`answers` belong to a question: add `ask: …` to "
                    "this line, or drop `answers`", "type")

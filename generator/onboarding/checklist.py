"""The 30/60/90-day checklist: what a new hire should have done by each milestone.

Built from the role itself, so it changes when the role does: training sessions fall into
the milestone in which they end; frequent routines are learnt first with the buddy and
then done alone; KPIs measured daily or weekly are reached by day 60, monthly ones by day
90, and quarterly or yearly ones are tracked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import Labels
from ..model import Role
from .schedule import Sitting

MILESTONES = (30, 60, 90)
_FREQUENT = ("daily", "weekly")


@dataclass(frozen=True, slots=True)
class Task:
    text: str
    source: str               # label of where it comes from: training, routine, KPI, pack
    when: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    days: int
    due: dt.date
    tasks: tuple[Task, ...]


def milestone_due(start: dt.date, days: int) -> dt.date:
    """Day N counted in calendar days, the start date being day 1."""
    return start + dt.timedelta(days=days - 1)


def checklist(role: Role, start: dt.date, sittings: tuple[Sitting, ...],
              t: Labels) -> tuple[Milestone, ...]:
    buckets: dict[int, list[Task]] = {days: [] for days in MILESTONES}
    for days, task in (*_training(start, sittings, t), *_routines(role, t), *_kpis(role, t),
                       *_fixed(role, t)):
        buckets[days].append(task)
    return tuple(Milestone(days, milestone_due(start, days), tuple(tasks))
                 for days, tasks in buckets.items())


def _milestone_of(start: dt.date, day: dt.date) -> int:
    return next((d for d in MILESTONES if day <= milestone_due(start, d)), MILESTONES[-1])


def _training(start: dt.date, sittings: tuple[Sitting, ...], t: Labels):
    last = {}  # the last sitting of each session: the session is done when it ends
    for sitting in sittings:
        last[(sitting.plan.id, sitting.session.id)] = sitting
    for sitting in last.values():
        session = sitting.session
        text = t("onboard_task_training", title=session.title)
        if session.assessment:
            text += t("onboard_task_assessment", assessment=session.assessment)
        yield _milestone_of(start, sitting.date), Task(text, t("onboard_source_training"),
                                                       sitting.date)


def _routines(role: Role, t: Labels):
    source = t("onboard_source_routine")
    for routine in role.routines:
        # `when` usually names the period already (每周六例会), so the period is the fallback.
        what = t("onboard_task_routine", task=routine.task,
                 when=routine.when or t(f"period_{routine.every}"))
        if routine.every in _FREQUENT:
            yield 30, Task(t("onboard_task_with_buddy", what=what), source)
            yield 60, Task(t("onboard_task_alone", what=what), source)
        elif routine.every == "monthly":
            yield 60, Task(t("onboard_task_alone", what=what), source)
        else:
            yield 90, Task(t("onboard_task_take_part", what=what), source)


def _kpis(role: Role, t: Labels):
    source = t("onboard_source_kpi")
    for kpi in role.kpis:
        target = kpi.target or t("onboard_no_target")
        if kpi.period in _FREQUENT:
            yield 60, Task(t("onboard_task_kpi", name=kpi.name, target=target), source)
        elif kpi.period in (None, "monthly"):
            yield 90, Task(t("onboard_task_kpi", name=kpi.name, target=target), source)
        else:  # a quarterly or yearly target cannot be judged within 90 days, only tracked
            yield 90, Task(t("onboard_task_kpi_track", name=kpi.name, target=target), source)


def _fixed(role: Role, t: Labels):
    source = t("onboard_source_pack")
    yield 30, Task(t("onboard_task_acknowledge"), source)
    if role.kpis:
        yield 30, Task(t("onboard_task_learn_kpis"), source)
    yield 90, Task(t("onboard_task_review"), source)

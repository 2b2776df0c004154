"""What a training plan shows: its session table's columns and each session's materials,
the same in the handbook, the plan's own document and the portal."""
from __future__ import annotations

from dataclasses import dataclass

from ..linker import LinkedKB
from ..model import Item, Session, TrainingPlan


@dataclass(frozen=True, slots=True)
class SessionColumn:
    key: str    # the label key of its heading, and which cell it shows
    width: int  # percent of the table's width


# Relative widths (wide enough for the day's heading on one line when all are shown). The
# day and session columns are always shown (a session without a day is 待安排,
# docs/format.md), the others only when some session fills them: a plan written from a
# manual that gives no hours or methods has no empty columns.
_WEIGHTS = {"training_day": 14, "training_session": 17, "training_topics": 25,
            "training_by": 12, "training_hours": 7, "training_method": 10,
            "training_assessment": 12, "training_materials": 17}
_OPTIONAL = {"training_hours": "hours", "training_method": "method",
             "training_assessment": "assessment", "training_materials": "materials"}


def session_columns(plan: TrainingPlan) -> list[SessionColumn]:
    keys = [key for key in _WEIGHTS
            if key not in _OPTIONAL or any(_filled(s, _OPTIONAL[key]) for s in plan.sessions)]
    total = sum(_WEIGHTS[key] for key in keys)
    widths = [round(100 * _WEIGHTS[key] / total) for key in keys]
    widths[keys.index("training_topics")] += 100 - sum(widths)  # rounding: sum is 100
    return [SessionColumn(key, width) for key, width in zip(keys, widths, strict=True)]


def _filled(session: Session, attribute: str) -> bool:
    value = getattr(session, attribute)
    return value is not None and value != ()


def materials_of(linked: LinkedKB, ids) -> list[Item]:
    """A session's materials (workflow, policy or form ids) as the items they name."""
    kb = linked.kb
    pools = (kb.workflows, kb.policies, kb.forms)
    return [pool[i] for i in ids for pool in pools if i in pool]


def hours_text(hours: float | None) -> str:
    """1.5 → "1.5", 2.0 → "2": hours as people write them."""
    return "" if hours is None else f"{hours:g}"

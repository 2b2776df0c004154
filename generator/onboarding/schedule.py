"""A role's training plan turned into real dates and times for one start date.

Each session with a `day` starts on it (counted in working days, 1 = the first day) or, when an
earlier session runs long, right after it. Sessions follow each other from the start of
the working day and pause for lunch; one longer than what is left of a day continues on
the next working day, so a 20-hour course becomes three sittings on three dates.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Session, TrainingPlan
from .workdays import WorkingCalendar

DEFAULT_HOURS = 1.0  # a session without `hours` still needs a slot in the calendar


@dataclass(frozen=True, slots=True)
class Sitting:
    """One uninterrupted stretch of a session on one working day (lunch included)."""

    plan: TrainingPlan
    session: Session
    start: dt.datetime  # aware, in the organisation's time zone
    end: dt.datetime
    part: int           # 1-based
    parts: int

    @property
    def date(self) -> dt.date:
        return self.start.date()

    @property
    def hours(self) -> float:
        return self.session.hours or DEFAULT_HOURS


def schedule(sessions: Iterable[tuple[TrainingPlan, Session]], first_day: dt.date,
             calendar: WorkingCalendar) -> tuple[Sitting, ...]:
    """Sittings in time order; ``first_day`` must be a working day."""
    cursor = dt.datetime.combine(first_day, calendar.day_start)
    sittings: list[Sitting] = []
    # Sessions without a `day` are to be scheduled: they get no date (the pack lists them).
    dated = [(plan, session) for plan, session in sessions if session.day is not None]
    # sorted() is stable: sessions on the same day keep the order the plans give them.
    for plan, session in sorted(dated, key=lambda pair: pair[1].day or 0):
        due = dt.datetime.combine(calendar.nth_workday(first_day, session.day or 1),
                                  calendar.day_start)
        blocks = list(_blocks(max(cursor, due), _minutes(session), calendar))
        cursor = blocks[-1][1]
        sittings += [Sitting(plan, session, start.replace(tzinfo=calendar.tz),
                             end.replace(tzinfo=calendar.tz), part, len(blocks))
                     for part, (start, end) in enumerate(blocks, start=1)]
    return tuple(sittings)


def _minutes(session: Session) -> int:
    return max(1, round((session.hours or DEFAULT_HOURS) * 60))


def _blocks(cursor: dt.datetime, minutes: int,
            calendar: WorkingCalendar) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of each day's part of a session of ``minutes`` working minutes."""
    while minutes > 0:
        cursor = _into_working_time(cursor, calendar)
        start, day = cursor, cursor.date()
        lunch_start = dt.datetime.combine(day, calendar.lunch_start)
        lunch_end = dt.datetime.combine(day, calendar.lunch_end)
        day_end = dt.datetime.combine(day, calendar.day_end)
        while minutes > 0 and cursor < day_end:
            stop = lunch_start if cursor < lunch_start else day_end
            step = min(minutes, int((stop - cursor).total_seconds() // 60))
            cursor += dt.timedelta(minutes=step)
            minutes -= step
            if cursor == lunch_start and minutes > 0:
                cursor = lunch_end  # the sitting pauses for lunch and goes on after it
        yield start, cursor


def _into_working_time(moment: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """The first working minute at or after ``moment``."""
    day = moment.date()
    if calendar.is_workday(day):
        if moment.time() < calendar.day_start:
            return dt.datetime.combine(day, calendar.day_start)
        if calendar.lunch_start <= moment.time() < calendar.lunch_end:
            return dt.datetime.combine(day, calendar.lunch_end)
        if moment.time() < calendar.day_end:
            return moment
    following = calendar.next_workday(day + dt.timedelta(days=1))
    return dt.datetime.combine(following, calendar.day_start)

"""Working days and hours: weekends off, public holidays off, make-up working days on.

Chinese public holidays move every year and are bridged by working weekends (调休), so
neither can be computed: they come from the optional `calendar` in org.yaml, from the
holiday library for its `country` and from its own `holidays` / `workdays` lists, which
add to (and win over) the library's. Without it, Monday to Friday, 09:00–18:00 with lunch
12:00–13:00, in Asia/Shanghai, and no year is known: every date is only a weekday.

A calendar knows a year when the library has that year's official arrangement or org.yaml
lists days for it; `unknown_years` tells the pack and the CLI which dates were not checked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo

from ..diagnostics import Diagnostic, Loc, Severity
from ..model import Org, WorkCalendar, parse_clock
from .holidaylib import covered_years, official_days

DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_HOURS = {"workday_start": "09:00", "lunch_start": "12:00", "lunch_end": "13:00",
                 "workday_end": "18:00"}


class CalendarError(ValueError):
    """The org.yaml calendar is well-formed but cannot be used (e.g. lunch after closing)."""


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    timezone: str = DEFAULT_TIMEZONE
    day_start: dt.time = dt.time(9)
    lunch_start: dt.time = dt.time(12)
    lunch_end: dt.time = dt.time(13)
    day_end: dt.time = dt.time(18)
    holidays: frozenset[dt.date] = frozenset()   # org.yaml's own lists
    workdays: frozenset[dt.date] = frozenset()
    country: str | None = None                   # the holiday library's calendar

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if self.country:
            days_off, workdays = official_days(self.country, day.year)
            if day in workdays:
                return True
            if day in days_off:
                return False
        return day.weekday() < 5

    def is_holiday(self, day: dt.date) -> bool:
        return not self.is_workday(day) and (day.weekday() < 5 or day in self.holidays or (
            self.country is not None and day in official_days(self.country, day.year)[0]))

    def day_off_reason(self, day: dt.date) -> str | None:
        """"holiday", "weekend", or None on a working day."""
        if self.is_workday(day):
            return None
        return "holiday" if self.is_holiday(day) else "weekend"

    def known_years(self) -> frozenset[int]:
        """Years whose holidays and make-up working days this calendar has."""
        listed = {day.year for day in self.holidays | self.workdays}
        library = set(covered_years(self.country)) if self.country else set()
        return frozenset(listed | library)

    def unknown_years(self, days) -> tuple[int, ...]:
        """The years of ``days`` that the calendar does not know, in order."""
        known = self.known_years()
        return tuple(sorted({day.year for day in days} - known))

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day on or after ``day``."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def nth_workday(self, first: dt.date, n: int) -> dt.date:
        """The n-th working day counting from ``first`` (n = 1 is the first working day)."""
        day = self.next_workday(first)
        for _ in range(n - 1):
            day = self.next_workday(day + dt.timedelta(days=1))
        return day


def calendar_from_org(org: Org) -> WorkingCalendar:
    """The organisation's calendar; raises CalendarError naming file:line:col."""
    spec = org.calendar
    if spec is None:
        return WorkingCalendar()
    hours = {key: parse_clock(getattr(spec, key) or default)
             for key, default in DEFAULT_HOURS.items()}
    _check_hours(spec, hours)
    _check_overlap(spec)
    return WorkingCalendar(
        timezone=spec.timezone or DEFAULT_TIMEZONE,
        day_start=hours["workday_start"], lunch_start=hours["lunch_start"],
        lunch_end=hours["lunch_end"], day_end=hours["workday_end"],
        holidays=frozenset(spec.holidays), workdays=frozenset(spec.workdays),
        country=spec.country)


def _check_hours(spec: WorkCalendar, hours: dict[str, dt.time]) -> None:
    order = list(DEFAULT_HOURS)  # workday_start ≤ lunch_start ≤ lunch_end ≤ workday_end
    for earlier, later in pairwise(order):
        if hours[earlier] > hours[later]:
            raise CalendarError(_message(
                spec.loc_of(later), f"`{later}` ({hours[later]:%H:%M}) is earlier than "
                f"`{earlier}` ({hours[earlier]:%H:%M}): the working day runs "
                "workday_start → lunch_start → lunch_end → workday_end"))
    working = (_minutes(hours["lunch_start"]) - _minutes(hours["workday_start"])
               + _minutes(hours["workday_end"]) - _minutes(hours["lunch_end"]))
    if working <= 0:
        raise CalendarError(_message(
            spec.loc_of("workday_end"), "the working day has no working time outside lunch"))


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _check_overlap(spec: WorkCalendar) -> None:
    both = sorted(set(spec.holidays) & set(spec.workdays))
    if both:
        listed = ", ".join(day.isoformat() for day in both)
        raise CalendarError(_message(
            spec.loc_of("workdays"), f"{listed} is listed both as a holiday and as a "
            "make-up working day: keep it in one list"))


def _message(loc: Loc, text: str) -> str:
    return Diagnostic(loc, Severity.ERROR, text, "calendar").format()

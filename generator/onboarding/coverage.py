"""What the calendar could not check: schedule dates in years it has no holidays for.

A pack must not claim that holidays were avoided on dates the calendar knows nothing about
(a year the library has no official arrangement for and org.yaml lists nothing in, or any
year when there is no calendar): the CLI warns, naming each such date and its session, and
the pack states the calendar's coverage instead.
"""
from __future__ import annotations

from collections.abc import Iterable

from .schedule import Sitting
from .workdays import WorkingCalendar


def year_spans(years: Iterable[int], separator: str = ", ") -> str:
    """2001, 2002, 2003, 2005 → "2001–2003, 2005"."""
    spans: list[list[int]] = []
    for year in sorted(set(years)):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return separator.join(f"{a}–{b}" if a != b else str(a) for a, b in spans)


def unchecked(calendar: WorkingCalendar, sittings: Iterable[Sitting]) -> tuple[Sitting, ...]:
    """The sittings on a date whose year the calendar does not know."""
    known = calendar.known_years()
    return tuple(sitting for sitting in sittings if sitting.date.year not in known)


def coverage_warnings(calendar: WorkingCalendar, sittings: Iterable[Sitting]) -> list[str]:
    """One warning per session with sittings outside the calendar, naming its dates."""
    by_session: dict[tuple[str, str], list[Sitting]] = {}
    for sitting in unchecked(calendar, sittings):
        by_session.setdefault((sitting.plan.id, sitting.session.id), []).append(sitting)
    known = calendar.known_years()
    coverage = (f"the calendar has public holidays for {year_spans(known)} only" if known
                else "there is no holiday calendar (`calendar.country` or `calendar.holidays` "
                "in org.yaml)")
    warnings = []
    for (plan_id, session_id), found in by_session.items():
        dates = ", ".join(dict.fromkeys(sitting.date.isoformat() for sitting in found))
        years = year_spans({sitting.date.year for sitting in found})
        warnings.append(
            f"session `{found[0].session.title}` ({plan_id}/{session_id}) is scheduled on "
            f"{dates}, but {coverage}: check that no public holiday falls on these dates, "
            f"or add {years}'s holidays to `calendar` in org.yaml")
    return warnings

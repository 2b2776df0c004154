"""Official public holidays and make-up working days (调休) from the `holidays` library.

The library is maintained and updated each year, so org.yaml need not list them by hand
(`calendar.country`). Where a country announces its arrangement year by year, as China's
State Council does each November, the library's later years are only estimates from the
statutory rules: those years are not counted as covered, and a schedule in them is warned
about instead of being presented as holiday-free.
"""
from __future__ import annotations

import datetime as dt
from functools import cache

# Countries whose days off and make-up working days are fixed by a yearly notice; for the
# others the statutory rules are the calendar, so every year the library has is known.
ANNOUNCED_YEARLY = frozenset({"CN"})


@cache
def official_days(country: str, year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(days off, weekend days that are working days) in ``year``, as the library has them
    (estimated for a year past its coverage)."""
    from holidays import country_holidays
    calendar = country_holidays(country, years=year)
    days_off = frozenset(day for day in calendar if day.year == year)
    workdays = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return days_off, workdays


@cache
def covered_years(country: str) -> range:
    """The years whose holidays the library has from an official source, not estimated."""
    from holidays import country_holidays
    calendar = country_holidays(country)
    if country not in ANNOUNCED_YEARLY:
        return range(calendar.start_year, calendar.end_year + 1)
    # special_public_holidays holds each notice's bridging days, keyed by year: the years
    # listed are the arrangements the library has read (China's: 2001 onwards).
    notices = sorted(calendar.special_public_holidays)
    return range(notices[0], notices[-1] + 1) if notices else range(0)

"""Working days for onboarding schedules: weekends, public holidays, make-up working days,
month and year ends, and the optional `calendar` in org.yaml (validated by `sopkit check`)."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import ORG_YAML
from generator.onboarding.request import new_hire
from generator.onboarding.workdays import CalendarError, WorkingCalendar, calendar_from_org

D = dt.date
PLAIN = WorkingCalendar()  # Monday to Friday, no holidays


@pytest.fixture(scope="module")
def sample(sample_result) -> WorkingCalendar:
    return calendar_from_org(sample_result.linked.org)


# ---------------------------------------------------------------- weekends only

def test_weekends_are_skipped():
    friday = D(2026, 11, 13)
    assert PLAIN.nth_workday(friday, 1) == friday
    assert PLAIN.nth_workday(friday, 2) == D(2026, 11, 16)
    assert PLAIN.nth_workday(friday, 6) == D(2026, 11, 20)
    assert PLAIN.nth_workday(friday, 7) == D(2026, 11, 23)


def test_counting_from_a_weekend_starts_on_monday():
    assert PLAIN.nth_workday(D(2026, 11, 14), 1) == D(2026, 11, 16)
    assert PLAIN.next_workday(D(2026, 11, 15)) == D(2026, 11, 16)


def test_month_and_year_ends():
    assert PLAIN.nth_workday(D(2026, 4, 30), 2) == D(2026, 5, 1)
    assert PLAIN.nth_workday(D(2026, 2, 27), 2) == D(2026, 3, 2)
    assert PLAIN.nth_workday(D(2026, 12, 31), 2) == D(2027, 1, 1)
    assert PLAIN.nth_workday(D(2027, 12, 30), 3) == D(2028, 1, 3)


def test_leap_day():
    assert PLAIN.nth_workday(D(2028, 2, 28), 2) == D(2028, 2, 29)


# ---------------------------------------------------------------- the sample's Chinese calendar

def test_national_day_week_is_skipped(sample):
    start = D(2026, 9, 28)  # Monday; 10月1日–7日 off
    days = [sample.nth_workday(start, n) for n in range(1, 8)]
    assert days == [D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8),
                    D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12)]


def test_make_up_working_days_are_working_days(sample):
    assert sample.is_workday(D(2026, 10, 10))   # Saturday, 调休上班
    assert sample.is_workday(D(2026, 9, 20))    # Sunday, 调休上班
    assert not sample.is_workday(D(2026, 10, 11))
    assert sample.day_off_reason(D(2026, 10, 11)) == "weekend"
    assert sample.day_off_reason(D(2026, 10, 5)) == "holiday"
    assert sample.day_off_reason(D(2026, 10, 9)) is None


def test_spring_festival(sample):
    friday = D(2026, 2, 13)
    assert sample.nth_workday(friday, 2) == D(2026, 2, 14)   # Saturday, 调休上班
    assert sample.nth_workday(friday, 3) == D(2026, 2, 24)   # after 2月15日–23日
    assert sample.nth_workday(D(2026, 2, 27), 2) == D(2026, 2, 28)   # Saturday, 调休上班
    assert sample.nth_workday(D(2026, 2, 27), 3) == D(2026, 3, 2)


def test_year_end_with_new_year_holiday(sample):
    assert sample.nth_workday(D(2026, 12, 31), 2) == D(2027, 1, 4)


def test_sample_calendar_hours_and_zone(sample):
    assert (sample.timezone, sample.day_start, sample.lunch_start, sample.lunch_end,
            sample.day_end) == ("Asia/Shanghai", dt.time(9), dt.time(12), dt.time(13),
                                dt.time(18))


# ---------------------------------------------------------------- a start on a day off

def test_start_on_a_holiday_moves_to_the_next_working_day(sample_result, sample):
    hire = new_hire(sample_result.linked, sample, name="张三", role="sales-rep",
                    start="2026-10-01")
    assert (hire.start, hire.requested_start, hire.moved_because) == (
        D(2026, 10, 8), D(2026, 10, 1), "holiday")


def test_start_on_a_weekend_moves_to_monday(sample_result, sample):
    hire = new_hire(sample_result.linked, sample, name="张三", role="sales-rep",
                    start="2026-11-14")
    assert (hire.start, hire.moved_because) == (D(2026, 11, 16), "weekend")


def test_start_on_a_make_up_saturday_stays(sample_result, sample):
    hire = new_hire(sample_result.linked, sample, name="张三", role="sales-rep",
                    start="2026-10-10")
    assert (hire.start, hire.moved) == (D(2026, 10, 10), False)


# ---------------------------------------------------------------- org.yaml `calendar`

CALENDAR = """\
calendar:
  timezone: Asia/Shanghai
  workday_start: "09:00"
  holidays: [2026-10-01, 2026-02-30]
  workdays: [2026-10-10]
"""


def test_a_bad_date_in_the_calendar_is_reported_by_check(make_kb):
    kb = make_kb(org=ORG_YAML + CALENDAR)
    assert kb.errors() == [
        "sops/org.yaml:11:26: error: `holidays`: `2026-02-30` is not a real date (check the "
        "month and day) [type]",
    ]


@pytest.mark.parametrize("calendar, message", [
    ('calendar:\n  workday_start: "9 am"\n',
     'sops/org.yaml:9:18: error: `9 am` is not a time of day: write HH:MM, e.g. 09:00 [range]'),
    ('calendar:\n  lunch_end: "24:00"\n',
     'sops/org.yaml:9:14: error: `24:00` is not a time of day: write HH:MM, e.g. 09:00 '
     '[range]'),
    ("calendar:\n  timezone: Asia/Shanghia\n",
     "sops/org.yaml:9:13: error: `Asia/Shanghia` is not a known time zone: did you mean "
     "`Asia/Shanghai`? use an IANA name such as Asia/Shanghai or Asia/Taipei [range]"),
    ("calendar:\n  holiday: [2026-10-01]\n",
     "sops/org.yaml:9:3: error: unknown key `holiday` in calendar: did you mean `holidays`? "
     "(keys of your own must start with `x-`) [unknown-key]"),
    ("calendar:\n  workdays: 2026-10-10\n",
     "sops/org.yaml:9:13: error: `workdays` must be a list (write [2026-10-10] or one "
     "`- item` per line), not `2026-10-10` [type]"),
])
def test_calendar_mistakes_are_reported_by_check(make_kb, calendar, message):
    assert make_kb(org=ORG_YAML + calendar).errors() == [message]


def test_a_valid_calendar_checks_clean_and_loads(make_kb):
    kb = make_kb(org=ORG_YAML + CALENDAR.replace(", 2026-02-30", ""))
    result = kb.check()
    assert result.diagnostics.items == []
    calendar = calendar_from_org(result.linked.org)
    assert calendar.holidays == {D(2026, 10, 1)} and calendar.workdays == {D(2026, 10, 10)}
    assert calendar.day_end == dt.time(18)   # default


def test_lunch_before_the_start_of_the_day_is_refused(make_kb):
    kb = make_kb(org=ORG_YAML + 'calendar:\n  workday_start: "13:00"\n  lunch_start: "12:00"\n')
    with pytest.raises(CalendarError) as raised:
        calendar_from_org(kb.check().linked.org)
    assert str(raised.value) == (
        "sops/org.yaml:10:16: error: `lunch_start` (12:00) is earlier than `workday_start` "
        "(13:00): the working day runs workday_start → lunch_start → lunch_end → "
        "workday_end [calendar]")


def test_a_day_both_off_and_on_is_refused(make_kb):
    kb = make_kb(org=ORG_YAML + "calendar:\n  holidays: [2026-10-10]\n  workdays: [2026-10-10]\n")
    with pytest.raises(CalendarError, match="2026-10-10 is listed both as a holiday and as a "
                                            "make-up working day"):
        calendar_from_org(kb.check().linked.org)


# ---------------------------------------------------------------- `calendar.country` (holiday library)

CN = WorkingCalendar(country="CN")


def test_the_library_gives_chinese_holidays_and_make_up_working_days():
    """2026 as the State Council announced it (国办发明电〔2025〕7号)."""
    assert not CN.is_workday(D(2026, 10, 1)) and not CN.is_workday(D(2026, 10, 7))
    assert CN.day_off_reason(D(2026, 10, 6)) == "holiday"   # a weekday bridged off
    assert CN.is_workday(D(2026, 10, 10)) and CN.is_workday(D(2026, 9, 20))   # 调休上班
    assert CN.is_workday(D(2026, 2, 14)) and not CN.is_workday(D(2026, 2, 20))
    assert CN.nth_workday(D(2026, 9, 30), 2) == D(2026, 10, 8)


def test_org_entries_add_to_the_library():
    own = WorkingCalendar(country="CN", holidays=frozenset({D(2026, 10, 8)}),
                          workdays=frozenset({D(2026, 10, 11)}))
    assert not own.is_workday(D(2026, 10, 8)) and own.is_workday(D(2026, 10, 11))
    assert not own.is_workday(D(2026, 10, 1))   # the library's holiday is still off
    assert own.known_years() >= {2026}


def _all_sessions(result):
    return [pair for pairs in result.linked.role_training.values() for pair in pairs]


def test_no_session_on_a_chinese_holiday_for_starts_across_2026_and_2027(scheduled_result):
    """Every start date of two years, every role's sessions: never on a day off of the
    official calendar (the library read independently here), always on a weekday or an
    announced make-up working day."""
    import holidays

    from generator.onboarding.schedule import schedule
    official = holidays.country_holidays("CN", years=range(2026, 2030))
    sessions = _all_sessions(scheduled_result)
    assert len(sessions) > 10
    day, booked = D(2026, 1, 1), 0
    while day <= D(2027, 12, 31):
        start = CN.next_workday(day)
        for sitting in schedule(sessions, start, CN):
            assert sitting.date not in official, (day, sitting.date, sitting.session.id)
            assert sitting.date.weekday() < 5 or sitting.date in official.weekend_workdays
            booked += 1
        day += dt.timedelta(days=1)
    assert booked > 730 * 10


def test_coverage_is_the_years_the_library_has_official_notices_for():
    assert {2025, 2026} <= CN.known_years()
    assert CN.unknown_years([D(2026, 3, 2), D(2031, 3, 3)]) == (2031,)
    assert PLAIN.known_years() == frozenset()           # no calendar: no year is known
    assert PLAIN.unknown_years([D(2026, 3, 2)]) == (2026,)


def test_dates_beyond_coverage_are_warned_about_by_date_and_session(scheduled_result, sample):
    from generator.onboarding.coverage import coverage_warnings
    from generator.onboarding.schedule import schedule
    sessions = scheduled_result.linked.role_training["sales-rep"]
    start = D(2027, 12, 27)
    sittings = schedule(sessions, start, sample)
    later = [s for s in sittings if s.date.year == 2028]
    assert later and any(s.date.year == 2027 for s in sittings)
    warnings = coverage_warnings(sample, sittings)
    assert len(warnings) == len({(s.plan.id, s.session.id) for s in later})
    for sitting in later:
        assert any(sitting.date.isoformat() in w and f"`{sitting.session.title}`" in w
                   and "the calendar has public holidays for 2026–2027 only" in w
                   for w in warnings)
    assert not any("2027-12-" in warning for warning in warnings)
    assert coverage_warnings(sample, schedule(sessions, D(2026, 9, 28), sample)) == []


def test_without_a_calendar_every_date_is_warned_about(scheduled_result):
    from generator.onboarding.coverage import coverage_warnings
    from generator.onboarding.schedule import schedule
    sittings = schedule(scheduled_result.linked.role_training["sales-rep"], D(2026, 9, 28), PLAIN)
    warnings = coverage_warnings(PLAIN, sittings)
    assert warnings and all("there is no holiday calendar" in w for w in warnings)
    assert all(s.date.isoformat() in "".join(warnings) for s in sittings)


@pytest.mark.parametrize("country, message", [
    ("cn", "`cn` is not a country code: did you mean `CN`? (two upper-case letters)"),
    ("CHN", "`CHN` is not a country code: did you mean `CN`? (two upper-case letters)"),
    ("ZZ", "`ZZ` is not a country the holiday calendar knows: use a two-letter ISO 3166 "
           "code such as CN (mainland China)"),
])
def test_a_bad_country_is_reported_by_check(make_kb, country, message):
    assert make_kb(org=ORG_YAML + f"calendar:\n  country: {country}\n").errors() == [
        f"sops/org.yaml:9:12: error: {message} [range]"]


def test_a_country_checks_clean_and_loads(make_kb):
    result = make_kb(org=ORG_YAML + "calendar:\n  country: CN\n").check()
    assert result.diagnostics.items == []
    assert calendar_from_org(result.linked.org).country == "CN"

"""Training sessions turned into real dates and times, and the 30/60/90-day checklist."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.i18n import Labels
from generator.onboarding.checklist import checklist
from generator.onboarding.schedule import schedule
from generator.onboarding.workdays import WorkingCalendar, calendar_from_org

D = dt.date


@pytest.fixture(scope="module")
def linked(scheduled_result):
    """The sample with days 1–7 on its plan (the manual gives none; see scheduled_kb.py)."""
    return scheduled_result.linked


@pytest.fixture(scope="module")
def sales_rep(linked):
    calendar = calendar_from_org(linked.org)
    return schedule(linked.role_training["sales-rep"], D(2026, 9, 28), calendar)


def rows(sittings):
    return [(s.session.id, s.part, s.parts, s.date.isoformat(), f"{s.start:%H:%M}",
             f"{s.end:%H:%M}") for s in sittings]


def test_sales_rep_starting_in_the_national_day_week(sales_rep):
    """Day n is the n-th working day: 10月1日–7日 are skipped and Saturday 10月10日 is worked.
    The plan gives no hours, so each session takes the default hour."""
    assert rows(sales_rep) == [
        ("orientation", 1, 1, "2026-09-28", "09:00", "10:00"),
        ("industry", 1, 1, "2026-09-29", "09:00", "10:00"),
        ("company", 1, 1, "2026-09-30", "09:00", "10:00"),
        ("product", 1, 1, "2026-10-08", "09:00", "10:00"),        # day 4: after National Day
        ("process", 1, 1, "2026-10-09", "09:00", "10:00"),
        ("skills", 1, 1, "2026-10-10", "09:00", "10:00"),         # day 6: 调休 Saturday
        ("attitude", 1, 1, "2026-10-12", "09:00", "10:00"),
    ]


def test_times_are_in_the_organisation_time_zone(sales_rep):
    first = sales_rep[0].start
    assert str(first.tzinfo) == "Asia/Shanghai"
    assert first.utcoffset() == dt.timedelta(hours=8)
    assert first.astimezone(dt.UTC) == dt.datetime(2026, 9, 28, 1, tzinfo=dt.UTC)


def test_a_long_session_pushes_the_next_one_back(make_kb):
    kb = make_kb({"training/t.yaml": """\
        title: 培训
        for: [boss]
        sessions:
          - {id: a, title: A, by: hr, day: 1, hours: 10}
          - {id: b, title: B, by: hr, day: 2, hours: 1.5}
          - {id: c, title: C, by: hr, day: 2}
        """})
    linked = kb.check().linked
    sittings = schedule(linked.role_training["boss"], D(2026, 11, 20), WorkingCalendar())
    assert rows(sittings) == [
        ("a", 1, 2, "2026-11-20", "09:00", "18:00"),
        ("a", 2, 2, "2026-11-23", "09:00", "11:00"),   # Friday → Monday
        ("b", 1, 1, "2026-11-23", "11:00", "13:30"),   # runs through lunch
        ("c", 1, 1, "2026-11-23", "13:30", "14:30"),   # no `hours`: one hour
    ]


def test_a_session_ending_at_lunch_lets_the_next_start_after_lunch(make_kb):
    kb = make_kb({"training/t.yaml": """\
        title: 培训
        for: [boss]
        sessions:
          - {id: a, title: A, by: hr, day: 1, hours: 3}
          - {id: b, title: B, by: hr, day: 1, hours: 0.25}
        """})
    linked = kb.check().linked
    sittings = schedule(linked.role_training["boss"], D(2026, 11, 20), WorkingCalendar())
    assert rows(sittings) == [("a", 1, 1, "2026-11-20", "09:00", "12:00"),
                              ("b", 1, 1, "2026-11-20", "13:00", "13:15")]


def test_checklist_milestones(linked, sales_rep):
    role = linked.kb.roles["sales-rep"]
    milestones = checklist(role, D(2026, 9, 28), sales_rep, Labels("zh-Hans"))
    assert [(m.days, m.due) for m in milestones] == [
        (30, D(2026, 10, 27)), (60, D(2026, 11, 26)), (90, D(2026, 12, 26))]
    day30, day60, day90 = ([t.text for t in m.tasks] for m in milestones)
    # every training session ends within 30 days, each once (the manual gives no assessments)
    assert [t for t in day30 if t.startswith("完成培训")] == [
        "完成培训「入职培训」", "完成培训「行业相关知识培训」", "完成培训「公司相关知识培训」",
        "完成培训「产品知识培训」", "完成培训「业务流程培训」", "完成培训「工作技能培训」",
        "完成培训「业务素质培训」"]
    assert "在入职引导人指导下开始：以书面形式记录日常工作日志（每日）" in day30
    assert "读完本资料包中的全部文件，签署入职资料确认书" in day30
    assert ("独立完成：填写下月“客户销售计划表”，制订出每一个客户的月度销售计划，报上级主管确认"
            "（每月25日前）") in day60
    assert "达到绩效目标：每天销售电话数（20-30个）" in day60
    assert "达到绩效目标：转化率（30%）" in day90      # no period in the courseware
    assert day90[-1] == "与直属领导进行试用期（转正）评估面谈"

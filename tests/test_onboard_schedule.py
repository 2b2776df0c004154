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
def linked(sample_result):
    return sample_result.linked


@pytest.fixture(scope="module")
def sales_rep(linked):
    calendar = calendar_from_org(linked.org)
    return schedule(linked.role_training["sales-rep"], D(2026, 9, 28), calendar)


def rows(sittings):
    return [(s.session.id, s.part, s.parts, s.date.isoformat(), f"{s.start:%H:%M}",
             f"{s.end:%H:%M}") for s in sittings]


def test_sales_rep_starting_in_the_national_day_week(sales_rep):
    """Day n is the n-th working day: 10月1日–7日 are skipped, Saturday 10月10日 is worked,
    and a session longer than a day continues on the next working day."""
    assert rows(sales_rep) == [
        ("orientation", 1, 1, "2026-09-28", "09:00", "14:00"),   # 4 h with lunch 12–13
        ("industry", 1, 1, "2026-09-28", "14:00", "17:00"),      # straight after, same day
        ("company", 1, 1, "2026-09-29", "09:00", "14:00"),
        ("product", 1, 3, "2026-09-30", "09:00", "18:00"),       # 20 h = 8 + 8 + 4
        ("product", 2, 3, "2026-10-08", "09:00", "18:00"),
        ("product", 3, 3, "2026-10-09", "09:00", "14:00"),
        ("process", 1, 2, "2026-10-10", "09:00", "18:00"),       # day 6: 调休 Saturday
        ("process", 2, 2, "2026-10-12", "09:00", "14:00"),
        ("skills", 1, 2, "2026-10-14", "09:00", "18:00"),        # day 9
        ("skills", 2, 2, "2026-10-15", "09:00", "18:00"),
        ("attitude", 1, 1, "2026-10-20", "09:00", "14:00"),      # day 13
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
    # every training session ends within 30 days, each once, with its assessment
    assert [t for t in day30 if t.startswith("完成培训")] == [
        "完成培训「入职培训」，通过考核（制度知识笔试）", "完成培训「行业知识」，通过考核（课后小结）",
        "完成培训「公司知识」，通过考核（口头问答）",
        "完成培训「产品知识」，通过考核（产品知识笔试及产品介绍演练）",
        "完成培训「业务流程」，通过考核（流程笔试）", "完成培训「工作技能」，通过考核（情景演练评分）",
        "完成培训「业务素质」，通过考核（心得报告）"]
    assert "在入职引导人指导下开始：填写工作日志，记录电话与拜访情况（下班前）" in day30
    assert "读完本资料包中的全部文件，签署入职资料确认书" in day30
    assert "独立完成：编制下月客户销售计划（每月25日前）" in day60
    assert "达到绩效目标：每日电话拜访数（20–30 个）" in day60
    assert "达到绩效目标：个人月度销售额达成率（≥ 100%）" in day90
    assert "跟踪绩效进度：回款率（目标 ≥ 95%）" in day90
    assert day90[-1] == "与直属领导进行试用期（转正）评估面谈"

"""Warnings: content that builds but needs attention (`--strict` turns them into failures)."""
from __future__ import annotations

import datetime as dt

ROLE = "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: [拜访客户]\n"

ORG_WITH_REVIEW = """\
organization:
  name: 测试公司
departments:
  - id: sales
    name: 销售部
document_defaults:
  effective: 2025-11-22
  review_every_months: 12
"""


# ---------------------------------------------------------------- review overdue

def test_review_overdue_from_org_defaults(make_kb):
    kb = make_kb(org=ORG_WITH_REVIEW)
    assert kb.lines(today=dt.date(2026, 11, 23)) == [
        "sops/roles/boss.yaml:1:1: warning: review overdue: role `boss` was due for review on "
        "2026-11-22 (effective 2025-11-22, every 12 months); review it and update `effective` "
        "[review-overdue]",
    ]


def test_review_due_today_is_not_overdue(make_kb):
    kb = make_kb(org=ORG_WITH_REVIEW)
    assert kb.lines(today=dt.date(2026, 11, 22)) == []


def test_review_overdue_points_at_the_items_document_block(kb):
    kb.write("roles/a.yaml", ROLE + "document:\n  effective: 2020-01-31\n"
                                    "  review_every_months: 1\n")
    assert kb.warnings(today=dt.date(2020, 3, 1)) == [
        "sops/roles/a.yaml:6:3: warning: review overdue: role `a` was due for review on "
        "2020-02-29 (effective 2020-01-31, every 1 month); review it and update `effective` "
        "[review-overdue]",
    ]


def test_item_review_cycle_overrides_the_default(make_kb):
    kb = make_kb(org=ORG_WITH_REVIEW)
    kb.write("roles/a.yaml", ROLE + "document:\n  review_every_months: 24\n")
    assert kb.warnings() == [
        "sops/roles/boss.yaml:1:1: warning: review overdue: role `boss` was due for review on "
        "2026-11-22 (effective 2025-11-22, every 12 months); review it and update `effective` "
        "[review-overdue]",
    ]


def test_no_review_warning_without_a_review_cycle(kb):
    kb.write("roles/a.yaml", ROLE + "document:\n  effective: 2000-01-01\n")
    assert kb.lines() == []


def test_retired_items_are_not_due_for_review(make_kb):
    kb = make_kb(org=ORG_WITH_REVIEW, boss=False)
    kb.write("roles/boss.yaml", "title: 经理\ndepartment: sales\nduties: [x]\n"
                                "document: {status: retired}\n")
    assert kb.lines() == []


# ---------------------------------------------------------------- roles

def test_role_with_no_duties(kb):
    kb.write("roles/a.yaml", "title: 销售员\ndepartment: sales\nreports_to: boss\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:1:1: warning: role `a` has no duties (工作内容) [no-duties]",
    ]


def test_role_with_an_empty_duties_list_is_warned_at_the_list(kb):
    kb.write("roles/a.yaml", "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: []\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:4:9: warning: role `a` has no duties (工作内容) [no-duties]",
    ]


def test_second_top_role_with_the_smaller_tree_is_warned(kb):
    kb.write("roles/aaa.yaml", "title: 助理\ndepartment: sales\nduties: [x]\n")
    kb.write("roles/rep.yaml", ROLE)
    assert kb.lines() == [
        "sops/roles/aaa.yaml:1:1: warning: role `aaa` has no `reports_to` but `boss` is the top "
        "of the chart: add its superior [orphan-role]",
    ]


def test_every_extra_top_role_is_warned(kb):
    kb.write("roles/x.yaml", "title: x\ndepartment: sales\nduties: [x]\n")
    kb.write("roles/y.yaml", "title: y\ndepartment: sales\nduties: [x]\n")
    kb.write("roles/rep.yaml", ROLE)
    assert kb.warnings() == [
        "sops/roles/x.yaml:1:1: warning: role `x` has no `reports_to` but `boss` is the top of "
        "the chart: add its superior [orphan-role]",
        "sops/roles/y.yaml:1:1: warning: role `y` has no `reports_to` but `boss` is the top of "
        "the chart: add its superior [orphan-role]",
    ]


def test_single_top_role_is_not_warned(kb):
    kb.write("roles/rep.yaml", ROLE)
    assert kb.lines() == []


# ---------------------------------------------------------------- forms

def test_form_used_nowhere(kb):
    kb.write("forms/f.yaml", "title: 登记表\nfields: [{id: name, label: 姓名}]\n")
    assert kb.lines() == [
        "sops/forms/f.yaml:1:1: warning: form `f` is used nowhere: list it in a workflow step's "
        "`forms`, a routine's `form` or a training session's `materials` [unused-form]",
    ]


def test_owning_a_form_is_not_using_it(kb):
    kb.write("forms/f.yaml", "title: 登记表\nowner: boss\nfields: [{id: name, label: 姓名}]\n")
    assert [line.rsplit(" ", 1)[1] for line in kb.lines()] == ["[unused-form]"]


def test_form_used_only_as_training_material_is_used(kb):
    kb.write("forms/f.yaml", "title: 登记表\nfields: [{id: name, label: 姓名}]\n")
    kb.write("training/t.yaml", "title: t\nsessions:\n  - {id: s, title: s, by: hr, day: 1, "
                                "materials: [f]}\n")
    assert kb.lines() == []


# ---------------------------------------------------------------- retired items

RETIRED_ROLE = "title: 旧岗位\ndepartment: sales\nreports_to: boss\nduties: [x]\n" \
               "document: {status: retired}\n"


def test_retired_item_still_referenced(kb):
    kb.write("roles/old.yaml", RETIRED_ROLE)
    kb.write("roles/a.yaml", ROLE + "career: {to: [old]}\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:5:15: warning: `to` refers to retired role `old`: point it at the "
        "replacement, or retire this item too [retired-reference]",
    ]


def test_retired_form_in_a_workflow_step(kb):
    kb.write("forms/old-form.yaml", "title: 旧表\nfields: [{id: a, label: A}]\n"
                                    "document: {status: retired}\n")
    kb.write("workflows/w.yaml", "title: w\nsteps:\n  - {id: a, name: a, by: boss, "
                                 "forms: [old-form]}\n")
    assert kb.lines() == [
        "sops/workflows/w.yaml:3:40: warning: `forms` refers to retired form `old-form`: point "
        "it at the replacement, or retire this item too [retired-reference]",
    ]


def test_no_warning_when_the_referrer_is_retired_too(kb):
    kb.write("roles/old.yaml", RETIRED_ROLE)
    kb.write("roles/older.yaml", RETIRED_ROLE.replace("reports_to: boss", "reports_to: old"))
    assert kb.lines() == []


def test_retired_item_referenced_by_a_draft_is_warned(kb):
    kb.write("roles/old.yaml", RETIRED_ROLE)
    kb.write("roles/new.yaml", ROLE.replace("boss", "old") + "document: {status: draft}\n")
    assert [line.rsplit(" ", 1)[1] for line in kb.lines()] == ["[retired-reference]"]


def test_status_from_org_defaults_counts_as_retired(make_kb):
    kb = make_kb(org="organization: {name: x}\ndepartments: [{id: sales, name: s}]\n"
                     "document_defaults: {status: retired}\n")
    kb.write("roles/a.yaml", ROLE + "document: {status: approved}\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:3:13: warning: `reports_to` refers to retired role `boss`: point it "
        "at the replacement, or retire this item too [retired-reference]",
    ]

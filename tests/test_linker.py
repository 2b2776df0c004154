"""What the linker derives: reports, RACI, each role's steps/training/forms/policies, form
uses, and document control. Checked on a small fixture and on the bundled sample."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.doccontrol import add_months, derived_number
from generator.linker import LinkedKB
from generator.model import Step
from generator.raci import build_raci, step_letters

ORG = """\
organization:
  name: 测试公司
departments:
  - {id: sales, name: 销售部, head: boss}
  - {id: hr, name: 人事部}
document_defaults:
  author: 销售部
  reviewer: 销售部经理
  approver: 总经理
  version: "1.0"
  status: approved
  effective: 2026-12-01
  review_every_months: 12
"""

FILES = {
    "roles/boss.yaml": "title: 经理\ndepartment: sales\nduties: [管理]\n",
    "roles/sup.yaml": "title: 主管\ndepartment: sales\nreports_to: boss\nduties: [带队]\n",
    "roles/sales-rep.yaml": """\
        title: 销售员
        department: sales
        reports_to: sup
        dotted_line_to: [boss]
        duties: [拜访]
        document:
          version: "2.0"
          status: draft
          effective: 2027-01-31
          review_every_months: 1
          history:
            - {version: "2.0", date: 2026-11-20, changes: 改版, by: 销售部}
        """,
    "roles/clerk.yaml": """\
        title: 文员
        department: hr
        reports_to: sup
        dotted_line_to: [boss]
        duties: [登记]
        routines:
          - {every: daily, task: 登记来访, form: visit-log}
        document: {number: HR-001}
        """,
    "workflows/w.yaml": """\
        title: 流程
        owner: boss
        steps:
          - {id: s1, name: 登记, by: sales-rep, checker: sup, forms: [order-form],
             consulted: [hr], informed: [boss]}
          - {id: s2, name: 审核, by: sup}
          - {id: s3, name: 自检, by: sup, checker: sup}
          - {id: s4, name: 归档, by: hr, consulted: [clerk, sales-rep]}
        """,
    "workflows/unowned.yaml": """\
        title: 无主流程
        steps:
          - {id: only, name: 唯一, by: clerk}
        """,
    "training/t.yaml": """\
        title: 培训
        for: [sales-rep, clerk]
        sessions:
          - {id: intro, title: 入职, by: hr, day: 1, materials: [handbook-form, w, rules]}
          - {id: field, title: 实习, by: sup, day: 3}
        """,
    "forms/order-form.yaml": "title: 订单\nfields: [{id: a, label: A}]\n",
    "forms/handbook-form.yaml": "title: 手册签收\nfields: [{id: a, label: A}]\n",
    "forms/visit-log.yaml": "title: 来访登记\nowner: boss\nfields: [{id: a, label: A}]\n",
    "policies/rules.yaml": "title: 总则\napplies_to: [all]\nsections: [{title: a, rules: [r]}]\n",
    "policies/hr-rules.yaml": "title: 人事\napplies_to: [hr]\nsections: [{title: a, rules: [r]}]\n",
    "policies/rep-rules.yaml":
        "title: 销售员\napplies_to: [sales-rep]\nsections: [{title: a, rules: [r]}]\n",
}


@pytest.fixture
def linked(make_kb) -> LinkedKB:
    kb = make_kb(FILES, org=ORG, boss=False)
    result = kb.check()
    assert [d.format() for d in result.diagnostics.items] == []
    return result.linked


def ids(items) -> list[str]:
    return [item.id for item in items]


# ---------------------------------------------------------------- reporting lines

def test_direct_reports_are_derived_from_reports_to(linked):
    assert {k: ids(v) for k, v in linked.direct_reports.items()} == {
        "boss": ["sup"], "sup": ["clerk", "sales-rep"]}


def test_dotted_line_reports_are_derived_from_dotted_line_to(linked):
    assert {k: ids(v) for k, v in linked.dotted_reports.items()} == {
        "boss": ["clerk", "sales-rep"]}


def test_department_roles_and_top_roles(linked):
    assert {k: ids(v) for k, v in linked.department_roles.items()} == {
        "hr": ["clerk"], "sales": ["boss", "sales-rep", "sup"]}
    assert ids(linked.top_roles) == ["boss"]
    assert list(linked.departments) == ["sales", "hr"]


def test_actor_names_come_from_roles_and_departments(linked):
    assert linked.actor_name("sup") == "主管"
    assert linked.actor_name("hr") == "人事部"
    assert linked.actor_name("nobody") == "nobody"


def test_sample_direct_reports(sample_result):
    direct = sample_result.linked.direct_reports
    assert ids(direct["sales-supervisor"]) == ["customer-service", "online-promoter", "sales-rep"]
    assert ids(direct["sales-vp"]) == ["regional-manager", "sales-manager"]
    assert ids(direct["regional-manager"]) == ["provincial-manager"]


def test_sample_dotted_line_reports(sample_result):
    assert ids(sample_result.linked.dotted_reports["sales-vp"]) == ["provincial-manager"]


def test_sample_has_a_single_top_of_the_chart(sample_result):
    assert ids(sample_result.linked.top_roles) == ["sales-vp"]


# ---------------------------------------------------------------- RACI

def test_raci_rows(linked):
    raci = linked.raci["w"]
    assert [(row.step.id, dict(row.cells)) for row in raci.rows] == [
        ("s1", {"sales-rep": "R", "sup": "A", "hr": "C", "boss": "I"}),
        ("s2", {"sup": "RA"}),       # no checker: the executor is accountable, not the owner
        ("s3", {"sup": "RA"}),                       # by == checker: one actor, two letters
        ("s4", {"hr": "RA", "clerk": "C", "sales-rep": "C"}),
    ]


def test_raci_columns_in_order_of_first_appearance(linked):
    assert linked.raci["w"].actors == ("sales-rep", "sup", "hr", "boss", "clerk")


def test_without_owner_or_checker_the_executor_is_accountable(linked):
    assert [dict(row.cells) for row in linked.raci["unowned"].rows] == [{"clerk": "RA"}]


def test_step_letters_when_executor_is_also_checker(linked):
    step = linked.kb.workflows["w"].steps[2]
    assert step_letters(step) == {"sup": "RA"}


def test_step_letters_keep_raci_order_without_repeats(linked):
    step = linked.kb.workflows["w"].steps[0]
    assert step_letters(step) == {"sales-rep": "R", "sup": "A", "hr": "C",
                                                "boss": "I"}


def test_one_actor_may_hold_all_four_letters():
    step = Step(id="a", name="a", by="x", consulted=("x", "y"), informed=("x", "y"))
    assert step_letters(step) == {"x": "RACI", "y": "CI"}


def test_sample_raci_for_complaint_handling(sample_result):
    rows = {row.step.id: dict(row.cells) for row in sample_result.linked.raci["complaint-handling"].rows}
    assert rows["record"] == {"customer-service": "RA"}       # no checker: the executor
    # 责任部门 and 处理责任人 are the chart's own executors (actors, 000 流程图)
    assert rows["approve"] == {"responsible-dept": "R", "sales-supervisor": "A"}
    # The workflow's owner (客服专员) is no longer A for steps others decide unchecked.
    assert rows["analyze"] == {"responsible-dept": "RA"}
    assert rows["execute"] == {"handler": "RA"}
    assert rows["review"] == {"sales-supervisor": "RA"}


def test_build_raci_matches_the_linked_one(sample_result):
    workflow = sample_result.linked.kb.workflows["order-processing"]
    assert build_raci(workflow) == sample_result.linked.raci["order-processing"]


# ---------------------------------------------------------------- what concerns each role

def test_role_steps(linked):
    steps = {k: [(p.workflow.id, p.step.id, p.letters) for p in v]
             for k, v in linked.role_steps.items()}
    assert steps == {
        "boss": [("w", "s1", "I")],
        "clerk": [("unowned", "only", "RA"), ("w", "s4", "C")],
        "sales-rep": [("w", "s1", "R"), ("w", "s4", "C")],
        "sup": [("w", "s1", "A"), ("w", "s2", "RA"), ("w", "s3", "RA")],
    }


def test_departments_are_not_in_role_steps(linked):
    assert "hr" not in linked.role_steps


def test_role_training(linked):
    training = {k: [(plan.id, session.id) for plan, session in v]
                for k, v in linked.role_training.items()}
    assert training == {"clerk": [("t", "intro"), ("t", "field")],
                        "sales-rep": [("t", "intro"), ("t", "field")]}


def test_role_forms_fill_check_routine_and_own(linked):
    assert {k: ids(v) for k, v in linked.role_forms.items()} == {
        "boss": ["visit-log"],            # owns it; being informed (I) on s1 is not enough
        "clerk": ["visit-log"],           # routine
        "sales-rep": ["order-form"],      # fills it (R)
        "sup": ["order-form"],            # checks it (A)
    }


def test_role_policies_all_department_and_role(linked):
    # In the policies' reading order: by title (人事 < 总则 < 销售…), as the handbook lists them.
    assert {k: ids(v) for k, v in linked.role_policies.items()} == {
        "boss": ["rules"],
        "clerk": ["hr-rules", "rules"],
        "sales-rep": ["rules", "rep-rules"],
        "sup": ["rules"],
    }


def test_form_uses_step_routine_and_training(linked):
    uses = {k: [(u.kind, u.owner.id, getattr(u.detail, "id", None) or u.detail.task)
                for u in v] for k, v in linked.form_uses.items()}
    assert uses == {
        "handbook-form": [("training", "t", "intro")],
        "order-form": [("step", "w", "s1")],
        "visit-log": [("routine", "clerk", "登记来访")],
    }


def test_material_uses(linked):
    uses = {k: [(plan.id, session.id) for plan, session in v]
            for k, v in linked.material_uses.items()}
    assert uses == {"handbook-form": [("t", "intro")], "rules": [("t", "intro")],
                    "w": [("t", "intro")]}


def test_sample_role_facts(sample_result):
    linked = sample_result.linked
    assert ("complaint-handling", "record", "RA") in [
        (p.workflow.id, p.step.id, p.letters) for p in linked.role_steps["customer-service"]]
    assert {plan.id for plan, _ in linked.role_training["sales-rep"]} == {"new-sales-staff"}
    assert len(linked.role_training["sales-rep"]) == 7
    assert "complaint-record" in ids(linked.role_forms["customer-service"])
    assert ids(linked.role_policies["sales-rep"]) == [  # by title, as in the handbook
        "pricing", "customer-grading", "code-of-conduct", "dealer-management",
        "performance-appraisal", "sales-discipline"]
    assert {use.kind for use in linked.form_uses["daily-log"]} == {"step", "routine"}
    assert [(plan.id, s.id) for plan, s in linked.material_uses["complaint-handling"]] == [
        ("new-sales-staff", "process")]


def test_every_sample_form_is_used(sample_result):
    linked = sample_result.linked
    assert set(linked.form_uses) == set(linked.kb.forms)


# ---------------------------------------------------------------- document control

def test_document_defaults_apply_field_by_field(linked):
    boss = linked.doc(linked.kb.roles["boss"])
    assert (boss.number, boss.version, boss.status, boss.effective, boss.review_every_months,
            boss.author, boss.reviewer, boss.approver) == (
        "JD-BOSS", "1.0", "approved", dt.date(2026, 12, 1), 12, "销售部", "销售部经理", "总经理")
    assert boss.next_review == dt.date(2027, 12, 1)
    assert not boss.is_draft and not boss.is_retired


def test_item_document_block_overrides_defaults(linked):
    rep = linked.doc(linked.kb.roles["sales-rep"])
    assert (rep.number, rep.version, rep.status, rep.effective, rep.author) == (
        "JD-SALES-REP", "2.0", "draft", dt.date(2027, 1, 31), "销售部")
    assert rep.next_review == dt.date(2027, 2, 28)   # end of a shorter month
    assert rep.is_draft
    assert [(h.version, h.date, h.changes) for h in rep.history] == [
        ("2.0", dt.date(2026, 11, 20), "改版")]


def test_explicit_number_wins(linked):
    assert linked.doc(linked.kb.roles["clerk"]).number == "HR-001"


@pytest.mark.parametrize("group, item_id, number", [
    ("workflows", "w", "WF-W"),
    ("training", "t", "TP-T"),
    ("forms", "order-form", "FM-ORDER-FORM"),
    ("policies", "hr-rules", "PL-HR-RULES"),
])
def test_derived_numbers_per_kind(linked, group, item_id, number):
    item = getattr(linked.kb, group)[item_id]
    assert linked.doc(item).number == number == derived_number(item)


def test_without_defaults_or_block_version_and_status_fall_back(kb):
    boss = kb.check().linked
    info = boss.doc(boss.kb.roles["boss"])
    assert (info.version, info.status, info.effective, info.next_review, info.author) == (
        "1.0", "approved", None, None, None)


@pytest.mark.parametrize("start, months, expected", [
    (dt.date(2026, 12, 1), 12, dt.date(2027, 12, 1)),
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
    (dt.date(2026, 11, 15), 2, dt.date(2027, 1, 15)),
    (dt.date(2026, 12, 31), 120, dt.date(2036, 12, 31)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_sample_draft_with_history(sample_result):
    linked = sample_result.linked
    info = linked.doc(linked.kb.roles["account-manager"])
    assert (info.number, info.version, info.status, info.is_draft) == (
        "XS-JD-007", "1.1", "draft", True)
    assert [h.version for h in info.history] == ["1.1", "1.0"]
    assert info.next_review == dt.date(2027, 12, 1)
    assert info.approver == "销售副总经理"         # from org.yaml's defaults


def test_sample_approved_item_takes_org_defaults(sample_result):
    linked = sample_result.linked
    info = linked.doc(linked.kb.roles["sales-rep"])
    assert (info.number, info.version, info.status, info.effective, info.author) == (
        "XS-JD-004", "1.0", "approved", dt.date(2026, 12, 1), "销售部")


def test_linked_model_is_immutable(linked):
    with pytest.raises(TypeError):
        linked.direct_reports["new"] = ()
    with pytest.raises(AttributeError):
        linked.kb.roles["boss"].title = "x"

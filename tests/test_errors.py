"""One exact-message test per error class: message, code and `file:line:col`."""
from __future__ import annotations

import pytest

from generator.model import Role
from generator.pipeline import check

ROLE = "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: [拜访客户]\n"
WORKFLOW = """\
title: 投诉处理
steps:
  - id: record
    name: 记录
    by: boss
"""
POLICY = """\
title: 行为规范
applies_to: [all]
sections:
  - title: 考勤
    rules: [准时上班]
"""
TRAINING = """\
title: 新员工培训
for: [boss]
sessions:
  - id: orientation
    title: 入职培训
    by: hr
    day: 1
"""


def form(fields: str) -> str:
    """A form used by the default role's routine; ``fields`` is the indented field list."""
    return "title: 登记表\nowner: boss\nfields:\n" + fields


def used_form(kb, text: str, name: str = "f") -> None:
    kb.write(f"forms/{name}.yaml", text)
    kb.write("roles/clerk.yaml", ROLE + f"routines:\n  - {{every: daily, task: 登记, form: {name}}}\n")


# ---------------------------------------------------------------- wrong types

def test_text_where_a_list_is_expected(kb):
    kb.write("roles/a.yaml", ROLE.replace("duties: [拜访客户]", "duties: 拜访客户"))
    assert kb.errors() == [
        "sops/roles/a.yaml:4:9: error: `duties` must be a list (write [拜访客户] or one `- item` "
        "per line), not `拜访客户` [type]",
    ]


@pytest.mark.parametrize("line, message", [
    ("summary: [a, b]",
     "sops/roles/a.yaml:5:10: error: `summary` must be text, not a list [type]"),
    ("summary: {a: b}",
     "sops/roles/a.yaml:5:10: error: `summary` must be text, not a mapping (key: value) [type]"),
    ("headcount: three",
     "sops/roles/a.yaml:5:12: error: `headcount`: expected a whole number, found `three` [type]"),
    ("headcount: 1.5",
     "sops/roles/a.yaml:5:12: error: `headcount`: expected a whole number, found `1.5` [type]"),
    ("qualifications: 大专",
     "sops/roles/a.yaml:5:17: error: expected a qualifications written as key: value pairs, "
     "found `大专` [type]"),
    ("skills: [沟通]",
     "sops/roles/a.yaml:5:10: error: expected a skill written as key: value pairs, found `沟通` "
     "[type]"),
])
def test_wrong_type_in_a_role(kb, line, message):
    kb.write("roles/a.yaml", ROLE + line + "\n")
    assert kb.errors() == [message]


def test_required_text_given_as_a_list_is_one_error_not_two(kb):
    kb.write("roles/a.yaml", ROLE.replace("title: 销售员", "title: [销售员, 客户经理]"))
    assert kb.errors() == [
        "sops/roles/a.yaml:1:8: error: `title` must be text, not a list [type]",
    ]


@pytest.mark.parametrize("value", ["yes", "no", "on", "1", '"true"'])
def test_end_must_be_true_or_false(kb, value):
    kb.write("workflows/w.yaml", WORKFLOW + f"    end: {value}\n")
    shown = value.strip('"')
    assert kb.errors() == [
        f"sops/workflows/w.yaml:6:10: error: `end`: expected true or false, found `{shown}` "
        "[type]",
    ]


def test_bool_accepts_true_and_false_in_any_case(kb):
    kb.write("workflows/w.yaml", WORKFLOW + "    end: True\n")
    assert kb.errors() == []
    assert kb.check().linked.kb.workflows["w"].steps[0].end is True


# ---------------------------------------------------------------- required fields

def test_missing_required_key_names_it_and_what_it_is(kb):
    kb.write("roles/a.yaml", "department: sales\nreports_to: boss\nduties: [x]\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:1:1: error: role is missing required key `title` (职位名称) [required]",
    ]


def test_empty_required_value(kb):
    kb.write("roles/a.yaml", ROLE.replace("title: 销售员", "title:"))
    assert kb.errors() == [
        "sops/roles/a.yaml:1:7: error: `title` must not be empty [required]",
    ]


def test_missing_required_keys_in_nested_items(kb):
    kb.write("workflows/w.yaml", "title: w\nsteps:\n  - id: a\n    name: 第一步\n")
    kb.write("policies/p.yaml", "title: p\nsections:\n  - rules: [r]\n")
    assert kb.errors() == [
        "sops/policies/p.yaml:3:5: error: policy section is missing required key `title` "
        "[required]",
        "sops/workflows/w.yaml:3:5: error: workflow step is missing required key `by` "
        "(执行人员) [required]",
    ]


def test_list_that_needs_entries(kb):
    kb.write("workflows/w.yaml", "title: w\nsteps: []\n")
    kb.write("workflows/v.yaml", "title: v\n")
    assert kb.errors() == [
        "sops/workflows/v.yaml:1:1: error: workflow is missing required key `steps` (步骤) "
        "[required]",
        "sops/workflows/w.yaml:2:8: error: `steps` needs at least 1 entry [required]",
    ]


def test_every_missing_key_is_reported(kb):
    # `day` is optional since format 1.1 (a session without it is to be scheduled).
    kb.write("training/t.yaml", "for: [boss]\nsessions:\n  - id: s\n")
    assert kb.errors() == [
        "sops/training/t.yaml:1:1: error: training plan is missing required key `title` "
        "(培训计划名称) [required]",
        "sops/training/t.yaml:3:5: error: training session is missing required key `by` "
        "(负责部门) [required]",
        "sops/training/t.yaml:3:5: error: training session is missing required key `title` "
        "(培训项目) [required]",
    ]


# ---------------------------------------------------------------- unknown keys

def test_unknown_key_with_did_you_mean(kb):
    kb.write("roles/a.yaml", ROLE + "reprots_to: boss\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:1: error: unknown key `reprots_to` in role: did you mean "
        "`reports_to`? (keys of your own must start with `x-`) [unknown-key]",
    ]


def test_unknown_key_with_several_close_matches(kb):
    kb.write("roles/a.yaml", ROLE + "titel: x\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:1: error: unknown key `titel` in role: did you mean `title` or "
        "`title_en`? (keys of your own must start with `x-`) [unknown-key]",
    ]


def test_unknown_key_without_close_match_lists_known_keys(kb):
    kb.write("policies/p.yaml", POLICY + "colour: red\n")
    assert kb.errors() == [
        "sops/policies/p.yaml:6:1: error: unknown key `colour` in policy (known keys: "
        "applies_to, document, extra, id, order, sections, title) (keys of your own must start "
        "with `x-`) "
        "[unknown-key]",
    ]


def test_renamed_key_gets_a_precise_error(kb, monkeypatch):
    monkeypatch.setattr(Role, "RENAMED", {"job_title": ("title", "2")})
    kb.write("roles/a.yaml", ROLE + "job_title: x\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:1: error: `job_title` was renamed to `title` in format version 2: "
        "rename the key (see CHANGELOG.md) [renamed-key]",
    ]


def test_unknown_key_in_a_nested_mapping(kb):
    kb.write("workflows/w.yaml", WORKFLOW + "    cheker: hr\n")
    assert kb.errors() == [
        "sops/workflows/w.yaml:6:5: error: unknown key `cheker` in workflow step: did you mean "
        "`checker`? (keys of your own must start with `x-`) [unknown-key]",
    ]


def test_x_keys_are_carried_through_into_extra(kb):
    kb.write("roles/a.yaml", ROLE + "x-cost-centre: 4100\nx-tags: [a, b]\n"
             "x-meta: {owner: 张三, since: 2020-01-01}\n"
             "skills:\n  - {name: 沟通, level: 4, x-note: 重要}\n")
    assert kb.lines() == []
    role = kb.check().linked.kb.roles["a"]
    assert dict(role.extra) == {"x-cost-centre": "4100", "x-tags": ("a", "b"),
                                "x-meta": {"owner": "张三", "since": "2020-01-01"}}
    assert dict(role.skills[0].extra) == {"x-note": "重要"}


# ---------------------------------------------------------------- ids

def test_bad_file_stem_is_a_bad_id(kb):
    kb.write("roles/Sales_Rep.yaml", ROLE)
    assert kb.errors() == [
        "sops/roles/Sales_Rep.yaml:1:1: error: file name: `Sales_Rep` is not a valid id: use "
        "lowercase letters a-z, digits and single hyphens (e.g. `sales-rep`); the file name "
        "is the item's id [bad-id]",
    ]


def test_too_long_file_stem_is_a_bad_id(kb):
    stem = "a" * 65
    kb.write(f"roles/{stem}.yaml", ROLE)
    assert kb.errors() == [
        f"sops/roles/{stem}.yaml:1:1: error: file name: id `{stem}` is longer than 64 characters; "
        "the file name is the item's id [bad-id]",
    ]


def test_bad_step_id(kb):
    kb.write("workflows/w.yaml", WORKFLOW.replace("id: record", "id: Step One"))
    assert kb.errors() == [
        "sops/workflows/w.yaml:3:9: error: `Step One` is not a valid id: use lowercase letters "
        "a-z, digits and single hyphens (e.g. `sales-rep`) [bad-id]",
    ]


@pytest.mark.parametrize("bad", ["sales--rep", "-rep", "rep-", "销售"])
def test_bad_department_ids(make_kb, bad):
    kb = make_kb(org=f"organization: {{name: x}}\ndepartments:\n  - {{id: sales, name: s}}\n"
                     f"  - {{id: '{bad}', name: b}}\n")
    assert kb.errors() == [
        f"sops/org.yaml:4:10: error: `{bad}` is not a valid id: use lowercase letters a-z, "
        "digits and single hyphens (e.g. `sales-rep`) [bad-id]",
    ]


def test_id_key_must_equal_the_file_stem(kb):
    kb.write("roles/a.yaml", "id: b\n" + ROLE)
    assert kb.errors() == [
        "sops/roles/a.yaml:1:5: error: id `b` does not match the file name `a.yaml`: an item's "
        "id is its file name; rename the file or remove the `id:` line [id-mismatch]",
    ]


def test_id_key_equal_to_the_stem_is_fine(kb):
    kb.write("roles/a.yaml", "id: a\n" + ROLE)
    assert kb.lines() == []


def test_same_id_in_yaml_and_yml_names_both_files(kb):
    kb.write("roles/a.yaml", ROLE)
    kb.write("roles/a.yml", ROLE)
    assert kb.errors() == [
        "sops/roles/a.yml:1:1: error: role id `a` is defined twice: in sops/roles/a.yaml and "
        "sops/roles/a.yml; rename or delete one [duplicate-id]",
    ]


def test_org_yaml_and_org_yml_together(make_kb):
    kb = make_kb()
    kb.write("org.yml", "organization: {name: x}\n")
    assert kb.errors() == [
        "sops/org.yml:1:1: error: both org.yaml and org.yml exist: keep one [duplicate-id]",
    ]


def test_role_id_equal_to_a_department_id(kb):
    kb.write("roles/hr.yaml", ROLE)
    assert kb.errors() == [
        "sops/org.yaml:6:9: error: department id `hr` is also a role id (sops/roles/hr.yaml): "
        "roles and departments share one namespace, rename one [duplicate-id]",
    ]


def test_duplicate_department_id(make_kb):
    kb = make_kb(org="organization: {name: x}\ndepartments:\n  - {id: sales, name: a}\n"
                     "  - {id: sales, name: b}\n")
    assert kb.errors() == [
        "sops/org.yaml:4:10: error: department id `sales` is used twice in org.yaml (first at "
        "sops/org.yaml:3:10): department ids must be unique [duplicate-id]",
    ]


def test_duplicate_session_id(kb):
    kb.write("training/t.yaml", TRAINING + "  - {id: orientation, title: again, by: hr, day: 2}\n")
    assert kb.errors() == [
        "sops/training/t.yaml:8:10: error: session id `orientation` is used twice in training "
        "plan `t` (first at sops/training/t.yaml:4:9): session ids must be unique "
        "[duplicate-id]",
    ]


# ---------------------------------------------------------------- dangling references

@pytest.mark.parametrize("path, text, message", [
    ("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: bosss"),
     "sops/roles/a.yaml:3:13: error: `reports_to` names `bosss`, which is not a role id: did "
     "you mean `boss`? [dangling-ref]"),
    ("roles/a.yaml", ROLE + "career: {from: [nobody]}\n",
     "sops/roles/a.yaml:5:17: error: `from` names `nobody`, which is not a role id "
     "[dangling-ref]"),
    ("roles/a.yaml", ROLE.replace("department: sales", "department: sale"),
     "sops/roles/a.yaml:2:13: error: `department` names `sale`, which is not a department id: "
     "did you mean `sales`? [dangling-ref]"),
    ("workflows/w.yaml", WORKFLOW.replace("by: boss", "by: hrr"),
     "sops/workflows/w.yaml:5:9: error: `by` names `hrr`, which is not a role, department "
     "or actor id: did you mean `hr`? [dangling-ref]"),
    ("workflows/w.yaml", WORKFLOW + "    informed: [bos]\n",
     "sops/workflows/w.yaml:6:16: error: `informed` names `bos`, which is not a role, "
     "department or actor id: did you mean `boss`? [dangling-ref]"),
    ("workflows/w.yaml", WORKFLOW + "    forms: [complaint]\n",
     "sops/workflows/w.yaml:6:13: error: `forms` names `complaint`, which is not a form id "
     "[dangling-ref]"),
    ("training/t.yaml", TRAINING + "    materials: [w]\n",
     "sops/training/t.yaml:8:17: error: `materials` names `w`, which is not a workflow, policy "
     "or form id [dangling-ref]"),
    ("policies/p.yaml", POLICY.replace("[all]", "[al]"),
     "sops/policies/p.yaml:2:14: error: `applies_to` names `al`, which is not `all`, a role id "
     "or a department id: did you mean `all`? [dangling-ref]"),
])
def test_dangling_reference_says_what_kind_was_expected(kb, path, text, message):
    kb.write(path, text)
    assert kb.errors() == [message]


def test_dangling_form_reference_suggests_close_form_ids(kb):
    used_form(kb, form("  - {id: name, label: 姓名}\n"), name="daily-log")
    kb.write("workflows/w.yaml", WORKFLOW + "    forms: [daily-lg]\n")
    assert kb.errors() == [
        "sops/workflows/w.yaml:6:13: error: `forms` names `daily-lg`, which is not a form id: "
        "did you mean `daily-log`? [dangling-ref]",
    ]


def test_dangling_material_suggests_workflows_policies_and_forms(kb):
    kb.write("workflows/complaints.yaml", WORKFLOW)
    kb.write("training/t.yaml", TRAINING + "    materials: [complaint]\n")
    assert kb.errors() == [
        "sops/training/t.yaml:8:17: error: `materials` names `complaint`, which is not a "
        "workflow, policy or form id: did you mean `complaints`? [dangling-ref]",
    ]


def test_a_role_is_not_a_material(kb):
    kb.write("training/t.yaml", TRAINING + "    materials: [boss]\n")
    assert kb.errors() == [
        "sops/training/t.yaml:8:17: error: `materials` names `boss`, which is not a workflow, "
        "policy or form id [dangling-ref]",
    ]


def test_a_department_is_not_a_role(kb):
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: hr"))
    assert kb.errors() == [
        "sops/roles/a.yaml:3:13: error: `reports_to` names `hr`, which is not a role id "
        "[dangling-ref]",
    ]


def test_department_head_must_be_a_role(make_kb):
    kb = make_kb(org="organization: {name: x}\ndepartments:\n  - {id: sales, name: s, "
                     "head: bos}\n")
    assert kb.errors() == [
        "sops/org.yaml:3:32: error: `head` names `bos`, which is not a role id: did you mean "
        "`boss`? [dangling-ref]",
    ]


def test_actors_and_audiences_may_be_roles_or_departments(kb):
    kb.write("workflows/w.yaml", WORKFLOW + "    checker: hr\n    consulted: [sales, boss]\n")
    kb.write("policies/p.yaml", POLICY.replace("[all]", "[boss, hr]"))
    kb.write("training/t.yaml", TRAINING.replace("by: hr", "by: boss"))
    assert kb.lines() == []


# ---------------------------------------------------------------- reporting cycles

def test_reports_to_cycle_names_every_role_in_it(kb):
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: b"))
    kb.write("roles/b.yaml", ROLE.replace("reports_to: boss", "reports_to: c"))
    kb.write("roles/c.yaml", ROLE.replace("reports_to: boss", "reports_to: a"))
    kb.write("roles/d.yaml", ROLE.replace("reports_to: boss", "reports_to: a"))
    assert kb.errors() == [
        "sops/roles/a.yaml:3:13: error: `reports_to` forms a cycle: a → b → c → a; one of these "
        "roles must report to someone outside the cycle (or be the top of the chart) "
        "[reports-to-cycle]",
    ]


def test_cycle_is_reported_from_its_smallest_id(kb):
    kb.write("roles/m.yaml", ROLE.replace("reports_to: boss", "reports_to: z"))
    kb.write("roles/z.yaml", ROLE.replace("reports_to: boss", "reports_to: c"))
    kb.write("roles/c.yaml", ROLE.replace("reports_to: boss", "reports_to: m"))
    assert kb.errors() == [
        "sops/roles/c.yaml:3:13: error: `reports_to` forms a cycle: c → m → z → c; one of these "
        "roles must report to someone outside the cycle (or be the top of the chart) "
        "[reports-to-cycle]",
    ]


def test_role_reporting_to_itself(kb):
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: a"))
    assert kb.errors() == [
        "sops/roles/a.yaml:3:13: error: `reports_to` forms a cycle: a → a; one of these roles "
        "must report to someone outside the cycle (or be the top of the chart) "
        "[reports-to-cycle]",
    ]


def test_two_separate_cycles_are_both_reported(kb):
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: b"))
    kb.write("roles/b.yaml", ROLE.replace("reports_to: boss", "reports_to: a"))
    kb.write("roles/x.yaml", ROLE.replace("reports_to: boss", "reports_to: x"))
    assert [line.split(" cycle: ")[1].split(";")[0] for line in kb.errors()] == [
        "a → b → a", "x → x"]


# ---------------------------------------------------------------- form shapes

def test_duplicate_field_ids_across_sections(kb):
    used_form(kb, "title: 登记表\nsections:\n"
                  "  - title: 一\n    fields:\n      - {id: name, label: 姓名}\n"
                  "  - title: 二\n    fields:\n      - {id: name, label: 名称}\n")
    assert kb.errors() == [
        "sops/forms/f.yaml:8:14: error: field id `name` is used twice in form `f` (first at "
        "sops/forms/f.yaml:5:14): field ids must be unique [duplicate-field]",
    ]


def test_duplicate_table_column_ids(kb):
    used_form(kb, form("  - id: visits\n    label: 回访明细\n    type: table\n    columns:\n"
                       "      - {id: date, label: 日期, type: date}\n"
                       "      - {id: date, label: 时间}\n"))
    assert kb.errors() == [
        "sops/forms/f.yaml:9:14: error: column id `date` is used twice in table `visits` "
        "(first at sops/forms/f.yaml:8:14): column ids must be unique [duplicate-field]",
    ]


def test_choice_without_options(kb):
    used_form(kb, form("  - {id: kind, label: 类型, type: choice}\n"))
    assert kb.errors() == [
        "sops/forms/f.yaml:4:5: error: field `kind` is a choice but has no `options` [required]",
    ]


def test_options_on_a_text_field(kb):
    used_form(kb, form("  - {id: note, label: 备注, options: [a, b]}\n"))
    assert kb.errors() == [
        "sops/forms/f.yaml:4:36: error: field `note` has `options` but its type is text: use "
        "type choice or multichoice [type]",
    ]


def test_table_without_columns(kb):
    used_form(kb, form("  - {id: rows, label: 明细, type: table, rows: 5}\n"))
    assert kb.errors() == [
        "sops/forms/f.yaml:4:5: error: table field `rows` has no `columns` [required]",
    ]


def test_columns_on_a_field_that_is_not_a_table(kb):
    used_form(kb, form("  - {id: note, label: 备注, columns: [{id: a, label: A}]}\n"))
    assert kb.errors() == [
        "sops/forms/f.yaml:4:36: error: field `note` has `columns` but its type is text: use "
        "type table [type]",
    ]


def test_form_without_fields(kb):
    used_form(kb, "title: 登记表\n")
    assert kb.errors() == [
        "sops/forms/f.yaml:1:1: error: form has no fields: add `sections:` (or a flat "
        "`fields:` list) [required]",
    ]


@pytest.mark.parametrize("key, col", [("sections", 11), ("fields", 9)])
def test_form_with_an_empty_list_of_fields(kb, key, col):
    used_form(kb, f"title: 登记表\n{key}: []\n")
    assert kb.errors() == [
        f"sops/forms/f.yaml:2:{col}: error: `{key}` needs at least 1 entry [required]",
    ]


def test_form_with_both_sections_and_fields(kb):
    used_form(kb, form("  - {id: a, label: A}\n")
              + "sections:\n  - title: 一\n    fields: [{id: b, label: B}]\n")
    assert kb.errors() == [
        "sops/forms/f.yaml:4:3: error: form has both `sections` and `fields`: put the flat "
        "fields into a section [type]",
    ]


# ---------------------------------------------------------------- out of range

@pytest.mark.parametrize("level, message", [
    ("6", "skill level 6 is out of range: use 1–5 or a percentage"),
    ("0", "skill level 0 is out of range: use 1–5 or a percentage"),
    ('"120%"', "skill level 120% is out of range: use 0%–100%"),
    ("abc", 'skill level `abc` must be 1–5 or a percentage such as "85%"'),
    ('"x%"', "skill level `x%` is not a number or percentage"),
])
def test_skill_level_out_of_range(kb, level, message):
    kb.write("roles/a.yaml", ROLE + f"skills:\n  - name: 沟通\n    level: {level}\n")
    assert kb.errors() == [f"sops/roles/a.yaml:7:12: error: {message} [range]"]


@pytest.mark.parametrize("level, percent", [("1", 20), ("5", 100), ('"85%"', 85), ('"0%"', 0)])
def test_skill_levels_in_range_share_one_scale(kb, level, percent):
    kb.write("roles/a.yaml", ROLE + f"skills:\n  - name: 沟通\n    level: {level}\n")
    assert kb.lines() == []
    assert kb.check().linked.kb.roles["a"].skills[0].percent == percent


def test_negative_headcount(kb):
    kb.write("roles/a.yaml", ROLE + "headcount: -1\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:12: error: `headcount` is -1, below the minimum 0 [range]",
    ]


def test_session_day_zero(kb):
    kb.write("training/t.yaml", TRAINING.replace("day: 1", "day: 0"))
    assert kb.errors() == [
        "sops/training/t.yaml:7:10: error: `day` is 0, below the minimum 1 [range]",
    ]


def test_session_hours_above_the_maximum(kb):
    kb.write("training/t.yaml", TRAINING + "    hours: 500\n")
    assert kb.errors() == [
        "sops/training/t.yaml:8:12: error: `hours` is 500, above the maximum 200 [range]",
    ]


def test_enum_value_with_suggestion(kb):
    kb.write("roles/a.yaml", ROLE + "document:\n  status: approvd\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:6:11: error: `approvd` is not a valid status: did you mean "
        "`approved`? use one of draft, in_review, approved, retired [range]",
    ]


def test_enum_value_without_suggestion(kb):
    kb.write("roles/a.yaml", ROLE + "kpis:\n  - {name: 拜访数, period: hourly}\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:6:25: error: `hourly` is not a valid period: use one of daily, "
        "weekly, monthly, quarterly, yearly [range]",
    ]


def test_unknown_locale(make_kb):
    kb = make_kb(org="organization: {name: x}\nlocale: zh-hans\n"
                     "departments: [{id: sales, name: s}]\n")
    assert kb.errors() == [
        "sops/org.yaml:2:9: error: `zh-hans` is not a valid locale: did you mean `zh-Hans` or "
        "`zh-Hant`? use one of zh-Hans, zh-Hant, en [range]",
    ]


def test_invalid_calendar_date(kb):
    kb.write("roles/a.yaml", ROLE + "document:\n  effective: 2026-02-30\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:6:14: error: `effective`: `2026-02-30` is not a real date (check the "
        "month and day) [type]",
    ]


@pytest.mark.parametrize("written", ["2026/01/01", "2026-1-1", "01-01-2026", "2026年1月1日"])
def test_date_in_the_wrong_format(kb, written):
    kb.write("roles/a.yaml", ROLE + f"document:\n  history:\n"
                                    f"    - {{version: '1.0', date: {written}, changes: 首发}}\n")
    assert kb.errors() == [
        f"sops/roles/a.yaml:7:30: error: `date`: expected a date written YYYY-MM-DD, found "
        f"`{written}` [type]",
    ]


def test_review_cycle_out_of_range(kb):
    kb.write("roles/a.yaml", ROLE + "document:\n  review_every_months: 0\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:6:24: error: `review_every_months` is 0, below the minimum 1 [range]",
    ]


# ---------------------------------------------------------------- missing org.yaml / folder

def test_missing_org_yaml(make_kb):
    kb = make_kb(org=None)
    kb.write("workflows/w.yaml", WORKFLOW.replace("by: boss", "by: sales"))
    # Department references cannot be checked without org.yaml: one error, not a cascade.
    assert kb.lines() == [
        "sops/org.yaml: error: org.yaml is missing: every knowledge base needs one with the "
        "organization's name and departments (see the format spec) [missing-org]",
    ]


def test_missing_org_still_checks_role_references(make_kb):
    kb = make_kb(org=None)
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: bos"))
    assert kb.errors() == [
        "sops/org.yaml: error: org.yaml is missing: every knowledge base needs one with the "
        "organization's name and departments (see the format spec) [missing-org]",
        "sops/roles/a.yaml:3:13: error: `reports_to` names `bos`, which is not a role id: did "
        "you mean `boss`? [dangling-ref]",
    ]


def test_org_yml_is_accepted(make_kb):
    kb = make_kb(org=None)
    kb.write("org.yml", "organization: {name: x}\ndepartments: [{id: sales, name: s}]\n")
    assert kb.lines() == []


def test_org_missing_organization(make_kb):
    kb = make_kb(org="departments: [{id: sales, name: s}]\n")
    assert kb.errors() == [
        "sops/org.yaml:1:1: error: org.yaml is missing required key `organization` [required]",
    ]


def test_missing_sops_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = check(tmp_path / "sops")
    assert [d.format() for d in result.diagnostics.items] == [
        "sops: error: knowledge base folder `sops` not found: pass --sops DIR or run sopkit "
        "where `sops/` is [missing-folder]",
    ]
    assert result.files == 0


def test_stray_folder_and_file_are_warned(kb):
    kb.write("role/a.yaml", ROLE)
    kb.write("notes.yaml", "a: b\n")
    assert kb.warnings() == [
        "sops/notes.yaml: warning: `notes.yaml` is not read: items go in a folder (roles, "
        "workflows, training, forms, policies, approvals) [unexpected-file]",
        "sops/role: warning: folder `role` is not read; did you mean `roles`? [unexpected-file]",
    ]


# ---------------------------------------------------------------- all at once

def test_every_problem_of_one_bad_file_is_reported_in_one_run(kb):
    kb.write("roles/a.yaml", """\
        title: [销售员]
        department: sale
        reports_to: bosss
        headcount: three
        reprots_to: boss
        duties: [拜访客户]
        skills:
          - {name: 沟通, level: 6}
        document:
          status: approvd
          effective: 2026-02-30
        """)
    assert kb.errors() == [
        "sops/roles/a.yaml:1:8: error: `title` must be text, not a list [type]",
        "sops/roles/a.yaml:2:13: error: `department` names `sale`, which is not a department "
        "id: did you mean `sales`? [dangling-ref]",
        "sops/roles/a.yaml:3:13: error: `reports_to` names `bosss`, which is not a role id: did "
        "you mean `boss`? [dangling-ref]",
        "sops/roles/a.yaml:4:12: error: `headcount`: expected a whole number, found `three` "
        "[type]",
        "sops/roles/a.yaml:5:1: error: unknown key `reprots_to` in role: did you mean "
        "`reports_to`? (keys of your own must start with `x-`) [unknown-key]",
        "sops/roles/a.yaml:8:23: error: skill level 6 is out of range: use 1–5 or a percentage "
        "[range]",
        "sops/roles/a.yaml:10:11: error: `approvd` is not a valid status: did you mean "
        "`approved`? use one of draft, in_review, approved, retired [range]",
        "sops/roles/a.yaml:11:14: error: `effective`: `2026-02-30` is not a real date (check "
        "the month and day) [type]",
    ]


def test_problems_in_many_files_are_all_reported(kb):
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: nobody"))
    kb.write("roles/b.yaml", "title: x\n  bad: indent\n")
    kb.write("workflows/w.yaml", WORKFLOW + "    next: nowhere\n")
    kb.write("policies/p.yaml", POLICY.replace("[all]", "[everyone]"))
    codes = [line.rsplit(" ", 1)[1] for line in kb.errors()]
    # the file that cannot be read first (issue 19), then the rest in file order
    assert codes == ["[yaml-syntax]", "[dangling-ref]", "[dangling-ref]", "[unknown-next]"]

"""The bundled sample knowledge base (销售部): complete, clean, and valid against its schema."""
from __future__ import annotations

import datetime as dt
import json
import re
from itertools import pairwise
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import SAMPLE_SOPS
from generator.schema import SCHEMA_FILES, schema_for, write_schemas

SAMPLE_WORKFLOWS = {
    "after-sales-service", "business-travel", "complaint-handling", "contract-signing",
    "customer-information", "customer-reception", "customer-visits", "dealer-cooperation",
    "monthly-sales-plan", "order-processing", "quotation-and-bidding", "showroom-sales",
    "standard-sales-process",
}
FOLDER_KIND = {"roles": "role", "workflows": "workflow", "training": "training",
               "forms": "form", "policies": "policy", "approvals": "approval",
               "custom": "overlay"}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")


def content_files() -> list[Path]:
    return sorted(p for p in SAMPLE_SOPS.rglob("*")
                  if p.suffix in (".yaml", ".yml") and ".schema" not in p.parts)


def kind_of(path: Path) -> str:
    return "org" if path.parent == SAMPLE_SOPS else FOLDER_KIND[path.parent.name]


def test_sample_checks_clean(sample_result):
    assert [d.format() for d in sample_result.diagnostics.items] == []
    assert sample_result.files == len(content_files())


def test_sample_has_at_least_13_roles_with_the_field_hierarchy(sample_result):
    roles = sample_result.linked.kb.roles
    assert len(roles) >= 13
    chain = ["county-manager", "provincial-manager", "regional-manager", "sales-vp"]
    for lower, upper in pairwise(chain):
        assert roles[lower].reports_to == upper
    # 省级经理：权限上级 销售总监 (the role sales-vp), not the 销售部经理
    assert roles["provincial-manager"].dotted_line_to == ("sales-vp",)


def test_sample_has_exactly_the_13_workflows(sample_result):
    assert set(sample_result.linked.kb.workflows) == SAMPLE_WORKFLOWS


def test_sample_decisions_and_checkers_are_where_the_manuals_put_them(sample_result):
    """Branches and checkers come from the manuals' charts and texts: a workflow whose source
    is a straight list of steps (合同签署, 销售业务标准化流程) has none."""
    workflows = sample_result.linked.kb.workflows
    with_decision = {w.id for w in workflows.values()
                     if any(len(s.decision) >= 2 for s in w.steps)}
    with_checker = {w.id for w in workflows.values() if any(s.checker for s in w.steps)}
    assert with_decision == {
        "after-sales-service", "business-travel", "complaint-handling", "customer-information",
        "customer-reception", "customer-visits", "order-processing", "quotation-and-bidding"}
    assert with_checker == {"business-travel", "complaint-handling", "customer-visits",
                            "monthly-sales-plan", "showroom-sales"}


def test_sample_workflow_steps_use_forms_and_time_limits(sample_result):
    steps = [s for wf in sample_result.linked.kb.workflows.values() for s in wf.steps]
    assert sum(1 for s in steps if s.forms) >= 20
    # only the limits the manuals give: 两个工作日内, 第一时间, 每月25日前, 下月三日前
    assert sorted(s.time_limit for s in steps if s.time_limit) == [
        "下月三日前", "两个工作日内", "每月25日前", "第一时间"]


# ---------------------------------------------------------------- says what the manuals say

def test_sample_sales_manager_keeps_the_manual_items(sample_result):
    role = sample_result.linked.kb.roles["sales-manager"]
    duties = [d for group in role.duties for d in group.items]
    assert len(role.responsibilities) == 4 and "负责内贸部各项管理工作。" in role.responsibilities
    assert any("为企业业务发展培养和储备人才" in d for d in duties)
    assert any("树立团队精神" in d for d in duties)
    assert "审核合同签定情况，对超出权限的合同条款变更要立即上报营销总监" in [
        r.task for r in role.routines]
    assert role.kpis == ()          # the manuals give the sales manager no KPI targets


def test_sample_provincial_manager_keeps_17_duties_and_8_requirements(sample_result):
    role = sample_result.linked.kb.roles["provincial-manager"]
    assert len(role.duties) == 17
    assert role.duties[6] == "制定全省各级别经销商的设置方案，开设与淘汰经销商的审批。"
    assert len(role.qualifications.other) == 8
    assert role.summary.startswith("省级经理工作的指导原则：维护公司根本利益")


def test_sample_customer_grade_d_is_treated_as_the_manual_says(sample_result):
    policy = sample_result.linked.kb.policies["customer-grading"]
    section = next(s for s in policy.sections if s.title == "客户名单分类管理")
    assert section.rules == () and section.table is not None
    assert section.table.columns == ("等级", "标准", "维护方式")
    assert [row[0] for row in section.table.rows] == [
        "A 重点客户", "B 可能客户", "C 普通客户", "D 忽略客户"]
    assert section.table.rows[3] == ("D 忽略客户", "关系一般且潜力不大的客户", "善待走过身边的每一个人")
    assert section.table.rows[0][2] == ""      # the manual gives A no treatment
    cells = [c for s in policy.sections if s.table for row in s.table.rows for c in row]
    rules = [r for s in policy.sections for r in s.rules]
    assert not any("不投入" in text for text in cells + rules)


# ---------------------------------------------------------------- format 1.1 content

def test_sample_4s_steps_carry_the_manual_checklists_and_scripts(sample_result):
    workflow = sample_result.linked.kb.workflows["showroom-sales"]
    assert [p.name for p in workflow.phases] == ["展厅集客", "售前准备", "客户接待", "需求分析至跟踪回访"]
    steps = {s.id: s for s in workflow.steps}
    assert all(s.phase for s in workflow.steps)
    assert [s.id for s in workflow.steps if s.phase == "prepare"] == [
        "mindset", "environment", "materials", "appearance"]
    assert steps["materials"].checklist == (
        "报价单", "竞品资料", "便签纸", "销售合同", "分期资料", "保险资料", "笔")
    assert steps["environment"].checklist == ("展厅卫生", "展车卫生", "试驾车卫生", "办公区域卫生")
    reception = steps["reception"].script
    assert reception[0].say == "欢迎光临本店，咱们店这么远，给你看车造成不便表示歉意。"
    assert reception[1].ask == "以前来看过吗？"
    assert [a.if_ for a in reception[1].answers] == ["来过", "没来过，有销售人员约过", "首次进店"]
    assert "羽毛球" in steps["develop"].script[0].say
    # the 话术 moved out of the descriptions: no step quotes it twice
    assert not any("以前来看过吗" in (s.description or "") for s in workflow.steps)
    assert steps["quote-close"].approval == "discount"


def test_sample_steps_name_the_approval_matrices(sample_result):
    steps = {(w.id, s.id): s.approval for w in sample_result.linked.kb.workflows.values()
             for s in w.steps if s.approval}
    assert steps == {
        ("showroom-sales", "quote-close"): "discount",
        ("standard-sales-process", "quote-negotiation"): "discount",
        ("quotation-and-bidding", "final-review"): "quotation",
        ("contract-signing", "manager-review"): "contract",
        ("business-travel", "approval"): "travel",
        ("dealer-cooperation", "qualify"): "dealer-opening",     # 开设 a dealer
        ("dealer-cooperation", "expiry"): "dealer-opening"}      # 续约或解约 (淘汰)


def test_sample_actors_are_the_manuals_parties(sample_result):
    kb = sample_result.linked.kb
    assert [(a.id, a.name, a.stands_for) for a in kb.org.actors] == [
        ("customer", "客户", ()), ("applicant", "申请人", ("sales",)),   # 004: 销售人员
        ("dealer", "经销商", ()), ("company", "企业", ()),
        ("responsible-dept", "责任部门", ()), ("handler", "处理责任人", ())]  # 000 投诉流程
    travel = kb.workflows["business-travel"]
    assert {s.by for s in travel.steps} == {"applicant", "sales-manager"}
    assert kb.workflows["order-processing"].steps[0].by == "customer"
    assert kb.workflows["after-sales-service"].steps[0].by == "customer"


def test_sample_handbook_front_matter_is_the_manuals(sample_result):
    handbook = sample_result.linked.kb.org.handbook
    assert handbook.purpose.startswith("为了提高销售部的工作效率和质量，特编写本作业指导书")
    assert handbook.scope.startswith("该流程适用于公司所有销售人员")
    assert len(handbook.principles) == 3 and "“客户至上”" in handbook.principles[0]


def test_sample_roles_carry_skill_descriptions_kpi_definitions_and_grades(sample_result):
    roles = sample_result.linked.kb.roles
    manager = roles["sales-manager"]
    assert [(s.name, s.level, s.description) for s in manager.skills][0] == (
        "领导力", "85%", "销售经理需要带领团队完成销售目标")
    assert all(s.description for r in ("sales-rep", "account-manager") for s in roles[r].skills)
    assert all(k.definition and k.weight is None for k in roles["sales-rep"].kpis)
    assert [g.name for g in roles["account-manager"].career.grades] == [
        "初级客户经理", "客户经理", "高级客户经理"]
    assert all(g.requires is None for g in roles["account-manager"].career.grades)
    meeting = next(r for r in manager.routines if r.when == "每周二")
    assert meeting.agenda == ("总结上周工作，指出不足", "安排本周工作计划")
    weekly = next(r for r in roles["sales-rep"].routines if r.when == "每周六上午")
    assert weekly.attendees == ("sales-manager",)


def test_sample_policy_tables(sample_result):
    policies = sample_result.linked.kb.policies
    pricing = policies["pricing"].sections[0].table
    assert [row[1] for row in pricing.rows] == ["市场报价", "最低出厂价", "经销商最低价"]
    dealer = next(s for s in policies["dealer-management"].sections if s.title == "合作政策")
    assert [row[0] for row in dealer.table.rows] == [
        "代理区域", "代理产品", "优惠政策", "代理期限", "保证金", "返利政策", "培训与支持"]


def test_sample_dealer_cooperation_is_the_manuals_eight_steps(sample_result):
    """002 经销代理方案 五、合作流程 1–8: its steps, wording and parties (经销商, 企业);
    no forms, branches or owner (it gives none)."""
    workflow = sample_result.linked.kb.workflows["dealer-cooperation"]
    assert [(s.name, s.by) for s in workflow.steps] == [
        ("提交申请", "dealer"), ("审核资质", "company"), ("签订合同", "company"),
        ("缴纳保证金", "dealer"), ("培训与支持", "company"), ("开展业务", "dealer"),
        ("业绩考核", "company"), ("合作期满", "company")]
    assert workflow.steps[0].description == "经销商向企业提交合作申请，包括营业执照、资质证书等复印件。"
    assert workflow.steps[-1].description == "双方根据合同约定，办理续约或解约手续。"
    assert workflow.owner is None
    assert not any(s.forms or s.decision or s.checker for s in workflow.steps)
    raci = {row.step.id: dict(row.cells)
            for row in sample_result.linked.raci["dealer-cooperation"].rows}
    assert raci["qualify"] == {"company": "R", "provincial-manager": "A"}  # 000 省级经理 (七)


def test_sample_training_invents_no_days_hours_methods_or_assessments(sample_result):
    """000 第三章 gives each training's content and department only."""
    assert set(sample_result.linked.kb.training) == {"new-sales-staff"}
    for session in sample_result.linked.kb.training["new-sales-staff"].sessions:
        assert (session.day, session.hours, session.method, session.assessment) == \
            (None, None, None, None)


def test_sample_training_plan_has_the_manuals_seven_sessions_in_its_order(sample_result):
    plan = sample_result.linked.kb.training["new-sales-staff"]
    assert [(s.title, s.by) for s in plan.sessions] == [
        ("入职培训", "hr"), ("行业相关知识培训", "hr"), ("公司相关知识培训", "hr"),
        ("产品知识培训", "sales"), ("业务流程培训", "sales"), ("工作技能培训", "sales"),
        ("业务素质培训", "sales")]


def test_sample_has_at_least_12_forms_with_the_needed_field_types(sample_result):
    forms = sample_result.linked.kb.forms
    assert len(forms) >= 12
    types = {f.type or "text" for form in forms.values() for f in form.all_fields}
    assert {"choice", "table", "date", "money", "signature"} <= types


def test_sample_has_at_least_5_policies(sample_result):
    assert len(sample_result.linked.kb.policies) >= 5


def test_sample_has_a_draft_with_a_revision_history(sample_result):
    linked = sample_result.linked
    drafts = [item for item in linked.kb.items()
              if linked.doc(item).is_draft and linked.doc(item).history]
    assert [item.id for item in drafts] == ["account-manager"]


def test_sample_org_has_departments_and_document_defaults(sample_result):
    org = sample_result.linked.org
    assert org.locale == "zh-Hans"
    assert [d.id for d in org.departments][:2] == ["sales", "hr"]
    defaults = org.document_defaults
    assert (defaults.status, defaults.effective, defaults.review_every_months) == (
        "approved", dt.date(2026, 12, 1), 12)


# ---------------------------------------------------------------- editors: modelines and schema

@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(SAMPLE_SOPS)))
def test_every_sample_file_starts_with_its_schema_modeline(path):
    first = path.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    match = MODELINE.match(first)
    assert match, first
    prefix = "./" if kind_of(path) == "org" else "../"
    assert match.group(1) == f"{prefix}.schema/{kind_of(path)}.schema.json"


def test_modelines_name_the_files_sopkit_schema_writes(tmp_path):
    generated = tmp_path / ".schema"
    written = {p.name for p in write_schemas(generated)}
    referenced = set()
    for path in content_files():
        target = MODELINE.match(path.read_text(encoding="utf-8")).group(1)
        resolved = (path.parent / target).resolve()
        assert resolved.parent == (SAMPLE_SOPS / ".schema").resolve()
        referenced.add(resolved.name)
    assert referenced == written == {f"{k}.schema.json" for k in SCHEMA_FILES}


def _iso_dates(value):
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validators() -> dict:
    result = {}
    for kind in SCHEMA_FILES:
        schema = schema_for(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        result[kind] = jsonschema.Draft202012Validator(schema)
    return result


@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(SAMPLE_SOPS)))
def test_every_sample_file_validates_against_the_json_schema(path, validators):
    data = _iso_dates(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validators[kind_of(path)].iter_errors(data)]
    assert errors == []


def test_schema_flags_a_misspelt_key_and_a_bad_enum(validators):
    role = {"title": "x", "department": "sales", "reprots_to": "boss",
            "kpis": [{"name": "k", "period": "hourly"}]}
    messages = sorted(e.message for e in validators["role"].iter_errors(role))
    assert messages == [
        "'hourly' is not one of ['daily', 'weekly', 'monthly', 'quarterly', 'yearly']",
        "'reprots_to' does not match any of the regexes: '^x-'",
    ]


def test_schema_allows_x_keys_and_requires_title(validators):
    assert list(validators["policy"].iter_errors(
        {"title": "t", "x-owner": {"any": "thing"}, "sections": [{"title": "s", "rules": ["r"]}]}
    )) == []
    missing = [e.message for e in validators["policy"].iter_errors({"sections": []})]
    assert "'title' is a required property" in missing


def test_schema_skill_level_accepts_numbers_and_percentages(validators):
    def errors(level):
        role = {"title": "x", "department": "sales", "skills": [{"name": "s", "level": level}]}
        return list(validators["role"].iter_errors(role))
    assert errors(4) == [] and errors("85%") == []
    assert errors(6) and errors("abc")


def test_schema_files_are_json_with_stable_ids(tmp_path):
    for path in write_schemas(tmp_path):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["$id"] == f"https://sopkit.invalid/schema/v1/{path.name}"
        assert doc["additionalProperties"] is False


def test_committed_schema_files_are_up_to_date(tmp_path):
    """Editors read sops/.schema/*.json: after a model change, run `sopkit schema`."""
    written = write_schemas(tmp_path)
    for path in written:
        committed = SAMPLE_SOPS / ".schema" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), \
            f"{committed} is stale: run `sopkit schema`"

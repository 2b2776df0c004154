"""Format 1.1's item-level constructs: accepted, checked with file:line:col, and printed
in the documents (PDF, Word), the portal and onboarding packs.

The knowledge base in f11_items_kb.py uses every one of them; the error tests change one
thing each and compare the exact message sopkit prints.
"""
from __future__ import annotations

import html
import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BOSS_YAML, ORG_YAML
from docx_helpers import Docx, W
from f11_items_kb import FILES, POLICY, WORKFLOW
from generator.cli import main
from generator.forms.data import form_values
from generator.raci import step_letters
from generator.schema import schema_for

START = "2026-12-01"


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """pdftotext breaks long cells over lines and pads columns: compare without blanks."""
    return "".join(text.split())


def invoke(*args: str) -> None:
    result = CliRunner().invoke(main, [*args, "--quiet"] if args[0] == "build" else list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def sops(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("f11") / "sops"
    for relative, text in {"org.yaml": ORG_YAML, "roles/boss.yaml": BOSS_YAML, **FILES}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def dist(sops) -> Path:
    out = sops.parent / "dist"
    invoke("build", "--sops", str(sops), "--out", str(out), "--only", "diagrams,pdf,docx,site,json",
           "--today", "2026-11-23")
    return out


@pytest.fixture(scope="module")
def pack(sops) -> Path:
    out = sops.parent / "onboarding"
    for role, name in (("manager", "张三"), ("rep", "李四")):
        invoke("onboard", "--sops", str(sops), "--role", role, "--name", name, "--start",
               START, "--out", str(out), "--formats", "pdf,docx,ics", "-q", "-j", "1")
    return out


# ---------------------------------------------------------------- accepted

def test_every_construct_is_accepted_without_errors_or_warnings(make_kb):
    kb = make_kb(FILES)
    assert kb.lines() == []


def test_the_json_schema_describes_the_new_fields():
    role = schema_for("role")["$defs"]
    assert role["Kpi"]["properties"]["weight"]["type"] == "number"
    assert "description" in role["Skill"]["properties"]
    assert {"attendees", "agenda"} <= set(role["Routine"]["properties"])
    assert role["CareerGrade"]["required"] == ["name"]
    workflow = schema_for("workflow")
    step = workflow["$defs"]["Step"]["properties"]
    assert {"phase", "checklist", "script", "approval"} <= set(step)
    assert "phases" in workflow["properties"]
    assert workflow["$defs"]["Answer"]["required"] == ["if", "say"]
    policy = schema_for("policy")["$defs"]
    rows = policy["PolicyTable"]["properties"]["rows"]
    assert rows["items"] == {"type": "array", "items": {"type": "string"}}
    session = schema_for("training")["$defs"]["Session"]
    assert "day" not in session["required"]
    field_id = schema_for("form")["$defs"]["FormField"]["properties"]["id"]["pattern"]
    assert field_id == r"^[a-z][a-z0-9]*([_-][a-z0-9]+)*$"


# ---------------------------------------------------------------- errors

def test_an_unknown_phase_is_reported_with_did_you_mean(make_kb):
    kb = make_kb({**FILES, "workflows/reception.yaml": WORKFLOW.replace(
        "phase: close\n        by: rep\n        approval: discount",
        "phase: closing\n        by: rep\n        approval: discount")})
    assert kb.errors() == [
        "sops/workflows/reception.yaml:20:12: error: `phase` names `closing`, which is not a "
        "phase of workflow `reception`: did you mean `close`? [dangling-ref]"]


def test_a_phase_without_phases_says_to_declare_them(make_kb):
    kb = make_kb({"workflows/w.yaml": """\
        title: 流程
        steps:
          - {id: a, name: 步骤, by: sales, phase: prepare}
        """})
    assert kb.errors() == [
        "sops/workflows/w.yaml:3:41: error: step `a` names phase `prepare`, but workflow `w` "
        "declares no `phases`: add `phases:` with `- {id: prepare, name: …}` [dangling-ref]"]


def test_a_dangling_approval_is_reported_with_did_you_mean(make_kb):
    kb = make_kb({**FILES, "workflows/reception.yaml": WORKFLOW.replace(
        "approval: discount", "approval: discont")})
    assert kb.errors() == [
        "sops/workflows/reception.yaml:22:15: error: `approval` names `discont`, which is not "
        "an approval matrix id (a file in approvals/): did you mean `discount`? [dangling-ref]"]


def test_a_phase_id_used_twice(make_kb):
    kb = make_kb({"workflows/w.yaml": """\
        title: 流程
        phases:
          - {id: a, name: 一}
          - {id: a, name: 二}
        steps:
          - {id: s, name: 步骤, by: sales, phase: a}
        """})
    assert kb.errors() == [
        "sops/workflows/w.yaml:4:10: error: phase id `a` is used twice in workflow `w` (first "
        "at sops/workflows/w.yaml:3:10): phase ids must be unique [duplicate-id]"]


def test_script_lines_say_or_ask_and_answers_follow_a_question(make_kb):
    kb = make_kb({"workflows/w.yaml": """\
        title: 流程
        steps:
          - id: s
            name: 步骤
            by: sales
            script:
              - {}
              - {say: 你好, ask: 买吗？}
              - say: 请坐
                answers: [{if: 好, say: 谢谢}]
              - {ask: 买吗？, answers: [{if: 好}]}
        """})
    assert kb.errors() == [
        "sops/workflows/w.yaml:7:9: error: script line has neither `say` nor `ask`: write "
        "what to say (`say: …`) or what to ask (`ask: …` with `answers`) [required]",
        "sops/workflows/w.yaml:8:24: error: script line has both `say` and `ask`: make them two "
        "lines (`- say: …` then `- ask: …`) [type]",
        "sops/workflows/w.yaml:10:18: error: `answers` belong to a question: add `ask: …` to "
        "this line, or drop `answers` [type]",
        "sops/workflows/w.yaml:11:30: error: script answer is missing required key `say` (说) "
        "[required]"]


def test_a_table_row_must_have_one_cell_per_column(make_kb):
    kb = make_kb({"policies/customers.yaml": POLICY.replace(
        "[D 一般客户, 关系一般、潜力不大, 善待走过身边的每一个人]", "[D 一般客户, 关系一般]")})
    assert kb.errors() == [
        "sops/policies/customers.yaml:9:12: error: row 2 of the table has 2 cells but there "
        "are 3 columns: give every row one cell per column (an empty cell is \"\") [table-row]"]


def test_a_policy_section_needs_rules_or_a_table(make_kb):
    kb = make_kb({"policies/p.yaml": """\
        title: 制度
        applies_to: [all]
        sections:
          - title: 空
          - title: 表
            table: {columns: [甲], rows: []}
        """})
    assert kb.errors() == [
        "sops/policies/p.yaml:4:5: error: policy section `空` has neither `rules` nor `table`: "
        "add one of them [required]",
        "sops/policies/p.yaml:6:33: error: `rows` needs at least 1 entry [required]"]


def test_role_fields_are_checked_where_written(make_kb):
    kb = make_kb({"roles/r.yaml": """\
        title: 岗位
        department: sales
        duties: [工作]
        kpis:
          - {name: 回款率, weight: 三十}
          - {name: 销售额, weight: 130}
        routines:
          - {every: weekly, task: 例会, attendees: [bos], agenda: [议题]}
        career:
          grades:
            - {requires: 满一年}
        """})
    assert kb.errors() == [
        "sops/roles/r.yaml:5:25: error: `weight`: expected a number such as 1.5, found `三十` "
        "[type]",
        "sops/roles/r.yaml:6:25: error: `weight` is 130, above the maximum 100 [range]",
        "sops/roles/r.yaml:8:43: error: `attendees` names `bos`, which is not a role, "
        "department or actor id: did you mean `boss`? [dangling-ref]",
        "sops/roles/r.yaml:11:7: error: career grade is missing required key `name` (级别) "
        "[required]"]


def test_form_field_ids_may_use_underscores_but_not_capitals(make_kb):
    form = textwrap.dedent(FILES["forms/quote.yaml"])
    rep = textwrap.dedent(FILES["roles/rep.yaml"]).replace("manager", "boss")
    kb = make_kb({"forms/quote.yaml": form, "roles/rep.yaml": rep})
    assert kb.errors() == []
    kb = make_kb({"forms/quote.yaml": form.replace("total_amount", "Total_Amount"),
                  "roles/rep.yaml": rep})
    assert kb.errors() == [
        "sops/forms/quote.yaml:4:10: error: `Total_Amount` is not a valid field id: start "
        "with a letter a-z, then use lowercase letters, digits and single hyphens or "
        "underscores (e.g. `total_amount`) [bad-id]"]


def test_underscored_ids_are_the_keys_of_form_data(make_kb):
    kb = make_kb(FILES)
    form = kb.check().linked.kb.forms["quote"]
    values = form_values(form, {"total_amount": "1200.50",
                                "line_items": [{"unit_price": "600.25"}]})
    assert values["total_amount"] == "1200.50"
    assert values["line_items.1.unit_price"] == "600.25"


def test_item_ids_keep_the_version_1_pattern(make_kb):
    kb = make_kb({"workflows/w.yaml": """\
        title: 流程
        steps:
          - {id: first_step, name: 步骤, by: sales}
        """})
    assert [line.split(": error: ")[0] for line in kb.errors()] == ["sops/workflows/w.yaml:3:10"]


# ---------------------------------------------------------------- RACI and approvals

def test_every_approver_is_accountable_and_every_reviewer_consulted(make_kb):
    linked = make_kb(FILES).check().linked
    rows = {row.step.id: dict(row.cells) for row in linked.raci["reception"].rows}
    assert rows["greet"] == {"rep": "RA"}                       # no checker: the executor
    assert rows["discount"] == {"rep": "R", "manager": "AC", "boss": "A"}
    assert rows["sign"] == {"rep": "R", "manager": "A"}         # checker and approver


def test_a_matrix_without_checker_replaces_the_owner(make_kb):
    linked = make_kb(FILES).check().linked
    step = linked.kb.workflows["reception"].steps[1]
    only_contract = {"discount": linked.kb.approvals["contract"]}
    assert step_letters(step, only_contract) == {"rep": "R", "manager": "A"}


def test_a_role_in_two_matrices_lists_both(make_kb):
    linked = make_kb(FILES).check().linked
    parts = linked.role_approvals["manager"]
    assert [(p.approval.id, p.reviews, p.approves) for p in parts] == [
        ("contract", (), (1,)), ("discount", (2,), (1,))]
    assert [p.approval.id for p in linked.role_approvals["boss"]] == ["discount"]
    assert "rep" not in linked.role_approvals


# ---------------------------------------------------------------- rendered

def test_json_model_carries_the_new_fields_and_approval_duties(dist):
    model = json.loads((dist / "sops.json").read_text(encoding="utf-8"))
    manager = model["roles"]["manager"]
    assert manager["approvals"] == [
        {"approval": "contract", "reviews": [], "approves": [1]},
        {"approval": "discount", "reviews": [2], "approves": [1]}]
    assert manager["kpis"][0]["weight"] == 30
    raci = {row["step"]: row for row in model["workflows"]["reception"]["raci"]}
    assert raci["discount"] == {"step": "discount", "rep": "R", "manager": "AC", "boss": "A"}
    assert "day" not in model["training"]["induction"]["sessions"][1]


def test_job_description_pdf_and_word_list_both_approvals_and_the_role_fields(dist):
    text = flat(pdf_text(dist / "roles" / "manager.pdf"))
    for expected in ("审批职责", "合同变更", "销售折扣", "审核（第2档）", "审批（第1档）",
                     "能带领团队完成季度目标", "权重", "当月实收÷当月应收", "12.5",
                     "参加人员：销售代表、销售部", "议程：上周目标完成情况、本周重点客户",
                     "初级客户经理", "入职满6个月且考核合格", "待安排"):
        assert expected in text, expected
    xml = Docx.open(dist / "roles" / "manager.docx").parts["word/document.xml"].decode()
    for expected in ("合同变更审批权限", "销售折扣审批权限", "高级客户经理", "连续两年完成销售目标",
                     "当月实收 ÷ 当月应收", "待安排"):
        assert expected in xml, expected


def test_workflow_document_shows_phases_guides_and_tiers_at_the_step(dist):
    text = flat(pdf_text(dist / "workflows" / "reception.pdf"))
    for expected in ("阶段", "迎接客户", "成交", "检查清单", "产品彩页", "话术", "欢迎光临本店！",
                     "以前来看过吗？", "来过→请您稍等，我帮您叫他过来。", "步骤审批权限",
                     "第2步报价与折扣：销售折扣", "10%及以下", "第3步签约：合同变更"):
        assert expected in text, expected
    chart = (dist / "diagrams" / "workflows" / "reception.svg").read_text(encoding="utf-8")
    assert "审批权限：销售折扣" in chart and "审批权限：合同变更" in chart
    handbook = flat(pdf_text(dist / "handbook.pdf"))
    assert "第2步报价与折扣：销售折扣" in handbook and "善待走过身边的每一个人" in handbook


def test_policy_table_is_a_real_table_in_word(dist):
    doc = Docx.open(dist / "policies" / "customers.docx").document
    tables = doc.iter(f"{{{W}}}tbl")
    # Word's print keeps a cell's last two Chinese characters together (cellends.py)
    grids = [[["".join(t.itertext()).replace("\u2060", "") for t in row.iter(f"{{{W}}}tc")]
              for row in table.iter(f"{{{W}}}tr")] for table in tables]
    assert [["等级", "标准", "维护方式"], ["A 重点客户", "关系好、潜力大", "每月拜访"],
            ["D 一般客户", "关系一般、潜力不大", "善待走过身边的每一个人"]] in grids
    text = flat(pdf_text(dist / "policies" / "customers.pdf"))
    assert "等级标准维护方式" in text and "D一般客户关系一般、潜力不大善待走过身边的每一个人" in text


def page(path: Path) -> str:
    """A portal page's HTML with character references read (content is made inert, so
    `%` is written `&#37;`)."""
    return html.unescape(path.read_text(encoding="utf-8"))


def test_portal_pages_show_the_constructs(dist):
    site = dist / "site"
    role = page(site / "roles" / "manager.html")
    assert 'id="approvals"' in role
    for expected in ("合同变更审批权限", "销售折扣审批权限", "审核（第2档）", "能带领团队完成季度目标",
                     "当月实收 ÷ 当月应收", "初级客户经理", "待安排"):
        assert expected in role, expected
    workflow = page(site / "workflows" / "reception.html")
    for expected in ('id="guides"', 'id="approvals"', "迎接客户", "欢迎光临本店！",
                     "我先为您介绍一下。", "第2步 报价与折扣：销售折扣", "10%及以下"):
        assert expected in workflow, expected
    policy = page(site / "policies" / "customers.html")
    assert "<th>维护方式</th>" in policy and "<td>善待走过身边的每一个人</td>" in policy
    training = page(site / "training" / "induction.html")
    assert "待安排" in training


def test_pack_lists_approvals_scripts_and_undated_sessions(pack):
    manager = pack / f"{START}-manager-张三"
    text = flat(pdf_text(manager / "入职资料包-张三.pdf"))
    assert "销售部经理在以下事项中负责审核或审批" in text
    assert "合同变更（审批（第1档））" in text and "销售折扣（审核（第2档）；审批（第1档））" in text
    assert "待安排的培训" in text and "产品知识" in text
    # the matrices the hire approves in are documents to acknowledge, like the workflows
    assert "销售折扣审批权限AP-DISCOUNT1.0" in text and "合同变更审批权限AP-CONTRACT1.0" in text
    ics = (manager / "培训日程-张三.ics").read_text(encoding="utf-8")
    assert "SUMMARY:公司介绍" in ics and "产品知识" not in ics
    rep = pack / f"{START}-rep-李四"
    rep_text = flat(pdf_text(rep / "入职资料包-李四.pdf"))
    for expected in ("检查清单与话术", "客户接待流程·1.迎接", "名片", "欢迎光临本店！",
                     "没来过→我先为您介绍一下。"):
        assert expected in rep_text, expected
    assert "在以下事项中负责审核或审批" not in rep_text   # the rep approves nothing
    xml = Docx.open(rep / "入职资料包-李四.docx").parts["word/document.xml"].decode()
    assert "欢迎光临本店！" in xml


def test_version_1_sample_still_checks_clean():
    result = CliRunner().invoke(main, ["check", "--strict", "--sops",
                                       str(Path(__file__).parent.parent / "sops")])
    assert result.exit_code == 0, result.output


def test_table_cells_and_scripts_stay_data_in_the_portal(make_kb, tmp_path):
    kb = make_kb({"policies/p.yaml": """\
        title: 制度
        applies_to: [all]
        sections:
          - title: 表
            table:
              columns: ["a | b", "{{ 1 + 1 }}"]
              rows:
                - ["<script>alert(1)</script>", "[链接](javascript:alert(1))"]
        """, "workflows/w.yaml": """\
        title: 流程
        steps:
          - id: s
            name: 步骤
            by: sales
            script:
              - say: "<b>你好</b> {% raw %}"
        """})
    assert kb.errors() == []
    out = tmp_path / "dist"
    invoke("build", "--sops", str(kb.root), "--out", str(out), "--only", "diagrams,site")
    policy = (out / "site" / "policies" / "p.html").read_text(encoding="utf-8")
    assert "<script>alert" not in policy and 'href="javascript' not in policy
    text = html.unescape(policy)
    assert "<script>alert(1)</script>" in text and "{{ 1 + 1 }}" in text and "a | b" in text
    workflow = (out / "site" / "workflows" / "w.html").read_text(encoding="utf-8")
    assert "<b>你好</b>" not in workflow and "<b>你好</b> {% raw %}" in html.unescape(workflow)

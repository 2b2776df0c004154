"""Format 1.1, organisation level: actors, the handbook's front matter, numbering patterns,
`order:`, the organisation's own fields (`extra_fields` / `extra:`), and A = the executor of
a step nobody checks. Each is checked (messages with line:col) and printed: handbook PDF and
Word, the standalone documents, the portal and the onboarding pack."""
from __future__ import annotations

import html
import re
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.documents import render_documents
from generator.kinds import KINDS
from generator.model import ExtraFields, Numbering

ORG = """\
organization:
  name: 测试公司
departments:
  - id: sales
    name: 销售部
  - id: finance
    name: 财务部
actors:
  - {id: applicant, name: 申请人}
  - {id: customer, name: 客户}
handbook:
  title: 销售部作业指导书
  number: XS-SC-001
  purpose: 规范销售部各岗位的工作职责与作业流程。
  scope: 适用于销售部全体员工。
  principles: [客户至上, 诚信经营]
  history:
    - {version: "2.0", date: 2026-11-20, changes: 按新组织架构修订, by: 销售部}
    - {version: "1.0", date: 2025-01-01, changes: 首次发布, by: 销售部}
numbering:
  role: XS-JD-{n:03}
  workflow: XS-LC-{n}
extra_fields:
  role:
    - {id: salary-grade, label: 薪资等级}
    - {id: location, label: 工作地点}
  workflow:
    - {id: system, label: 使用系统}
"""
FILES = {
    "roles/boss.yaml": """\
        title: 销售部经理
        department: sales
        duties: [管理销售部]
        extra: {salary-grade: P8, location: 上海}
        """,
    "roles/rep.yaml": """\
        title: 业务员
        department: sales
        reports_to: boss
        duties: [拜访客户]
        extra: {location: 杭州}
        document:
          history:
            - {version: "1.1", date: 2026-10-01, changes: 岗位调整, by: 人事部}
        """,
    "roles/aide.yaml": """\
        title: 助理
        department: sales
        reports_to: boss
        duties: [整理资料]
        order: 1
        """,
    "roles/cashier.yaml": """\
        title: 出纳
        department: finance
        duties: [付款]
        """,
    "workflows/expense.yaml": """\
        title: 费用报销流程
        owner: boss
        extra: {system: 费控系统}
        steps:
          - {id: apply, name: 提交报销单, by: applicant, informed: [customer]}
          - {id: approve, name: 审批, by: boss}
          - {id: pay, name: 付款, by: cashier, checker: boss}
        """,
    "workflows/visit.yaml": """\
        title: 客户拜访流程
        owner: boss
        document: {number: OWN-1}
        steps:
          - {id: visit, name: 拜访, by: rep, consulted: [customer]}
        """,
    "training/intro.yaml": """\
        title: 入职培训
        for: [rep]
        sessions:
          - {id: s1, title: 公司介绍, by: customer, day: 1}
        """,
}


@pytest.fixture
def linked(make_kb):
    result = make_kb(FILES, org=ORG, boss=False).check()
    assert result.ok, [d.format() for d in result.diagnostics.errors]
    return result.linked


def html_of(linked) -> dict[str, str]:
    return {doc.path: doc.html for doc in render_documents(linked)}


# ---------------------------------------------------------------- the model and its checks

def test_the_kind_fields_of_numbering_and_extra_fields_are_the_kinds():
    from generator.fields import field_infos
    names = [kind.name for kind in KINDS]
    assert [info.key for info in field_infos(Numbering)] == names
    assert [info.key for info in field_infos(ExtraFields)] == names


def test_every_version_1_file_of_the_sample_still_checks_clean():
    result = CliRunner().invoke(main, ["check", "--strict", "--sops", "sops"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_actors_are_named_in_steps_training_and_the_raci(linked):
    assert linked.actor_name("applicant") == "申请人"
    raci = linked.raci["expense"]
    assert [dict(row.cells) for row in raci.rows] == [
        {"applicant": "RA", "customer": "I"},
        {"boss": "RA"},            # no checker: the executor decides and answers for it
        {"cashier": "R", "boss": "A"},
    ]
    assert "applicant" not in linked.role_steps  # actors are not roles: no job description


def test_an_actor_clashing_with_a_role_or_department_names_both_places(make_kb):
    org = ORG.replace("{id: customer, name: 客户}", "{id: customer, name: 客户}\n"
                      "  - {id: finance, name: 财务}\n  - {id: boss, name: 老板}")
    kb = make_kb(FILES, org=org, boss=False)
    assert kb.errors() == [
        "sops/org.yaml:11:10: error: actor id `finance` is also a department id "
        "(sops/org.yaml:6:9): roles, departments and actors share one namespace, rename one "
        "[duplicate-id]",
        "sops/org.yaml:12:10: error: actor id `boss` is also a role id (sops/roles/boss.yaml): "
        "roles, departments and actors share one namespace, rename one [duplicate-id]",
    ]


def test_a_misspelt_actor_gets_did_you_mean(make_kb):
    files = dict(FILES)
    files["workflows/expense.yaml"] = FILES["workflows/expense.yaml"].replace(
        "by: applicant", "by: aplicant")
    assert make_kb(files, org=ORG, boss=False).errors() == [
        "sops/workflows/expense.yaml:5:34: error: `by` names `aplicant`, which is not a role, "
        "department or actor id: did you mean `applicant`? [dangling-ref]"]


# ---------------------------------------------------------------- who an actor stands for

def with_applicant(stands_for: str) -> str:
    return ORG.replace("{id: applicant, name: 申请人}",
                       f"{{id: applicant, name: 申请人, stands_for: {stands_for}}}")


@pytest.mark.parametrize("stands_for, roles", [
    ("[sales]", {"boss", "rep", "aide"}),      # a department: every role in it
    ("[rep]", {"rep"}),
    ("[all]", {"boss", "rep", "aide", "cashier"}),
])
def test_a_role_takes_part_as_the_actor_that_stands_for_it(make_kb, stands_for, roles):
    result = make_kb(FILES, org=with_applicant(stands_for), boss=False).check()
    assert result.ok, [d.format() for d in result.diagnostics.errors]
    steps = result.linked.role_actor_steps
    assert set(steps) == roles
    assert [(p.workflow.id, p.step.id, p.letters, p.as_actor) for p in steps["rep" if "rep"
            in roles else "boss"]] == [("expense", "apply", "RA", "applicant")]
    assert "customer" not in {p.as_actor for parts in steps.values() for p in parts}


def test_without_stands_for_an_actor_stands_for_nobody(linked):
    assert dict(linked.role_actor_steps) == {}


def test_a_misspelt_stands_for_gets_did_you_mean(make_kb):
    kb = make_kb(FILES, org=with_applicant("[sale]"), boss=False)
    assert kb.errors() == [
        "sops/org.yaml:9:45: error: `stands_for` names `sale`, which is not `all`, a role id "
        "or a department id: did you mean `sales`? [dangling-ref]"]


def test_the_pack_marks_the_steps_taken_as_the_actor(make_kb, tmp_path):
    from pypdf import PdfReader
    kb = make_kb(FILES, org=with_applicant("[sales]"), boss=False)
    out = tmp_path / "packs"
    result = CliRunner().invoke(main, ["onboard", "--sops", str(kb.root), "--role", "aide",
                                       "--name", "张三", "--start", "2026-11-16", "--out",
                                       str(out), "--formats", "pdf", "-q"])
    assert result.exit_code == 0, result.output
    (pdf,) = out.glob("*/*.pdf")
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    # the aide acts in no step of its own: 费用报销流程 is in its pack as the 申请人's
    assert "费用报销流程" in text
    assert "提交报销单R执行、A负责/审批（作为申请人）" in text


def test_numbering_patterns_count_in_order_and_keep_own_numbers(linked):
    numbers = {(item.KIND, item.id): linked.doc(item).number for item in linked.kb.items()}
    # roles: own `order:` first (助理), then by department, depth and title
    assert [r.id for r in linked.orders["roles"]] == ["aide", "boss", "rep", "cashier"]
    assert numbers[("role", "aide")] == "XS-JD-001"
    assert numbers[("role", "boss")] == "XS-JD-002"
    assert numbers[("role", "rep")] == "XS-JD-003"
    assert numbers[("role", "cashier")] == "XS-JD-004"
    # workflows by title (客 < 费 in code point order); an own number is kept
    assert [w.id for w in linked.orders["workflows"]] == ["visit", "expense"]
    assert numbers[("workflow", "visit")] == "OWN-1"
    assert numbers[("workflow", "expense")] == "XS-LC-2"
    assert numbers[("training plan", "intro")] == "TP-INTRO"  # no pattern: derived from the id


@pytest.mark.parametrize("pattern, message", [
    ("XS-{m}", "sops/org.yaml:2:9: error: `{m}` in numbering pattern `XS-{m}` is not a "
               "placeholder: write {n} (1, 2, 3 …) or {n:03} (001, 002 …) [range]"),
    ("XS-{n:3}", "sops/org.yaml:2:9: error: `{n:3}` in numbering pattern `XS-{n:3}` is not a "
                 "placeholder: write {n} (1, 2, 3 …) or {n:03} (001, 002 …) [range]"),
    ("XS-JD", "sops/org.yaml:2:9: error: `XS-JD` has no {n}, so every item of the kind would "
              "get the same number: add {n} or {n:03}, e.g. XS-JD-{n:03} [range]"),
    ("XS-{n}}", "sops/org.yaml:2:9: error: `XS-{n}}` has an unmatched brace: placeholders are "
                "written {n} or {n:03} [range]"),
])
def test_bad_numbering_patterns(make_kb, pattern, message):
    org = f"numbering:\n  role: {pattern}\n" + ORG.split("numbering:")[0]
    assert make_kb(org=org).errors() == [message]


def test_an_unknown_kind_in_numbering_gets_did_you_mean(make_kb):
    org = "numbering:\n  rol: X-{n}\n  things: Y-{n}\n" + ORG.split("numbering:")[0]
    assert make_kb(org=org).errors() == [
        "sops/org.yaml:2:3: error: unknown key `rol` in numbering: did you mean `role`? "
        "(keys of your own must start with `x-`) [unknown-key]",
        "sops/org.yaml:3:3: error: unknown key `things` in numbering (known keys: approval, "
        "form, policy, role, training, workflow) (keys of your own must start with `x-`) "
        "[unknown-key]",
    ]


def test_an_undeclared_extra_field_is_an_error_with_did_you_mean(make_kb):
    files = dict(FILES)
    files["roles/rep.yaml"] = FILES["roles/rep.yaml"].replace("{location: 杭州}",
                                                              "{locaton: 杭州, car: 有}")
    files["training/intro.yaml"] = textwrap.dedent(FILES["training/intro.yaml"]) + \
        "extra: {room: 201}\n"
    assert make_kb(files, org=ORG, boss=False).errors() == [
        "sops/roles/rep.yaml:5:9: error: `extra` has `locaton`, which is not a field declared "
        "for role items: did you mean `location`? (or declare it in org.yaml under "
        "`extra_fields: role:`) [undeclared-field]",
        "sops/roles/rep.yaml:5:22: error: `extra` has `car`, which is not a field declared for "
        "role items (declared: salary-grade, location): fix the key, or declare it in org.yaml "
        "under `extra_fields: role:` [undeclared-field]",
        "sops/training/intro.yaml:5:9: error: `extra` has `room`, which is not a field "
        "declared for training items: org.yaml declares none; declare it in org.yaml under "
        "`extra_fields: training:` as `{id: room, label: …}` [undeclared-field]",
    ]


def test_extra_must_be_a_mapping_and_order_a_number(make_kb):
    files = {"roles/a.yaml": "title: A\ndepartment: sales\nduties: [x]\nextra: [P5]\n"
                             "order: first\n"}
    assert make_kb(files).errors() == [
        "sops/roles/a.yaml:4:8: error: `extra` must be key: value pairs (e.g. `extra: "
        "{location: 上海}`), not a list [type]",
        "sops/roles/a.yaml:5:8: error: `order`: expected a whole number, found `first` [type]",
    ]


def test_the_schema_knows_the_new_keys():
    from generator.schema import schema_for
    org = schema_for("org")
    assert {"actors", "numbering", "extra_fields"} <= set(org["properties"])
    assert {"purpose", "scope", "principles", "history"} <= set(
        org["$defs"]["HandbookInfo"]["properties"])
    role = schema_for("role")["properties"]
    assert role["extra"]["type"] == "object" and role["order"]["type"] == "integer"
    pattern = re.compile(org["$defs"]["Numbering"]["properties"]["role"]["pattern"])
    assert pattern.match("XS-JD-{n:03}") and not pattern.match("XS-{m}")


# ---------------------------------------------------------------- the documents (HTML)

def test_the_handbook_front_matter_and_its_own_history(linked):
    handbook = html_of(linked)["handbook"]
    for text in ("制定目的", "规范销售部各岗位的工作职责与作业流程。", "适用范围",
                 "适用于销售部全体员工。", "基本原则", "客户至上", "诚信经营", "XS-SC-001",
                 "按新组织架构修订", "首次发布"):
        assert text in handbook, text
    front = handbook.split('class="toc"')[0]
    assert "岗位调整" not in front  # a role's own change is not the handbook's revision
    assert front.index("按新组织架构修订") < front.index("首次发布")  # newest first


def test_without_its_own_history_the_handbook_lists_the_items_changes(make_kb):
    org = ORG.replace("  history:\n", "  x-old:\n")
    result = make_kb(FILES, org=org, boss=False).check()
    front = html_of(result.linked)["handbook"].split('class="toc"')[0]
    assert "岗位调整" in front and "业务员" in front


def test_the_handbook_follows_the_order(linked):
    handbook = html_of(linked)["handbook"]
    chapter = handbook.split('id="ch-roles"')[1]
    places = [chapter.index(f'id="role-{role}"') for role in ("aide", "boss", "rep", "cashier")]
    assert places == sorted(places)


def test_documents_print_the_own_fields_with_their_labels(linked):
    html = html_of(linked)
    assert "<dt>薪资等级</dt><dd>P8</dd>" in html["roles/boss"]
    assert "<dt>工作地点</dt><dd>上海</dd>" in html["roles/boss"]
    assert "<dt>工作地点</dt><dd>杭州</dd>" in html["roles/rep"]
    assert "薪资等级" not in html["roles/rep"]  # declared but left empty: left out
    assert "<dt>使用系统</dt><dd>费控系统</dd>" in html["workflows/expense"]


def test_actors_are_shown_by_name_in_the_workflow_document(linked):
    html = html_of(linked)["workflows/expense"]
    steps = html.split('-steps"')[1].split("</table>")[0]
    assert "申请人" in steps and "applicant" not in steps
    raci = html.split('-raci"')[1].split("</table>")[0]
    assert "<th>申请人</th>" in raci and "<th>客户</th>" in raci


# ---------------------------------------------------------------- built outputs

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import write
    base = tmp_path_factory.mktemp("f11org")
    write(base / "sops" / "org.yaml", ORG)
    for relative, text in FILES.items():
        write(base / "sops" / relative, text)
    out = base / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(base / "sops"), "--out", str(out),
                                       "--only", "diagrams,pdf,docx,site", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_handbook_pdf_has_front_matter_numbers_fields_and_actors(built):
    text = pdf_text(built / "handbook.pdf")
    for words in ("制定目的", "规范销售部各岗位的工作职责与作业流程", "基本原则", "客户至上",
                  "按新组织架构修订", "XS-JD-002", "XS-LC-2", "薪资等级", "P8", "申请人"):
        assert words in text, words


def test_the_role_pdf_has_the_derived_number_and_own_fields(built):
    text = pdf_text(built / "roles" / "boss.pdf")
    assert "XS-JD-002" in text and "薪资等级" in text and "P8" in text


def test_the_word_handbook_has_front_matter_and_own_fields(built):
    with zipfile.ZipFile(built / "handbook.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    for words in ("制定目的", "适用于销售部全体员工。", "诚信经营", "首次发布", "薪资等级",
                  "费控系统", "申请人"):
        assert words in xml, words


def test_the_swimlane_has_a_lane_named_after_the_actor(built):
    svg = (built / "diagrams" / "workflows" / "expense.svg").read_text("utf-8")
    assert "申请人" in svg


def page(path: Path) -> str:
    return html.unescape(path.read_text("utf-8"))


def test_the_portal_shows_own_fields_actors_front_matter_and_order(built):
    site = built / "site"
    boss = page(site / "roles" / "boss.html")
    assert "薪资等级" in boss and "P8" in boss and "XS-JD-002" in boss
    expense = page(site / "workflows" / "expense.html")
    assert "使用系统" in expense and "费控系统" in expense and "申请人" in expense
    assert 'org.html#actors">申请人' in expense  # an actor links to the org page's list
    org = page(site / "org.html")
    assert 'id="actors"' in org and "申请人" in org and "客户" in org
    home = page(site / "index.html")
    assert "制定目的" in home and "客户至上" in home
    index = page(site / "roles" / "index.html")
    places = [index.index(title) for title in ("助理", "销售部经理", "业务员")]
    assert places == sorted(places)


def test_the_onboarding_pack_shows_the_roles_own_fields(tmp_path, make_kb):
    kb = make_kb(FILES, org=ORG, boss=False)
    out = tmp_path / "packs"
    result = CliRunner().invoke(main, [
        "onboard", "--sops", str(kb.root), "--role", "rep", "--name", "张三", "--start",
        "2026-12-01", "--out", str(out), "--formats", "pdf", "-q"])
    assert result.exit_code == 0, result.output
    pdf = next(out.rglob("*.pdf"))
    text = pdf_text(pdf)
    assert "工作地点" in text and "杭州" in text
    assert "客户" in text  # the session is run by an actor: shown by name


HOSTILE = "<script>x()</script>{{ 7*7 }}"


def test_new_text_is_data_in_documents_and_portal_markdown(make_kb):
    from generator.portal.downloads import Downloads
    from generator.portal.pages import Portal
    org = ORG.replace("name: 申请人", f"name: '申请人{HOSTILE}'").replace(
        "purpose: 规范", f"purpose: '{HOSTILE}规范").replace("工作职责与作业流程。", "工作职责与作业流程。'")
    files = dict(FILES)
    files["roles/boss.yaml"] = FILES["roles/boss.yaml"].replace("P8", f"'P8{HOSTILE}'")
    linked = make_kb(files, org=org, boss=False).check().linked
    html = html_of(linked)
    for path in ("handbook", "roles/boss", "workflows/expense"):
        assert "<script>x()" not in html[path] and "{{ 7*7 }}" in html[path], path
        assert "&lt;script&gt;x()" in html[path], path
    portal = Portal(linked, Downloads({}))
    pages = {page.uri: portal.render(page) for page in portal.pages()}
    markdown = pages["roles/boss.md"] + pages["workflows/expense.md"] + portal.home_markdown()
    assert "<script>x()" not in markdown and "P8" in markdown and "申请人" in markdown

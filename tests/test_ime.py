"""Characters a Chinese input method types where YAML needs ASCII: the message names the
character, its exact line:col and what to type instead, and only that file's error shows."""
from __future__ import annotations

import pytest

HEAD = "title: 经理\ndepartment: sales\nreports_to: boss\n"
COLON = ("error: YAML syntax error: full-width colon `：`: use an ASCII colon `:` followed by "
         "a space [yaml-syntax]")
TAB = "error: YAML syntax error: tab: indent with spaces (YAML does not allow tabs there) " \
      "[yaml-syntax]"


@pytest.mark.parametrize(("text", "expected"), [
    # libyaml stops on the next line ("could not find expected ':'"); the colon is here
    ("title： 经理\ndepartment: sales\nduties: [a]\n", f"1:6: {COLON}"),
    (HEAD + "approver： 财务总监\nduties: [a]\n", f"4:9: {COLON}"),
    (HEAD + "duties: [a]\nsummary： 概述\n", f"5:8: {COLON}"),
    (HEAD + "duties:\n\t- 拜访客户\n", f"5:1: {TAB}"),
    (HEAD + "duties:\n  - 拜访客户\n\t- 整理资料\n", f"6:1: {TAB}"),
    (HEAD + "summary: “负责: 销售”\nduties: [a]\n",
     "4:10: error: YAML syntax error: Chinese quote `“`: quote with ASCII quotes `\"` "
     "[yaml-syntax]"),
    (HEAD + "duties: [a]\nskills:\n  - {name: 沟通， level: 3}\n",
     "6:14: error: YAML syntax error: full-width comma `，`: separate items with an ASCII "
     "comma `,` [yaml-syntax]"),
], ids=["colon-first-line", "colon-mid", "colon-last", "tab", "tab-after-spaces",
        "chinese-quote", "comma-in-flow-mapping"])
def test_an_input_method_character_gets_its_column_and_the_fix(kb, text, expected):
    kb.write("roles/a.yaml", text)
    assert kb.lines() == [f"sops/roles/a.yaml:{expected}"]


def test_a_full_width_space_before_a_key_is_one_error_and_the_file_still_loads(kb):
    kb.write("roles/a.yaml", HEAD + "\u3000duties: [拜访客户]\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:4:1: error: YAML syntax error: full-width space (U+3000): indent "
        "with ASCII spaces [yaml-syntax]"]  # no "unknown field", no "no duties"
    assert kb.check().linked.kb.roles["a"].duties


@pytest.mark.parametrize(("items", "hint"), [
    ("[公司概况，财务部组织架构]", "`公司概况，财务部组织架构`: if you meant 2 items, separate them "
                       "with ASCII commas: [公司概况, 财务部组织架构]"),
    ("[网银转账、支票、现金]", "`网银转账、支票、现金`: if you meant 3 items, separate them with "
                     "ASCII commas: [网银转账, 支票, 现金]"),
])
def test_a_flow_list_of_one_item_with_a_chinese_comma_is_a_warning(kb, items, hint):
    kb.write("roles/a.yaml", HEAD + f"duties: {items}\n")
    assert kb.lines() == [
        f"sops/roles/a.yaml:4:10: warning: this list has one item, {hint} [one-item-list]"]


def test_chinese_punctuation_inside_values_and_text_blocks_is_content(kb):
    kb.write("roles/a.yaml", HEAD + "summary: |\n  注意：本岗位，负责、协调\n  \u3000\u3000第一条\n"
             "duties: [拜访客户、收集信息, 整理资料]\nknowledge: [“财务”：基础]\n")
    assert kb.lines() == []


# ---------------------------------------------------------------- titles where ids belong

def test_a_role_title_where_a_role_id_belongs_gets_the_id(kb):
    kb.write("roles/a.yaml", "title: 会计\ndepartment: sales\nreports_to: 经理\nduties: [记账]\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:3:13: error: `reports_to` names `经理`, which is not a role id: "
        "did you mean `boss` (经理)? [dangling-ref]"]


def test_a_department_name_where_a_department_id_belongs_gets_the_id(kb):
    kb.write("roles/a.yaml", "title: 会计\ndepartment: 人事部\nreports_to: boss\nduties: [记账]\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:2:13: error: `department` names `人事部`, which is not a department "
        "id: did you mean `hr` (人事部)? [dangling-ref]"]

"""Overlays (sops/custom/): what they change, and every mistake with its exact message and place."""
from __future__ import annotations

import pytest

from generator.custom import variants
from generator.diagnostics import Diagnostics
from generator.linker import link_overlay
from generator.model import DutyGroup

REP = """\
title: 销售员
department: sales
reports_to: boss
headcount: 3
summary: 负责责任区域内的客户开发。
duties:
  - group: 销售工作
    items:
      - 开拓新市场。
      - 定期回访客户。
  - group: 客户关系
    items:
      - 建立客户信息卡。
      - 定期回访客户。
responsibilities: [对销售目标负责。, 对客户资料负责。]
qualifications:
  education: 中专及以上学历
  other: [能适应出差]
skills:
  - {name: 沟通表达, level: 4}
  - {name: 商务谈判, level: 3}
kpis:
  - {name: 每周拜访数, target: 10 次, period: weekly}
  - {name: 回款率, target: "≥ 95%", period: quarterly}
"""
OVERLAY = "custom/rep-sh.yaml"
SHOWN = "sops/custom/rep-sh.yaml"


@pytest.fixture
def rep_kb(make_kb):
    return make_kb({"roles/rep.yaml": REP})


def overlay_errors(kb, text: str) -> list[str]:
    kb.write(OVERLAY, text)
    return kb.errors()


def custom_role(kb, text: str, overrides=None):
    kb.write(OVERLAY, text)
    result = kb.check()
    assert [d.format() for d in result.diagnostics.errors] == []
    if not overrides:
        return result.linked.custom_jds["rep-sh"]
    return link_overlay(result.linked, result.linked.kb.overlays["rep-sh"], Diagnostics(),
                        overrides)


# ---------------------------------------------------------------- what an overlay changes

FULL = """\
extends: rep
title: 销售员（{territory}）
author: 王经理
date: 2026-11-20
variables: {territory: 上海, team: 二组}
summary: 负责{territory}区域（{team}）的客户开发。
headcount: 2
duties:
  add:
    - group: 销售工作
      text: 开发{territory}主题乐园客户。
    - 每月到{territory}展厅值班。
  remove:
    - {group: 客户关系, position: 1}
  replace:
    - group: 客户关系
      text: 定期回访客户。
      with: 每两周回访{territory}客户。
responsibilities:
  remove: [对客户资料负责。]
  add:
    - 对{territory}区域回款负责。
qualifications:
  experience: 2年以上销售经验
  other:
    replace:
      - position: 1
        with: 能适应{territory}市内频繁外出
skills:
  change: [{name: 商务谈判, level: 4}]
  add: [{name: 上海话, level: 2}]
kpis:
  change: [{name: 每周拜访数, target: 15 次, new_name: 每周上门拜访数}]
  remove: [回款率]
  add: [{name: 新客户数, target: 3 个, period: monthly}]
"""


def test_an_overlay_applies_every_kind_of_change(rep_kb):
    custom = custom_role(rep_kb, FULL)
    role = custom.role
    assert (role.id, role.title, role.headcount) == ("rep", "销售员（上海）", 2)
    assert role.summary == "负责上海区域（二组）的客户开发。"
    assert [(d.group, d.items) if isinstance(d, DutyGroup) else d for d in role.duties] == [
        ("销售工作", ("开拓新市场。", "定期回访客户。", "开发上海主题乐园客户。")),
        ("客户关系", ("每两周回访上海客户。",)),
        "每月到上海展厅值班。"]
    assert role.responsibilities == ("对销售目标负责。", "对上海区域回款负责。")
    assert (role.qualifications.education, role.qualifications.experience) == (
        "中专及以上学历", "2年以上销售经验")
    assert role.qualifications.other == ("能适应上海市内频繁外出",)
    assert [(s.name, s.level) for s in role.skills] == [
        ("沟通表达", "4"), ("商务谈判", "4"), ("上海话", "2")]
    assert [(k.name, k.target, k.period) for k in role.kpis] == [
        ("每周上门拜访数", "15 次", "weekly"), ("新客户数", "3 个", "monthly")]


def test_the_variant_has_its_own_number_author_and_history(rep_kb):
    custom = custom_role(rep_kb, FULL)
    assert custom.doc.number == "JD-REP-rep-sh"
    assert custom.standard_doc.number == "JD-REP"
    assert custom.doc.author == "王经理"
    assert [(h.version, h.changes, h.by) for h in custom.doc.history] == [
        ("1.0", "在标准岗位说明书 JD-REP（销售员）基础上定制", "王经理")]
    # the standard's document control is untouched
    linked = rep_kb.check().linked
    assert linked.for_custom(custom).doc(custom.standard).number == "JD-REP-rep-sh"
    assert linked.doc(custom.standard).number == "JD-REP"


def test_set_overrides_a_variable(rep_kb):
    custom = custom_role(rep_kb, FULL, {"territory": "北京"})
    assert custom.role.title == "销售员（北京）"
    assert custom.role.summary == "负责北京区域（二组）的客户开发。"


def test_literal_braces_and_unchanged_standard(rep_kb):
    custom = custom_role(rep_kb, "extends: rep\nsummary: 按{{A类}}客户管理\n")
    assert custom.role.summary == "按{A类}客户管理"
    assert custom.role.duties == custom.standard.duties


def test_check_counts_overlay_files_and_passes_a_valid_one(rep_kb):
    rep_kb.write(OVERLAY, FULL)
    result = rep_kb.check()
    assert result.diagnostics.items == []
    assert result.files == 4


def test_variants_lists_custom_jds_under_their_standard_role(rep_kb):
    rep_kb.write(OVERLAY, FULL)
    found = variants(rep_kb.check().linked)
    assert list(found) == ["rep"]
    (variant,) = found["rep"]
    assert (variant.id, variant.title, variant.number, variant.author) == (
        "rep-sh", "销售员（上海）", "JD-REP-rep-sh", "王经理")
    assert variant.pdf == "roles/custom/rep-sh.pdf"
    assert variant.redline_docx == "roles/custom/rep-sh-redline.docx"


def test_overlays_with_errors_are_not_variants(rep_kb):
    rep_kb.write(OVERLAY, "extends: rep\ntitle: '{nope}'\n")
    assert variants(rep_kb.check().linked) == {}


# ---------------------------------------------------------------- errors, exactly

def test_unknown_base_role(rep_kb):
    assert overlay_errors(rep_kb, "extends: repp\n") == [
        f"{SHOWN}:1:10: error: `extends` names `repp`, which is not a role id: did you mean "
        "`rep`? [dangling-ref]"]


def test_missing_extends(rep_kb):
    assert overlay_errors(rep_kb, "title: x\n") == [
        f"{SHOWN}:1:1: error: overlay is missing required key `extends` (id of the standard "
        "role it adapts) [required]"]


def test_unknown_key(rep_kb):
    assert overlay_errors(rep_kb, "extends: rep\ndutys:\n  add: [x]\n") == [
        f"{SHOWN}:2:1: error: unknown key `dutys` in overlay: did you mean `duties`? (keys of "
        "your own must start with `x-`) [unknown-key]"]


def test_unknown_key_inside_a_change_list(rep_kb):
    assert overlay_errors(rep_kb, "extends: rep\nduties:\n  delete: [x]\n") == [
        f"{SHOWN}:3:3: error: unknown key `delete` in duty changes (known keys: add, remove, "
        "replace) (keys of your own must start with `x-`) [unknown-key]"]


def test_removing_a_duty_that_does_not_exist(rep_kb):
    text = "extends: rep\nduties:\n  remove:\n    - 开拓新市场\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:7: error: no duty of `rep` reads `开拓新市场`: did you mean `开拓新市场。`? "
        "(write the wording exactly as in the standard job description) [overlay-no-match]"]


def test_removing_by_a_number_written_as_text_gets_a_hint(rep_kb):
    text = "extends: rep\nresponsibilities:\n  remove: [2]\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:3:12: error: no responsibility of `rep` reads `2` (write the wording exactly "
        "as in the standard job description); to pick the responsibility by number write "
        "`position: 2` [overlay-no-match]"]


def test_replace_matching_more_than_one_duty(rep_kb):
    text = "extends: rep\nduties:\n  replace:\n    - text: 定期回访客户。\n      with: 每周回访\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:13: error: `定期回访客户。` matches 2 duties of `rep` (in groups `销售工作` "
        "and `客户关系`): add `group:` to say which one [overlay-ambiguous]"]


def test_replace_by_a_position_past_the_end_of_the_group(rep_kb):
    text = ("extends: rep\nduties:\n  replace:\n    - group: 销售工作\n      position: 5\n"
            "      with: 新内容\n")
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:5:17: error: duty group `销售工作` of `rep` has 2 duties, so there is no "
        "duty 5 [overlay-no-match]"]


def test_replace_naming_an_unknown_group(rep_kb):
    text = "extends: rep\nduties:\n  replace:\n    - {group: 销售工做, position: 1, with: x}\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:15: error: `rep` has no duty group `销售工做`: did you mean `销售工作`? "
        "[overlay-no-match]"]


def test_a_position_without_a_group_when_duties_are_grouped(rep_kb):
    text = "extends: rep\nduties:\n  remove:\n    - position: 1\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:7: error: the duties of `rep` are in groups: add `group:` to say which "
        "group duty 1 is in (its groups: 销售工作, 客户关系) [overlay-target]"]


def test_text_and_position_together(rep_kb):
    text = "extends: rep\nresponsibilities:\n  remove:\n    - {text: 对销售目标负责。, position: 1}\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:7: error: write either `text` or `position` to say which responsibility "
        "you mean, not both [overlay-target]"]


def test_group_outside_duties(rep_kb):
    text = "extends: rep\nauthorities:\n  remove:\n    - {group: 销售工作, position: 1}\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:15: error: `group` only applies to duties, not to authorities "
        "[overlay-target]"]


def test_changing_the_same_duty_twice(rep_kb):
    text = ("extends: rep\nduties:\n  remove:\n    - {group: 销售工作, position: 1}\n"
            "  replace:\n    - {group: 销售工作, text: 开拓新市场。, with: x}\n")
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:6:7: error: duty `开拓新市场。` is already removed or replaced at line 4: "
        "change each duty once [overlay-conflict]"]


def test_adding_to_an_unknown_group(rep_kb):
    text = "extends: rep\nduties:\n  add:\n    - {group: 客户关糸, text: x}\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:15: error: `rep` has no duty group `客户关糸`: did you mean `客户关系`?; to "
        "list the duty after all groups, leave out `group:` [overlay-no-match]"]


def test_unknown_placeholder(rep_kb):
    text = "extends: rep\nvariables: {territory: 上海}\ntitle: 销售员（{teritory}）\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:3:8: error: unknown placeholder `{{teritory}}`: did you mean `{{territory}}`? "
        "(the placeholders are {territory}, {team}, {location}; write {{ and }} for a literal "
        "brace) [unknown-placeholder]"]


def test_placeholder_without_a_value(rep_kb):
    text = "extends: rep\nduties:\n  add:\n    - 负责{team}的培训\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:7: error: placeholder `{{team}}` has no value: add `team: …` under "
        "`variables:`, or pass --set team=… [missing-variable]"]


def test_unknown_variable_name(rep_kb):
    text = "extends: rep\nvariables: {region: 华东}\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:2:13: error: unknown key `region` in variables block (known keys: location, "
        "team, territory) (keys of your own must start with `x-`) [unknown-key]"]


def test_changing_an_unknown_kpi_and_adding_an_existing_one(rep_kb):
    text = ("extends: rep\nkpis:\n  change:\n    - {name: 每周拜访, target: 12 次}\n"
            "  add:\n    - {name: 回款率, target: 100%}\n")
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:4:14: error: `rep` has no KPI named `每周拜访`: did you mean `每周拜访数`? "
        "[overlay-no-match]",
        f"{SHOWN}:6:14: error: `rep` already has a KPI named `回款率`: use `change:` to change "
        "it [overlay-duplicate]"]


def test_removing_an_unknown_skill(rep_kb):
    text = "extends: rep\nskills:\n  remove: [英语]\n"
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:3:12: error: `rep` has no skill named `英语` (its skills: 沟通表达, 商务谈判) "
        "[overlay-no-match]"]


def test_bad_kpi_period_and_skill_level_are_typed(rep_kb):
    text = ("extends: rep\nkpis:\n  change: [{name: 回款率, period: hourly}]\nskills:\n"
            "  change: [{name: 沟通表达, level: 7}]\n")
    assert overlay_errors(rep_kb, text) == [
        f"{SHOWN}:3:32: error: `hourly` is not a valid period: use one of daily, weekly, "
        "monthly, quarterly, yearly [range]",
        f"{SHOWN}:5:32: error: skill level 7 is out of range: use 1–5 or a percentage [range]"]


def test_overlay_named_like_a_role(rep_kb):
    rep_kb.write("custom/boss.yaml", "extends: rep\n")
    assert rep_kb.errors() == [
        "sops/custom/boss.yaml:1:1: error: overlay id `boss` is also a role id "
        "(sops/roles/boss.yaml): name the file after the variant, e.g. `rep-shanghai.yaml` "
        "[duplicate-id]"]


def test_all_mistakes_of_one_overlay_in_one_run(rep_kb):
    text = ("extends: rep\ntitle: '{x}'\nduties:\n  remove: [不存在]\n"
            "  replace:\n    - {text: 也不存在, with: '{y}'}\n")
    codes = [line.rsplit("[", 1)[1] for line in overlay_errors(rep_kb, text)]
    assert codes == ["unknown-placeholder]", "overlay-no-match]", "overlay-no-match]",
                     "unknown-placeholder]"]


# ---------------------------------------------------------------- load → link, like every item
def test_the_loader_keeps_overlays_located_in_the_knowledge_base(rep_kb):
    rep_kb.write(OVERLAY, FULL)
    kb = rep_kb.check().linked.kb
    assert list(kb.overlays) == ["rep-sh"]
    overlay = kb.overlays["rep-sh"]
    assert (overlay.source, overlay.extends, overlay.extends.loc.line) == (SHOWN, "rep", 1)
    assert "rep-sh" not in {item.id for item in kb.items()}  # not an item: no document control


def test_the_linker_applies_each_overlay_to_its_role(rep_kb):
    rep_kb.write(OVERLAY, FULL)
    linked = rep_kb.check().linked
    custom = linked.custom_jds["rep-sh"]
    assert (custom.standard, custom.role.id) == (linked.kb.roles["rep"], "rep")
    assert custom.role.title == "销售员（上海）"
    assert linked.for_custom(custom).doc(custom.role) == custom.doc


def test_an_overlay_outside_the_folder_is_loaded_and_linked_on_request(rep_kb, tmp_path):
    from generator.loader import load_overlay_file
    path = tmp_path / "elsewhere" / "rep-bj.yaml"
    path.parent.mkdir()
    path.write_text(FULL, encoding="utf-8")
    linked = rep_kb.check().linked
    diags = Diagnostics()
    overlay = load_overlay_file(path, diags)
    custom = link_overlay(linked, overlay, diags, {"territory": "北京"})
    assert diags.items == [] and (custom.id, custom.role.title) == ("rep-bj", "销售员（北京）")
    assert linked.custom_jds == {}  # the model itself is unchanged

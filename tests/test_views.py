"""The shared views (generator/views): what the handbook, the portal and onboarding packs
show of each kind of item, computed once."""
from __future__ import annotations

import pytest

from generator.model import Skill
from generator.views.form import form_uses
from generator.views.role import participation, skill_level
from generator.views.workflow import forms_used, numbered_steps

FILES = {
    "roles/clerk.yaml": "title: 文员\ndepartment: sales\nreports_to: boss\nduties: [归档]\n"
                        "routines:\n  - {every: monthly, task: 月末汇总, form: note}\n",
    "forms/sheet.yaml": "title: 登记表\nowner: clerk\nfields:\n  - {id: a, label: 姓名}\n",
    "forms/note.yaml": "title: 备忘单\nowner: clerk\nfields:\n  - {id: a, label: 事项}\n",
    "workflows/flow.yaml": """\
        title: 流程
        owner: boss
        steps:
          - {id: fill, name: 填表, by: clerk, forms: [sheet]}
          - id: check
            name: 审核
            by: boss
            forms: [note, sheet]
            decision:
              - {if: 通过, next: file}
              - {if: 退回, next: redo}
          - {id: redo, name: 重做, by: clerk, next: check}
          - {id: file, name: 归档, by: clerk, end: true}
        """,
}


@pytest.fixture
def linked(make_kb):
    result = make_kb(FILES).check()
    assert result.ok, [d.format() for d in result.diagnostics.errors]
    return result.linked


def test_steps_are_numbered_in_file_order_with_branches_resolved(linked):
    rows = numbered_steps(linked, linked.kb.workflows["flow"])
    assert [(row.number, row.step.id) for row in rows] == [
        (1, "fill"), (2, "check"), (3, "redo"), (4, "file")]
    assert [(b.label, b.target, b.number) for b in rows[1].branches] == [
        ("通过", "file", 4), ("退回", "redo", 3)]
    assert rows[1].form_names == ("备忘单", "登记表")
    assert [form.id for form in rows[1].forms] == ["note", "sheet"]


def test_only_a_next_that_skips_or_goes_back_is_a_jump(linked):
    rows = numbered_steps(linked, linked.kb.workflows["flow"])
    assert [(row.next_number, row.jumps) for row in rows] == [
        (None, False), (None, False), (2, True), (None, False)]


def test_forms_used_in_order_of_first_use_with_their_steps(linked):
    used = forms_used(linked, linked.kb.workflows["flow"])
    assert [(form.id, [row.number for row in rows]) for form, rows in used] == [
        ("sheet", [1, 2]), ("note", [2])]


def test_participation_lists_a_roles_steps_with_numbers_and_letters(linked):
    parts = participation(linked, linked.kb.roles["clerk"])
    assert [(wf.id, [(p.number, p.step.id, p.letters) for p in steps])
            for wf, steps in parts] == [("flow", [(1, "fill", "RA"), (3, "redo", "RA"),
                                                  (4, "file", "RA")])]


def test_form_uses_name_the_step_with_its_number_or_the_routine(linked):
    uses = form_uses(linked, linked.kb.forms["note"])
    assert [(u.kind, u.owner.id, u.what, u.step_number, u.step_id, u.period) for u in uses] == [
        ("step", "flow", "审核", 2, "check", None),
        ("routine", "clerk", "月末汇总", None, None, "monthly")]


@pytest.mark.parametrize("level, text", [("4", "4 / 5"), ("85%", "85%"), (None, None)])
def test_skill_level_text(level, text):
    assert skill_level(Skill(name="沟通", level=level)) == text


def test_the_sample_pack_and_portal_agree_on_participation(sample_result):
    """The onboarding pack's workflow chapter and the portal's role page read one view; the
    pack adds the steps the role takes as an actor standing for it (申请人 of 出差申请流程)."""
    from generator.onboarding.view import _workflow_parts
    linked = sample_result.linked
    role = linked.kb.roles["sales-supervisor"]
    parts = _workflow_parts(linked, role)
    own = [(part.workflow.id, tuple(s for s in part.steps if not s.as_actor)) for part in parts]
    assert [(wf, steps) for wf, steps in own if steps] == [
        (wf.id, tuple(steps)) for wf, steps in participation(linked, role)]
    as_actor = {(part.workflow.id, s.as_actor) for part in parts for s in part.steps
                if s.as_actor}
    assert as_actor == {("business-travel", "applicant")}


@pytest.mark.parametrize("hours, text", [(2.0, "2"), (1.5, "1.5"), (0.25, "0.25"), (None, "")])
def test_hours_read_as_people_write_them(hours, text):
    from generator.views.training import hours_text
    assert hours_text(hours) == text

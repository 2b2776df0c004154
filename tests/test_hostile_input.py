"""Hostile or broken knowledge-base input: each once ended in a traceback or a broken output.

Every case must end in a located message (`file:line:col: error: … [code]`, or `file: …`
where the file has no line to point at) and exit 1, never a traceback.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import contentfiles
from generator.cli import main
from generator.diagrams.render import to_svg
from generator.diagrams.style import MAX_LABEL_CHARS, html_label, plain_label
from generator.diagrams.swimlane import workflow_dot
from generator.i18n import Labels

ROLE = "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: [拜访客户]\n"
WORKFLOW = """\
title: 投诉处理
steps:
  - id: record
    name: {name}
    by: boss
    time_limit: {time_limit}
    decision:
      - if: {branch}
        next: close
      - if: 否
        next: close
  - id: close
    name: 结案
    by: boss
"""
TRAINING = """\
title: 新员工培训
for: [boss]
sessions:
  - id: orientation
    title: 入职培训
    by: hr
    day: 1
    hours: {hours}
"""


def only(lines: list[str], code: str) -> list[str]:
    return [line for line in lines if line.endswith(f"[{code}]")]


# ---------------------------------------------------------------- control characters

CONTROLS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85",
            "\x9f", "\u2028", "\u2029", "\ufffe"]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_control_character_in_a_comment_is_a_located_warning(kb, char):
    kb.write("roles/a.yaml", f"# 备注{char}\n" + ROLE)
    assert kb.lines() == [
        f"sops/roles/a.yaml:1:5: warning: invisible control character U+{ord(char):04X} "
        "outside any value (in a comment?): it is ignored; delete it [control-char]",
    ]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_control_character_in_a_value_is_a_located_error(kb, char):
    kb.write("roles/a.yaml", ROLE.replace("拜访客户", f"拜访{char}客户"))
    assert kb.lines() == [
        f"sops/roles/a.yaml:4:12: error: invisible control character U+{ord(char):04X} in a "
        "value: delete it (often pasted along with text from another program) [control-char]",
    ]


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_unicode_line_breaks_do_not_shift_later_line_numbers(kb, char):
    kb.write("roles/a.yaml", f"# 备注{char}备注\n" + ROLE.replace("sales", "sale"))
    assert only(kb.errors(), "dangling-ref") == [
        "sops/roles/a.yaml:3:13: error: `department` names `sale`, which is not a department "
        "id: did you mean `sales`? [dangling-ref]",
    ]


@pytest.mark.parametrize("escape, name", [(r"\e", "U+001B"), (r"\v", "U+000B"),
                                          (r"\a", "U+0007"), (r"\x7f", "U+007F"),
                                          (r"\N", "U+0085"), (r"\L", "U+2028")])
def test_escaped_control_character_is_named_never_echoed(kb, escape, name):
    kb.write("roles/a.yaml", ROLE + f'summary: "概述{escape}"\n')
    lines = kb.lines()
    assert lines == [
        f"sops/roles/a.yaml:5:10: error: control character {name} in quoted text (an escape "
        "such as `\\e` or `\\x07`): remove the escape; it is invisible and breaks documents "
        "[control-char]",
    ]
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", "".join(lines))


def test_escaped_control_character_in_a_key_is_not_echoed(kb):
    kb.write("roles/a.yaml", ROLE + '"x\\ay": 1\n')
    assert kb.errors() == [
        "sops/roles/a.yaml:5:1: error: control character U+0007 in quoted text (an escape "
        "such as `\\e` or `\\x07`): remove the escape; it is invisible and breaks documents "
        "[control-char]",
        "sops/roles/a.yaml:5:1: error: unknown key `xy` in role (known keys: authorities, "
        "career, classification, department, document, dotted_line_to, duties, extra, "
        "headcount, id, knowledge, kpis, order, qualifications, reports_to, responsibilities, "
        "routines, skills, summary, title, title_en) (keys of your own must start with `x-`) [unknown-key]",
    ]


def test_a_binary_file_lists_ten_control_characters_and_a_count(kb):
    kb.write("roles/a.yaml", ROLE + "summary: a" + "\x01" * 25 + "b\n")
    errors = kb.errors()
    assert len(errors) == 11
    assert errors[0] == (
        "sops/roles/a.yaml:1:1: error: 25 invisible control characters in this file, only the "
        "first 10 of each kind listed: is this really a text file? [control-char]")
    assert errors[1].startswith("sops/roles/a.yaml:5:11: error: invisible control character "
                                "U+0001 in a value")


def test_check_exits_1_with_the_located_message_not_a_traceback(kb):
    kb.write("roles/a.yaml", ROLE.replace("拜访客户", "拜访\x07客户"))
    result = CliRunner().invoke(main, ["check", "--sops", "sops"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert ("sops/roles/a.yaml:4:12: error: invisible control character U+0007 in a value"
            in result.output)


# ---------------------------------------------------------------- numbers

def test_enclosed_digit_as_skill_level(kb):
    kb.write("roles/a.yaml", ROLE + "skills:\n  - name: 沟通\n    level: ①\n")
    assert kb.errors() == [
        'sops/roles/a.yaml:7:12: error: skill level `①` must be 1–5 or a percentage such as '
        '"85%" [range]',
    ]


def test_five_thousand_digit_headcount(kb):
    kb.write("roles/a.yaml", ROLE + "headcount: " + "9" * 5000 + "\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:12: error: `headcount`: a 5,000-digit number is more than the 15 "
        "digits any value here can have: check for a pasted or repeated number [type]",
    ]


@pytest.mark.parametrize("number", ["1234567890123456", "0" * 15 + "1"])
def test_sixteen_digits_are_too_many_leading_zeros_included(kb, number):
    kb.write("roles/a.yaml", ROLE + f"headcount: {number}\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:12: error: `headcount`: a 16-digit number is more than the 15 "
        "digits any value here can have: check for a pasted or repeated number [type]",
    ]


def test_five_thousand_leading_zeros(kb):
    kb.write("roles/a.yaml", ROLE + "headcount: " + "0" * 5000 + "1\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:12: error: `headcount`: a 5,001-digit number is more than the 15 "
        "digits any value here can have: check for a pasted or repeated number [type]",
    ]


@pytest.mark.parametrize("digits", ["٣", "３", "①"])
def test_only_ascii_digits_make_a_whole_number(kb, digits):
    kb.write("roles/a.yaml", ROLE + f"headcount: {digits}\n")
    assert kb.errors() == [
        f"sops/roles/a.yaml:5:12: error: `headcount`: expected a whole number, found "
        f"`{digits}` [type]",
    ]


@pytest.mark.parametrize("hours", ["nan", "NaN", ".nan", "inf", "-inf", ".inf", "infinity",
                                   "1_0", "٣"])
def test_hours_must_be_a_finite_number(kb, hours):
    kb.write("training/t.yaml", TRAINING.format(hours=hours))
    assert kb.errors() == [
        f"sops/training/t.yaml:8:12: error: `hours`: expected a number such as 1.5, found "
        f"`{hours}` [type]",
    ]


def test_hours_overflowing_to_infinity(kb):
    kb.write("training/t.yaml", TRAINING.format(hours="1e999"))
    assert kb.errors() == [
        "sops/training/t.yaml:8:12: error: `hours`: `1e999` is too large to be a number here "
        "[type]",
    ]


def test_hours_with_too_many_digits(kb):
    kb.write("training/t.yaml", TRAINING.format(hours="1." + "5" * 20))
    assert kb.errors() == [
        "sops/training/t.yaml:8:12: error: `hours`: a 21-digit number is more than the 15 "
        "digits any value here can have: check for a pasted or repeated number [type]",
    ]


def test_ordinary_hours_still_read(kb):
    kb.write("training/t.yaml", TRAINING.format(hours="1.5"))
    assert kb.errors() == []
    assert kb.check().linked.kb.training["t"].sessions[0].hours == 1.5


# ---------------------------------------------------------------- dates, time zones

@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2201-01-01", "0001-01-01"])
def test_dates_are_limited_to_1900_to_2200(kb, day):
    kb.write("roles/a.yaml", ROLE + f"document:\n  effective: {day}\n  review_every_months: 12\n")
    assert kb.errors() == [
        f"sops/roles/a.yaml:6:14: error: `effective`: `{day}` is out of range: use a year from "
        "1900 to 2200 [type]",
    ]


def test_last_allowed_date_with_the_longest_review_cycle_is_fine(kb):
    kb.write("roles/a.yaml", ROLE + "document:\n  effective: 2200-12-31\n"
             "  review_every_months: 120\n")
    assert kb.errors() == []


CALENDAR = "calendar:\n  timezone: {zone}\n"


@pytest.mark.parametrize("zone", ["Asia", "Asia/../../etc/passwd", "/etc/passwd", "a" * 600])
def test_time_zone_that_is_a_folder_or_a_path_is_a_located_error(make_kb, zone):
    from tests.conftest import ORG_YAML
    kb = make_kb(org=ORG_YAML + CALENDAR.format(zone=zone))
    errors = kb.errors()
    assert len(errors) == 1
    assert errors[0].startswith("sops/org.yaml:9:13: error: `")
    assert errors[0].endswith("Asia/Shanghai or Asia/Taipei [range]")


def test_time_zone_asia_exact_message(make_kb):
    from tests.conftest import ORG_YAML
    kb = make_kb(org=ORG_YAML + CALENDAR.format(zone="Asia"))
    assert kb.errors() == [
        "sops/org.yaml:9:13: error: `Asia` is a region, not a time zone: add the city, e.g. "
        "Asia/Shanghai or Asia/Taipei [range]",
    ]


def test_a_real_time_zone_is_accepted(make_kb):
    from tests.conftest import ORG_YAML
    assert make_kb(org=ORG_YAML + CALENDAR.format(zone="Asia/Taipei")).errors() == []


# ---------------------------------------------------------------- text length

def test_two_hundred_thousand_character_kpi_name(kb):
    kb.write("roles/a.yaml", ROLE + "kpis:\n  - name: " + "指" * 200_000 + "\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:6:11: error: `name` is 200,000 characters long, over the limit of "
        "10,000 for one value: shorten it, or split it into several entries [too-long]",
    ]


def test_six_hundred_thousand_character_time_limit(kb):
    kb.write("workflows/w.yaml", WORKFLOW.format(name="记录", time_limit="天" * 600_000,
                                                 branch="是"))
    assert kb.errors() == [
        "sops/workflows/w.yaml:6:17: error: `time_limit` is 600,000 characters long, over the "
        "limit of 10,000 for one value: shorten it, or split it into several entries "
        "[too-long]",
    ]


def test_long_text_fields_allow_paragraphs(kb):
    kb.write("roles/a.yaml", ROLE + "summary: " + "述" * 20_000 + "\n")
    assert kb.errors() == []
    kb.write("roles/a.yaml", ROLE + "summary: " + "述" * 50_001 + "\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:10: error: `summary` is 50,001 characters long, over the limit of "
        "50,000 for one value: shorten it, or split it into several entries [too-long]",
    ]


def test_a_long_bad_value_is_cut_in_the_message(kb):
    kb.write("roles/a.yaml", ROLE + "headcount: " + "x" * 5000 + "\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:12: error: `headcount`: expected a whole number, found `"
        + "x" * 59 + "…` [type]",
    ]


# ---------------------------------------------------------------- overlays

def test_overlay_on_a_role_whose_kpi_has_no_name(kb):
    kb.write("roles/rep.yaml", ROLE + "kpis:\n  - target: 5\n")
    kb.write("custom/rep-sh.yaml", "extends: rep\nkpis:\n  change:\n    - name: 拜访数\n"
             "      target: 8\n  add:\n    - target: 3\n")
    assert kb.errors() == [
        "sops/custom/rep-sh.yaml:4:13: error: `rep` has no KPI named `拜访数` (it has no KPIs) "
        "[overlay-no-match]",
        "sops/custom/rep-sh.yaml:7:7: error: KPI is missing required key `name` (指标名称) "
        "[required]",
        "sops/roles/rep.yaml:6:5: error: KPI is missing required key `name` (指标名称) "
        "[required]",
    ]


# ---------------------------------------------------------------- the file system

def test_folder_named_like_a_content_file(kb):
    (kb.root / "roles" / "x.yaml").mkdir()
    assert kb.errors() == [
        "sops/roles/x.yaml: error: `x.yaml` is a folder, not a file: only files are read as "
        "content; rename the folder so its name does not end in .yaml [io]",
    ]


def test_dangling_symbolic_link(kb):
    os.symlink("gone.yaml", kb.root / "roles" / "a.yaml")
    assert kb.errors() == [
        "sops/roles/a.yaml: error: symbolic link to `gone.yaml`, which does not exist: point "
        "it at the real file, or delete it [io]",
    ]


def test_symbolic_link_loop(kb):
    os.symlink("b.yaml", kb.root / "roles" / "a.yaml")
    os.symlink("a.yaml", kb.root / "roles" / "b.yaml")
    assert kb.errors() == [
        "sops/roles/a.yaml: error: symbolic link that loops back on itself: point it at the "
        "real file, or delete it [io]",
        "sops/roles/b.yaml: error: symbolic link that loops back on itself: point it at the "
        "real file, or delete it [io]",
    ]


def test_a_link_to_a_real_file_is_read(kb):
    kb.write("elsewhere/a.yaml", ROLE)
    os.symlink(kb.root / "elsewhere" / "a.yaml", kb.root / "roles" / "a.yaml")
    result = kb.check()
    assert "a" in result.linked.kb.roles


def test_named_pipe_is_never_opened(kb):
    os.mkfifo(kb.root / "roles" / "a.yaml")
    assert kb.errors() == [
        "sops/roles/a.yaml: error: `a.yaml` is a named pipe (FIFO), not an ordinary file: "
        "content files must be ordinary .yaml files [io]",
    ]


def test_org_yaml_that_is_a_folder(make_kb):
    kb = make_kb(org=None)
    (kb.root / "org.yaml").mkdir()
    assert kb.errors() == [
        "sops/org.yaml: error: `org.yaml` is a folder, not a file: only files are read as "
        "content; rename the folder so its name does not end in .yaml [io]",
    ]


def test_kind_folder_that_is_a_file(kb):
    kb.write("workflows", "not a folder")
    assert kb.errors() == [
        "sops/workflows: error: `workflows` should be a folder of items but is a file: make "
        "it a folder, or move it away [io]",
    ]


def test_unreadable_folder(kb, monkeypatch):
    # Tests may run as root, for whom chmod 000 hides nothing: fail the listing instead.
    listing = Path.iterdir

    def refuse(self):
        if self.name == "roles":
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert only(kb.errors(), "io") == [
        "sops/roles: error: cannot read folder: Permission denied; check its permissions [io]",
    ]


def test_too_many_files_in_one_folder(kb, monkeypatch):
    monkeypatch.setattr(contentfiles, "MAX_FILES_PER_FOLDER", 2)
    for name in "abc":
        kb.write(f"roles/{name}.yaml", ROLE)
    assert only(kb.errors(), "too-many-files") == [
        "sops/roles: error: 4 files, over the limit of 2 in one folder: only the first 2 are "
        "read [too-many-files]",
    ]


# ---------------------------------------------------------------- Graphviz input

def test_backslash_escapes_in_content_print_literally(kb):
    kb.write("workflows/w.yaml", WORKFLOW.format(name=r"a\e\N\\b", time_limit=r"1天\l",
                                                 branch="是\\"))
    result = kb.check()
    assert result.ok, result.diagnostics.items
    svg = to_svg(workflow_dot(result.linked, result.linked.kb.workflows["w"],
                              Labels("zh-Hans"), "Noto Sans CJK SC")).decode()
    texts = "".join(re.findall(r">([^<>]*)</text>", svg))
    assert r"a\e\N\\b" in texts
    assert r"1天\l" in texts
    assert "是\\" in texts


def test_labels_are_bounded_and_free_of_control_characters():
    label = html_label(("名" * 600_000, None), ("a\x1bb", "9"))
    assert len(label) < 2_000
    assert "\x1b" not in label
    assert "…" in label
    assert plain_label("是\\") == "是\\\\"
    assert len(plain_label("x" * 100_000)) == MAX_LABEL_CHARS


def test_the_longest_allowed_values_still_lay_out(kb):
    kb.write("workflows/w.yaml", WORKFLOW.format(name="名" * 10_000, time_limit="天" * 10_000,
                                                 branch="是" * 10_000))
    result = kb.check()
    assert result.ok, result.diagnostics.items
    svg = to_svg(workflow_dot(result.linked, result.linked.kb.workflows["w"],
                              Labels("zh-Hans"), "Noto Sans CJK SC"))
    assert svg.startswith(b"<?xml") or b"<svg" in svg


# ---------------------------------------------------------------- found at check, not at build

FORM = "title: 登记表\nowner: boss\nfields:\n  - id: name\n    label: {label}\n    type: text\n"


def test_bel_in_a_form_label_is_refused_before_word_sees_it(kb):
    kb.write("forms/f.yaml", FORM.format(label="姓名\x07"))
    kb.write("roles/a.yaml", ROLE + "routines:\n  - {every: daily, task: 登记, form: f}\n")
    assert kb.errors() == [
        "sops/forms/f.yaml:5:14: error: invisible control character U+0007 in a value: delete "
        "it (often pasted along with text from another program) [control-char]",
    ]


def test_escaped_bel_in_a_form_label_is_refused_before_word_sees_it(kb):
    kb.write("forms/f.yaml", FORM.format(label='"姓名\\a"'))
    kb.write("roles/a.yaml", ROLE + "routines:\n  - {every: daily, task: 登记, form: f}\n")
    assert kb.errors() == [
        "sops/forms/f.yaml:5:12: error: control character U+0007 in quoted text (an escape "
        "such as `\\e` or `\\x07`): remove the escape; it is invisible and breaks documents "
        "[control-char]",
    ]


def test_a_raw_control_character_at_the_end_of_a_value_belongs_to_the_value(kb):
    kb.write("roles/a.yaml", ROLE.replace("销售员", "销售员\x1b"))
    assert kb.errors() == [
        "sops/roles/a.yaml:1:11: error: invisible control character U+001B in a value: delete "
        "it (often pasted along with text from another program) [control-char]",
    ]
    assert kb.check().linked.kb.roles["a"].title == "销售员"


def test_a_control_character_before_a_key_keeps_the_structure(kb):
    kb.write("roles/a.yaml", ROLE + "\x07summary: 概述\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:5:1: error: invisible control character U+0007 in a value: delete "
        "it (often pasted along with text from another program) [control-char]",
    ]


def test_a_bad_sopkit_today_is_a_setup_error_not_a_traceback(monkeypatch):
    from generator.errors import SetupError
    from generator.pipeline import today_for_checks
    monkeypatch.setenv("SOPKIT_TODAY", "9999-99-99")
    with pytest.raises(SetupError, match=r"^SOPKIT_TODAY='9999-99-99' is not a date: write "
                       r"YYYY-MM-DD \(e.g. SOPKIT_TODAY=2026-11-23\), or unset it$"):
        today_for_checks()


@pytest.mark.parametrize("clock", ["０９:00", "٠٩:٠٠", "9:00", "24:00"])
def test_clock_times_are_ascii_hh_mm(make_kb, clock):
    from tests.conftest import ORG_YAML
    kb = make_kb(org=ORG_YAML + f"calendar:\n  workday_start: \"{clock}\"\n")
    assert kb.errors() == [
        f"sops/org.yaml:9:18: error: `{clock}` is not a time of day: write HH:MM, e.g. 09:00 "
        "[range]",
    ]


def _refuse_stat_of(monkeypatch, name: str) -> None:
    """Tests may run as root, whom permissions never stop: refuse like a folder that cannot
    be searched would (pathlib then raises rather than answers)."""
    stat = Path.stat

    def refused(self, *args, **kwargs):
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", refused)


def test_unsearchable_file(kb, monkeypatch):
    kb.write("roles/a.yaml", ROLE)
    _refuse_stat_of(monkeypatch, "a.yaml")
    assert kb.errors() == [
        "sops/roles/a.yaml: error: cannot read file: Permission denied; check its permissions "
        "[io]",
    ]


def test_unsearchable_kind_folder(kb, monkeypatch):
    kb.write("workflows/w.yaml", "title: x\n")
    _refuse_stat_of(monkeypatch, "workflows")
    assert only(kb.errors(), "io") == [
        "sops/workflows: error: cannot read folder: Permission denied; check its permissions "
        "[io]",
    ]


def test_unsearchable_org_yaml(kb, monkeypatch):
    _refuse_stat_of(monkeypatch, "org.yaml")
    assert only(kb.errors(), "io") == [
        "sops/org.yaml: error: cannot read file: Permission denied; check its permissions [io]",
    ]


def test_unreadable_file_contents(kb, monkeypatch):
    kb.write("roles/a.yaml", ROLE)
    read = Path.read_bytes

    def refused(self):
        if self.name == "a.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", refused)
    assert kb.errors() == ["sops/roles/a.yaml: error: cannot read file: Permission denied [io]"]


@pytest.mark.parametrize("body", [
    "# " + "\x01" * 1_000_000 + "\n",
    "summary: |\n" + ("  a\x01b\n" * 200_000),
    "summary: [" + "\x01, " * 300_000 + "]\n",
])
def test_a_file_full_of_control_characters_is_reported_quickly(kb, body):
    kb.write("roles/a.yaml", ROLE + body)
    started = time.perf_counter()
    lines = kb.lines()
    assert time.perf_counter() - started < 20
    assert 1 <= len(only(lines, "control-char")) <= 21
    assert any(line.startswith("sops/roles/a.yaml:1:1: error: ") for line in lines)


def test_suggestions_for_long_text_stay_fast_and_short():
    import random

    from generator.suggest import did_you_mean
    rng = random.Random(1)
    text = "".join(chr(rng.randint(0x4E00, 0x5A00)) for _ in range(10_000))
    candidates = [text[:5000] + "".join(chr(rng.randint(0x4E00, 0x5A00)) for _ in range(5000))
                  for _ in range(20)]
    started = time.perf_counter()
    hint = did_you_mean(text, candidates)
    assert time.perf_counter() - started < 2
    assert hint.startswith(": did you mean `") and len(hint) < 250


def test_overlay_removing_a_long_duty_that_is_not_there(kb):
    duty = "拜访" * 4000
    kb.write("roles/rep.yaml", ROLE.replace("duties: [拜访客户]", f"duties: [{duty}x]"))
    kb.write("custom/rep-sh.yaml", f"extends: rep\nduties:\n  remove:\n    - {duty}y\n")
    errors = kb.errors()
    assert len(errors) == 1
    assert errors[0].startswith("sops/custom/rep-sh.yaml:4:7: error: no duty of `rep` reads `拜访")
    assert len(errors[0]) < 700

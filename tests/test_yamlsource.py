"""The YAML reader: encodings, positions, refusing hostile input, and no type guessing."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

import generator.yamlsource as yamlsource
from generator.diagnostics import Diagnostics, Loc
from generator.fields import Text
from generator.yamlsource import YMap, YScalar, YSeq, read_yaml

# A role that is valid and warning-free in the default fixture KB.
ROLE = "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: [拜访客户]\n"


def read(tmp_path: Path, content: str | bytes, name: str = "a.yaml"):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    diags = Diagnostics()
    return read_yaml(path, name, diags), [d.format() for d in diags.items]


def value_of(node: YMap, key: str):
    return next(v for k, v in node.items if k.text == key)


# ---------------------------------------------------------------- encodings and line ends

def test_utf8_bom_is_tolerated_and_positions_are_unchanged(kb):
    kb.write("roles/a.yaml", "\ufefftitle: 销售员\ndepartment: sale\n".encode("utf-8"))
    assert kb.errors() == [
        "sops/roles/a.yaml:2:13: error: `department` names `sale`, which is not a department "
        "id: did you mean `sales`? [dangling-ref]",
    ]


def test_bom_file_loads_its_first_key(kb):
    kb.write("roles/a.yaml", ("\ufeff" + ROLE).encode("utf-8"))
    assert kb.lines() == []
    assert kb.check().linked.kb.roles["a"].title == "销售员"


def test_crlf_line_ends_are_tolerated_and_positions_are_right(kb):
    kb.write("roles/a.yaml", b"title: x\r\nheadcount: 1\r\ndepartment: sale\r\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:3:13: error: `department` names `sale`, which is not a department "
        "id: did you mean `sales`? [dangling-ref]",
    ]


def test_crlf_does_not_leak_into_block_scalars(kb):
    kb.write("roles/a.yaml", ROLE.replace("\n", "\r\n").encode("utf-8")
             + b"summary: |\r\n  first\r\n  second\r\n")
    assert kb.lines() == []
    assert kb.check().linked.kb.roles["a"].summary == "first\nsecond\n"


def test_yml_suffix_is_read(kb):
    kb.write("roles/a.yml", "title: x\ndepartment: sale\n")
    assert kb.errors() == [
        "sops/roles/a.yml:2:13: error: `department` names `sale`, which is not a department "
        "id: did you mean `sales`? [dangling-ref]",
    ]


def test_gbk_file_is_reported_as_gbk_with_its_position(kb):
    kb.write("roles/a.yaml", "title: 销售员\ndepartment: sales\n".encode("gbk"))
    assert kb.lines() == [
        "sops/roles/a.yaml:1:8: error: file is not UTF-8: it looks like GBK/GB18030, which "
        "Windows editors in China often save: re-save it as UTF-8 (in Notepad: Save As, "
        "Encoding: UTF-8) [encoding]",
    ]


def test_gbk_position_counts_lines_before_the_bad_byte(kb):
    kb.write("roles/a.yaml", b"department: sales\ntitle: " + "客户经理".encode("gbk") + b"\n")
    assert kb.errors()[0].startswith("sops/roles/a.yaml:2:8: error: file is not UTF-8: "
                                     "it looks like GBK/GB18030")


def test_bytes_that_are_neither_utf8_nor_gbk_get_the_plain_hint(tmp_path):
    node, lines = read(tmp_path, b"title: \xff\xff\xff\n")
    assert node is None
    assert lines == ["a.yaml:1:8: error: file is not UTF-8: re-save it as UTF-8 [encoding]"]


# ---------------------------------------------------------------- shapes of a file

@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file_is_an_error(kb, content):
    kb.write("roles/a.yaml", content)
    assert kb.lines() == [
        "sops/roles/a.yaml:1:1: error: file is empty: write the item's fields, or delete the file "
        "(`sopkit new` scaffolds one) [empty-file]",
    ]


def test_top_level_list_is_an_error(kb):
    kb.write("roles/a.yaml", "# a comment first\n- title: x\n  department: sales\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:2:1: error: the file's top level is a list: an item is written as "
        "`key: value` lines (e.g. `title: …`), not `- …` [top-level-list]",
    ]


def test_top_level_scalar_is_an_error(kb):
    kb.write("roles/a.yaml", "销售员\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:1:1: error: the file's top level is a single value: an item is "
        "written as `key: value` lines (e.g. `title: …`) [type]",
    ]


def test_org_yaml_as_a_list_is_an_error(make_kb):
    kb = make_kb(org="- organization: x\n")
    assert kb.errors() == [
        "sops/org.yaml:1:1: error: the file's top level is a list: an item is written as "
        "`key: value` lines (e.g. `title: …`), not `- …` [top-level-list]",
    ]


def test_yaml_syntax_error_has_its_position(kb):
    kb.write("roles/a.yaml", "title: x\n  department: sales\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:2:13: error: YAML syntax error: mapping values are not allowed in "
        "this context; check indentation, colons and quotes near here [yaml-syntax]",
    ]


def test_unclosed_flow_list_names_where_it_started(kb):
    kb.write("roles/a.yaml", "title: x\ndepartment: [sales\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 2); check indentation, colons and "
        "quotes near here [yaml-syntax]",
    ]


def test_syntax_error_in_one_file_does_not_hide_errors_in_others(kb):
    kb.write("roles/a.yaml", "title: x\n  department: sales\n")
    kb.write("roles/b.yaml", "title: x\ndepartment: sale\nreports_to: boss\nduties: [a]\n")
    assert [line.split(": error")[0] for line in kb.errors()] == [
        "sops/roles/a.yaml:2:13", "sops/roles/b.yaml:2:13"]


def test_two_documents_in_one_file_are_refused(kb):
    kb.write("roles/a.yaml", "title: x\ndepartment: sales\n---\ntitle: y\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:3:1: error: more than one YAML document (`---`) in one file: put "
        "each item in its own file [multiple-documents]",
    ]


def test_a_single_explicit_document_marker_is_fine(kb):
    kb.write("roles/a.yaml", "---\n" + ROLE)
    assert kb.lines() == []


# ---------------------------------------------------------------- duplicate keys

def test_duplicate_key_names_both_positions(kb):
    kb.write("roles/a.yaml", ROLE + "title: 客户经理\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:5:1: error: duplicate key `title` (first written at line 1): remove "
        "or merge one of them [duplicate-key]",
    ]


def test_duplicate_key_keeps_the_first_value(kb):
    kb.write("roles/a.yaml", ROLE + "title: 客户经理\n")
    assert kb.check().linked.kb.roles["a"].title == "销售员"


def test_duplicate_key_in_a_nested_mapping(kb):
    kb.write("roles/a.yaml", ROLE + "qualifications:\n  education: 大专\n  education: 本科\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:7:3: error: duplicate key `education` (first written at line 6): "
        "remove or merge one of them [duplicate-key]",
    ]


def test_same_key_in_different_mappings_is_not_a_duplicate(tmp_path):
    node, lines = read(tmp_path, "a: {name: x}\nb: {name: y}\n")
    assert lines == []
    assert [k.text for k, _ in node.items] == ["a", "b"]


def test_reader_keeps_first_duplicate_value(tmp_path):
    node, lines = read(tmp_path, "k: first\nk: second\n")
    assert lines == ["a.yaml:2:1: error: duplicate key `k` (first written at line 1): "
                     "remove or merge one of them [duplicate-key]"]
    assert [(k.text, v.text) for k, v in node.items] == [("k", "first")]


# ---------------------------------------------------------------- hostile input

def billion_laughs(levels: int = 9) -> str:
    lines = ["title: x", "department: sales", "x-bomb:",
             '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"  {name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly(kb):
    kb.write("roles/a.yaml", billion_laughs())
    started = time.perf_counter()
    lines = kb.lines()
    assert time.perf_counter() - started < 0.5
    assert lines == [
        "sops/roles/a.yaml:9:6: error: the document expands to more than 200000 values "
        "(aliases repeated inside aliases?): refused [alias-bomb]",
    ]


def test_alias_inside_its_own_anchor_is_refused_not_a_crash(kb):
    kb.write("roles/a.yaml", "x-loop: &a [1, *a]\n" + ROLE)
    assert kb.lines() == [
        "sops/roles/a.yaml:1:16: error: alias *a is used inside the value it names, so it "
        "would expand forever: refused [alias-bomb]",
    ]


def test_alias_inside_its_own_mapping_is_refused(tmp_path):
    node, lines = read(tmp_path, "x: &m {child: {parent: *m}}\n")
    assert node is None
    assert lines == ["a.yaml:1:24: error: alias *m is used inside the value it names, so it "
                     "would expand forever: refused [alias-bomb]"]


def test_ordinary_aliases_are_expanded(tmp_path):
    node, lines = read(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert lines == []
    assert [item.text for item in value_of(node, "b").items] == ["1", "2"]


def test_undefined_alias_is_a_syntax_error(kb):
    kb.write("roles/a.yaml", "x-a: *nothing\n" + ROLE)
    assert kb.lines() == [
        "sops/roles/a.yaml:1:6: error: alias *nothing names no anchor defined before it "
        "[yaml-syntax]",
    ]


def test_deep_nesting_is_refused_without_recursion_error(kb):
    kb.write("roles/a.yaml", "title: x\nx-deep: " + "[" * 10_000 + "]" * 10_000 + "\n")
    started = time.perf_counter()
    lines = kb.lines()
    assert time.perf_counter() - started < 0.5
    # The root mapping plus 63 lists is the limit; the 64th `[` (column 8 + 64) is refused.
    assert lines == [
        "sops/roles/a.yaml:2:72: error: nesting deeper than 64 levels: SOP content never needs "
        "this; flatten the structure [too-deep]",
    ]


def test_unclosed_deep_nesting_is_refused_too(kb):
    kb.write("roles/a.yaml", "title: x\nx-deep: " + "[" * 10_000 + "\n")
    assert [line.rsplit(" ", 1)[1] for line in kb.lines()] == ["[too-deep]"]


def test_nesting_at_the_limit_is_accepted(tmp_path):
    # root mapping + 63 lists = 64 levels
    node, lines = read(tmp_path, "x: " + "[" * 63 + "]" * 63 + "\n")
    assert lines == []
    assert isinstance(node, YMap)


def test_file_over_the_size_limit_is_refused(kb, monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 1024)
    kb.write("roles/a.yaml", ROLE + "x-pad: " + "a" * 1100 + "\n")
    assert kb.errors() == [
        "sops/roles/a.yaml:1:1: error: file is 2 KiB, over the 1 KiB limit for one content file: "
        "split it into several items [too-large]",
    ]


def test_file_at_the_size_limit_is_read(kb, monkeypatch):
    text = ROLE + "x-pad: "
    text += "a" * (1024 - len(text.encode("utf-8")) - 1) + "\n"
    assert len(text.encode("utf-8")) == 1024
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 1024)
    kb.write("roles/a.yaml", text)
    assert kb.lines() == []


def test_real_file_just_over_two_mib_is_refused_quickly(kb):
    kb.write("roles/a.yaml", ROLE + "x-pad: " + "a" * (2 * 1024 * 1024) + "\n")
    started = time.perf_counter()
    lines = kb.lines()
    assert time.perf_counter() - started < 0.5
    assert lines == [
        "sops/roles/a.yaml:1:1: error: file is 2049 KiB, over the 2048 KiB limit for one content "
        "file: split it into several items [too-large]",
    ]


def test_python_tag_is_refused_and_never_executed(kb, tmp_path):
    kb.write("roles/a.yaml", 'title: !!python/object/apply:os.system ["touch pwned"]\n'
                             "department: sales\n")
    assert kb.lines() == [
        "sops/roles/a.yaml:1:8: error: YAML tag `!!python/object/apply:os.system` is not "
        "allowed: content is plain data [yaml-tag]",
    ]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("tagged, shown", [
    ("!custom x", "!custom"),
    ("!!int 5", "!!int"),
    ("!!map {a: b}", None),   # standard mapping tag: harmless
    ("!!str 5", None),
])
def test_only_plain_data_tags_are_allowed(tmp_path, tagged, shown):
    node, lines = read(tmp_path, f"k: {tagged}\n")
    if shown is None:
        assert lines == []
    else:
        assert lines == [f"a.yaml:1:4: error: YAML tag `{shown}` is not allowed: content is "
                         "plain data [yaml-tag]"]


def test_a_key_that_is_a_mapping_is_refused(tmp_path):
    node, lines = read(tmp_path, "? {a: b}\n: c\n")
    assert node is None
    assert lines == ["a.yaml:1:3: error: a key must be plain text, not a list or mapping "
                     "[yaml-syntax]"]


def test_unreadable_path_is_reported(tmp_path):
    diags = Diagnostics()
    assert read_yaml(tmp_path / "missing.yaml", "missing.yaml", diags) is None
    assert [d.format() for d in diags.items] == [
        "missing.yaml: error: cannot read file: No such file or directory [io]"]


# ---------------------------------------------------------------- positions and no type guessing

def test_nodes_keep_line_and_column(tmp_path):
    node, _ = read(tmp_path, "title: x\nsteps:\n  - id: a\n    name: 第一步\n")
    steps = value_of(node, "steps")
    assert isinstance(steps, YSeq)
    first = steps.items[0]
    assert first.loc == Loc("a.yaml", 3, 5)
    assert value_of(first, "name").loc == Loc("a.yaml", 4, 11)


def test_scalars_keep_their_text_and_quoting(tmp_path):
    node, _ = read(tmp_path, "a: no\nb: 'no'\nc: 1.10\nd: ~\n")
    a, b, c, d = (value_of(node, k) for k in "abcd")
    assert isinstance(a, YScalar) and (a.text, a.plain) == ("no", True)
    assert (b.text, b.plain) == ("no", False)
    assert c.text == "1.10"
    assert d.is_null and not b.is_null


def test_version_is_never_read_as_a_number(kb):
    kb.write("roles/a.yaml", ROLE + "document:\n  version: 1.10\n")
    assert kb.lines() == []
    version = kb.check().linked.kb.roles["a"].document.version
    assert version == "1.10" and isinstance(version, Text)


def test_no_is_never_read_as_false(kb):
    kb.write("roles/a.yaml", ROLE.replace("title: 销售员", "title: no"))
    assert kb.check().linked.kb.roles["a"].title == "no"


def test_date_looking_text_stays_text(kb):
    kb.write("roles/a.yaml", ROLE + "summary: 2026-01-01\nknowledge: [1.0, yes, 0x1F]\n")
    role = kb.check().linked.kb.roles["a"]
    assert kb.lines() == []
    assert role.summary == "2026-01-01" and isinstance(role.summary, Text)
    assert role.knowledge == ("1.0", "yes", "0x1F")


def test_text_remembers_where_it_was_written(kb):
    kb.write("roles/a.yaml", ROLE)
    role = kb.check().linked.kb.roles["a"]
    assert role.title.loc == Loc("sops/roles/a.yaml", 1, 8)
    assert role.duties[0].loc == Loc("sops/roles/a.yaml", 4, 10)

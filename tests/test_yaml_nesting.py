"""Deep nesting gets sopkit's own located `[too-deep]` message, whatever libyaml is installed.

PyYAML 6.0.4 bundles a libyaml whose scanner refuses deep flow nesting by itself, far ahead of
the events sopkit reads; 6.0.3 does not. The message and its line:column must not depend on
which one a user has: the last test runs these checks under both releases.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.flowdepth import first_too_deep
from generator.yamlsource import MAX_DEPTH, read_yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
TOO_DEEP = ("nesting deeper than 64 levels: SOP content never needs this; "
            "flatten the structure [too-deep]")


def messages(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    diags = Diagnostics()
    read_yaml(path, "a.yaml", diags)
    return [d.format() for d in diags.items]


def test_deep_flow_list_is_refused_at_the_65th_level(tmp_path):
    # root mapping = level 1, so the 64th `[` (column 8 + 64) opens level 65
    text = "title: x\nx-deep: " + "[" * 5000 + "]" * 5000 + "\n"
    assert messages(tmp_path, text) == [f"a.yaml:2:72: error: {TOO_DEEP}"]


def test_deep_flow_mappings_are_refused_at_the_same_level(tmp_path):
    text = "x: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n"
    # `{a: ` is 4 characters: the 64th `{` opens level 65
    assert messages(tmp_path, text) == [f"a.yaml:1:{4 + 63 * 4}: error: {TOO_DEEP}"]


def test_brackets_inside_quotes_and_comments_do_not_count(tmp_path):
    opened = "[" * 30
    text = ("a:\n  b: " + opened + "'[[[[ it''s ]]' , \"[[\\\"[[\", " + opened + "[" * 4000
            + "]" * 4064 + "\n")
    # levels: the root mapping, b's mapping, 30 + 30 lists, then the third of the last run
    column = len("  b: ") + 30 + len("'[[[[ it''s ]]' , \"[[\\\"[[\", ") + 30 + 3
    assert messages(tmp_path, text) == [f"a.yaml:2:{column}: error: {TOO_DEEP}"]


def test_deep_block_nesting_is_refused_by_sopkits_own_check(tmp_path):
    text = "".join(" " * level + f"k{level}:\n" for level in range(80)) + " " * 80 + "v\n"
    assert messages(tmp_path, text) == [f"a.yaml:65:65: error: {TOO_DEEP}"]


def test_nesting_at_the_limit_is_read(tmp_path):
    text = "x: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert messages(tmp_path, text) == []


def test_scan_reports_nothing_when_the_limit_is_not_passed():
    text = "x: [[1], {a: [2]}]\n"  # deepest: mapping, list, flow mapping, list = 4 levels
    assert first_too_deep(text, 0, 0, 1, 4) is None
    assert first_too_deep(text, 0, 0, 1, 3) == (1, 14)
    assert first_too_deep(text, 0, 0, 1, 2) == (1, 5)


NESTING_TESTS = [
    "tests/test_yaml_nesting.py::test_deep_flow_list_is_refused_at_the_65th_level",
    "tests/test_yaml_nesting.py::test_deep_flow_mappings_are_refused_at_the_same_level",
    "tests/test_yaml_nesting.py::test_brackets_inside_quotes_and_comments_do_not_count",
    "tests/test_yaml_nesting.py::test_deep_block_nesting_is_refused_by_sopkits_own_check",
    "tests/test_yamlsource.py::test_deep_nesting_is_refused_without_recursion_error",
    "tests/test_yamlsource.py::test_unclosed_deep_nesting_is_refused_too",
    "tests/test_yamlsource.py::test_nesting_at_the_limit_is_accepted",
]


@pytest.mark.parametrize("pyyaml", ["6.0.3", "6.0.4"])
def test_nesting_checks_pass_under_both_pyyaml_releases(tmp_path, pyyaml):
    """Install the release beside the project (PyPI, as the set-up commands do) and rerun."""
    target = tmp_path / "pyyaml"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--only-binary", ":all:", "--target", str(target), f"PyYAML=={pyyaml}"],
                   check=True, capture_output=True, text=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(PROJECT_DIR)])}
    probe = subprocess.run([sys.executable, "-c", "import yaml; print(yaml.__version__, "
                            "yaml.__with_libyaml__)"], env=env, capture_output=True, text=True,
                           check=True)
    assert probe.stdout.split() == [pyyaml, "True"]
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          *NESTING_TESTS], cwd=PROJECT_DIR, env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stdout[-3000:]
    assert f"{len(NESTING_TESTS)} passed" in run.stdout

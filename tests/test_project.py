"""The project around the code: README set-up commands, CI script, locale catalogs, and no
output labels or punctuation hard-coded in Python or templates."""
from __future__ import annotations

import importlib.metadata
import io
import os
import re
import string
import sys
import tokenize
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import PROJECT_DIR
from generator.i18n import Labels, available_locales

README = PROJECT_DIR / "README.md"
LOCALES = PROJECT_DIR / "generator" / "locales"
FENCED = re.compile(r"<!-- (build|test)-command -->\n```(?:sh|bash)\n(.*?)\n```", re.S)
# Chinese characters, and the punctuation that goes with them (、；（）：「」 and the
# ideographic space): either is a label or separator that belongs in the catalogs.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def setup_commands() -> dict[str, str]:
    return {name: body for name, body in FENCED.findall(README.read_text(encoding="utf-8"))}


# ---------------------------------------------------------------- README and CI

def test_readme_has_exactly_two_marked_setup_commands():
    text = README.read_text(encoding="utf-8")
    assert text.count("<!-- build-command -->") == 1
    assert text.count("<!-- test-command -->") == 1
    commands = setup_commands()
    assert sorted(commands) == ["build", "test"]
    for body in commands.values():
        assert "\n" not in body, "each set-up command is one line to copy"


@pytest.mark.parametrize("name", ["build", "test"])
def test_setup_commands_use_apt_get_and_the_venv(name):
    command = setup_commands()[name]
    assert command.startswith("apt-get update && ")
    assert "apt-get install -y" in command
    assert "python3-venv" in command
    assert "python3 -m venv .venv" in command
    assert ".venv/bin/pip install -c constraints.txt -e " in command


def test_build_command_runs_sopkit_build():
    assert setup_commands()["build"].endswith(" && .venv/bin/sopkit build")


def test_test_command_runs_pytest_with_test_extras():
    command = setup_commands()["test"]
    assert ".venv/bin/pip install -c constraints.txt -e '.[test]'" in command
    assert command.endswith(" && .venv/bin/python -m pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash\n")
    assert setup_commands()["test"] in ci.splitlines()


def test_ci_script_is_executable():
    assert (PROJECT_DIR / ".ci" / "run").stat().st_mode & 0o111


# ---------------------------------------------------------------- the lock

def locked_versions() -> dict[str, str]:
    lines = (PROJECT_DIR / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("==") for line in lines if line and not line.startswith("#"))
    return {canonicalize_name(name): version for name, version in pairs}


def declared_requirements() -> list[Requirement]:
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text("utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(text) for text in project["dependencies"] + extras]


def test_lock_pins_every_declared_requirement_within_its_range():
    locked = locked_versions()
    for requirement in declared_requirements():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(locked[name]), (requirement, locked[name])


@pytest.mark.skipif(bool(os.environ.get("SOPKIT_LOCK_REFRESH")),
                    reason=".ci/refresh-lock runs the tests on newer releases on purpose")
def test_the_tests_run_on_the_locked_versions():
    installed = {canonicalize_name(d.metadata["Name"]): d.version
                 for d in importlib.metadata.distributions()}
    differing = {name: (version, installed.get(name)) for name, version in
                 locked_versions().items() if installed.get(name) != version}
    assert differing == {}, "install with `pip install -c constraints.txt` (README)"


def test_project_skeleton_exists():
    for name in ("sops", "templates", "generator", "site", "tests", "mkdocs.yml",
                 "pyproject.toml", "README.md", ".ci/run", "docs/format.md", "CHANGELOG.md"):
        assert (PROJECT_DIR / name).exists(), name


# ---------------------------------------------------------------- locale catalogs

def load_catalog(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


CATALOGS = {p.stem: load_catalog(p) for p in sorted(LOCALES.glob("*.yaml"))}


def test_three_catalogs_exist():
    assert sorted(CATALOGS) == ["en", "zh-Hans", "zh-Hant"] == available_locales()


@pytest.mark.parametrize("locale", sorted(CATALOGS))
def test_catalog_keys_are_strings_and_values_non_empty_strings(locale):
    catalog = CATALOGS[locale]
    assert isinstance(catalog, dict) and catalog
    bad_keys = [k for k in catalog if not isinstance(k, str)]
    assert bad_keys == [], "quote keys such as yes/no/on, or YAML reads them as booleans"
    bad_values = [k for k, v in catalog.items() if not isinstance(v, str) or not v.strip()]
    assert bad_values == []


def test_catalogs_have_identical_keys():
    reference = set(CATALOGS["zh-Hans"])
    for locale, catalog in CATALOGS.items():
        assert set(catalog) == reference, (locale, set(catalog) ^ reference)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Keys given the same value in several spellings, of which each language picks one: a
# chapter's number as an Arabic numeral ({n}: Chapter 1) or a Chinese one ({cn}: 第一章).
ALTERNATIVE_PLACEHOLDERS = {"chapter_number": {"n", "cn"}}


def test_catalogs_use_the_same_placeholders():
    for key, value in CATALOGS["zh-Hans"].items():
        expected = _placeholders(value)
        for locale, catalog in CATALOGS.items():
            used = _placeholders(catalog[key])
            if key in ALTERNATIVE_PLACEHOLDERS:
                assert len(used) == 1 and used <= ALTERNATIVE_PLACEHOLDERS[key], (locale, key)
            else:
                assert used == expected, (locale, key)


def test_labels_follow_the_locale():
    assert Labels("zh-Hans")("reports_to") == "直接上级"
    assert Labels(None)("reports_to") == "直接上级"
    assert Labels("en")("reports_to") == CATALOGS["en"]["reports_to"]
    assert Labels("zh-Hant")("duties") == CATALOGS["zh-Hant"]["duties"]


def test_label_with_values():
    assert Labels("zh-Hans")("page_x_of_y", page=3, pages=9) == "第 3 页 共 9 页"


def test_missing_label_is_a_bug_and_raises():
    with pytest.raises(KeyError):
        Labels("en")("no-such-label")


# ---------------------------------------------------------------- no hard-coded labels

_SKIP_BEFORE_DOCSTRING = {tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE, tokenize.NL,
                          tokenize.ENCODING, tokenize.COMMENT}
_STRING_TYPES = {tokenize.STRING} | ({tokenize.FSTRING_MIDDLE}
                                     if sys.version_info >= (3, 12) else set())


def chinese_only_literals(source: str) -> list[tuple[int, str]]:
    """String literals that are Chinese text and nothing else: labels, which belong in the
    catalogs. Skipped: docstrings, comments, `doc=` field documentation (shown to writers by
    their editor), and English messages that quote a Chinese term (e.g. "no duties (工作内容)")."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)]
    found = []
    previous_significant = None
    in_doc_argument = False
    for index, token in enumerate(tokens):
        if token.type in _STRING_TYPES:
            standalone = previous_significant is None or previous_significant.type in (
                tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE)
            if not standalone and not in_doc_argument and CJK.search(token.string):
                text = re.sub(r"^[rbuRBUfF]*('''|\"\"\"|'|\")|('''|\"\"\"|'|\")$", "",
                              token.string)
                if not re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", text)):
                    found.append((token.start[0], token.string))
        elif token.type == tokenize.NAME and token.string == "doc":
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            in_doc_argument = bool(nxt and nxt.string == "=")
            previous_significant = token
            continue
        if token.type not in _SKIP_BEFORE_DOCSTRING:
            if token.type not in _STRING_TYPES and token.string != "=":
                in_doc_argument = False
            previous_significant = token
        elif token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            previous_significant = token
    return found


def test_scanner_finds_a_hard_coded_label_and_skips_documentation():
    source = '''"""模块说明"""
x = "直接上级"  # 注释
y = f"第 {n} 页"
c = f"{label}：{value}"
z = "role has no duties (工作内容)"
title = spec(required=True, doc="职位名称")
def f():
    """函数说明"""
    return ["岗位", 'ok']
'''
    assert chinese_only_literals(source) == [(2, '"直接上级"'), (3, 'f"第 {n} 页"'),
                                             (4, 'f"{label}：{value}"'), (9, '"岗位"')]


PYTHON_FILES = sorted((PROJECT_DIR / "generator").rglob("*.py"))


@pytest.mark.parametrize("path", PYTHON_FILES,
                         ids=lambda p: str(p.relative_to(PROJECT_DIR / "generator")))
def test_no_chinese_labels_hard_coded_in_generator(path):
    assert chinese_only_literals(path.read_text(encoding="utf-8")) == []



JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def template_labels(text: str) -> list[tuple[int, str]]:
    """Lines of a template with Chinese text or full-width punctuation outside `{# #}`
    comments, in markup or in an expression alike: an `en` handbook once got 、；（）：
    from template text. Comments may quote a Chinese term to explain themselves."""
    blanked = JINJA_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return [(number, line.strip()) for number, line in enumerate(blanked.splitlines(), 1)
            if CJK.search(line)]


def test_template_scanner_finds_text_and_punctuation_and_skips_comments():
    template = ('{# 注释：说明 #}\n<dd>{{ a }}（{{ b }}）</dd>\n{{ t("x") if y else "无" }}\n'
                '{{ items|join("、") }}\n{{ t("list_separator") }}\n')
    assert [number for number, _ in template_labels(template)] == [2, 3, 4]


# `sopkit new` writes a starting file for a writer to replace: its Chinese is content.
TEMPLATE_FILES = sorted(p for p in (PROJECT_DIR / "templates").rglob("*")
                        if p.suffix in (".j2", ".html", ".md") and "scaffold" not in p.parts)


def test_templates_are_found():
    names = {p.name for p in TEMPLATE_FILES}
    assert {"macros.html.j2", "pack_sections.html.j2", "macros.md.j2"} <= names


@pytest.mark.parametrize("path", TEMPLATE_FILES,
                         ids=lambda p: str(p.relative_to(PROJECT_DIR / "templates")))
def test_no_labels_or_punctuation_hard_coded_in_templates(path):
    assert template_labels(path.read_text(encoding="utf-8")) == []

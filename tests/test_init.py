"""`sopkit init`, `sopkit new` in the base it made, and commands run from inside a base."""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main

TODAY = ["--today", "2026-11-23"]


def sopkit(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=True)


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_without_a_terminal_asks_nothing_and_the_base_passes_strict_and_builds(empty):
    result = sopkit("init")  # CliRunner's stdin is no terminal
    assert result.exit_code == 0, result.output
    assert "组织名称" not in result.output  # nothing was asked
    assert "next: replace the 待填写 parts, then run `sopkit check`\n" in result.stderr  # no "in ."
    assert result.stdout.splitlines()[:7] == [
        "wrote sops/org.yaml", "wrote sops/roles/general-manager.yaml",
        "wrote sops/workflows/sample-workflow.yaml", "wrote sops/training/sample-training.yaml",
        "wrote sops/forms/sample-form.yaml", "wrote sops/policies/sample-policy.yaml",
        "wrote sops/approvals/sample-approval.yaml"]
    org = yaml.safe_load((empty / "sops/org.yaml").read_text(encoding="utf-8"))
    assert org["organization"]["name"] == empty.name
    assert org["departments"] == [{"id": "general", "name": "综合管理部",
                                   "head": "general-manager"}]
    assert org["locale"] == "zh-Hans"
    assert (empty / "sops/.schema/role.schema.json").is_file()
    check = sopkit("check", "--strict", *TODAY)
    assert check.exit_code == 0, check.output
    assert check.stderr == "7 files checked: 0 errors, 0 warnings\n"
    build = sopkit("build", "-q", "--only", "json,pdf", *TODAY)
    assert build.exit_code == 0, build.output
    data = json.loads((empty / "dist/sops.json").read_text(encoding="utf-8"))
    assert set(data["roles"]) == {"general-manager"}
    text = "".join(page.extract_text() for page in PdfReader(empty / "dist/handbook.pdf").pages)
    assert "综合管理部" in text


def test_init_takes_flags_and_quotes_names_yaml_would_misread(empty):
    result = sopkit("init", "shop", "--organization", "华游: 游乐 #1", "--department", "财务部",
                    "--locale", "en")
    assert result.exit_code == 0, result.output
    org = yaml.safe_load((empty / "shop/sops/org.yaml").read_text(encoding="utf-8"))
    assert org["organization"]["name"] == "华游: 游乐 #1"
    assert org["departments"][0]["id"] == "finance"  # 财务部 → finance, not asked
    assert org["locale"] == "en"
    assert (empty / "shop/sops/roles/finance-manager.yaml").is_file()
    assert "then run `sopkit check` in shop\n" in result.stderr


def test_init_asks_at_a_terminal(empty, monkeypatch):
    # CliRunner feeds stdin from a string; the module's own test for a terminal says yes
    monkeypatch.setattr(importlib.import_module("generator.cli.init"), "at_terminal",
                        lambda: True)
    result = sopkit("init", stdin="财务科技\n财务部\n\nzh-Hant\n")
    assert result.exit_code == 0, result.output
    assert "组织名称 (organisation)" in result.output
    org = yaml.safe_load((empty / "sops/org.yaml").read_text(encoding="utf-8"))
    assert (org["organization"]["name"], org["departments"][0]["id"], org["locale"]) == (
        "财务科技", "finance", "zh-Hant")


def test_init_refuses_a_folder_that_already_has_a_base(empty):
    assert sopkit("init").exit_code == 0
    again = sopkit("init")
    assert again.exit_code == 2
    assert "Error: sops/org.yaml already exists: this folder already holds a knowledge " \
           "base; run `sopkit check` there, or init another folder" in again.stderr


def test_new_fills_the_department_and_manager_of_the_base_and_passes_strict(empty):
    sopkit("init", "--department", "财务部")
    result = sopkit("new", "role", "cashier")
    assert result.exit_code == 0, result.output
    role = yaml.safe_load((empty / "sops/roles/cashier.yaml").read_text(encoding="utf-8"))
    assert (role["department"], role["reports_to"]) == ("finance", "finance-manager")
    for kind in ("workflow", "training", "form", "policy", "approval"):
        assert sopkit("new", kind, f"my-{kind}").exit_code == 0
    # the new form is used nowhere yet: that warning is the one thing left to do
    check = sopkit("check", "--strict", *TODAY)
    assert check.stderr.splitlines() == [
        "sops/forms/my-form.yaml:1:1: warning: form `my-form` is used nowhere: list it in a "
        "workflow step's `forms`, a routine's `form` or a training session's `materials` "
        "[unused-form]",
        "13 files checked: 0 errors, 1 warning"]


def test_new_without_org_yaml_refuses_instead_of_inventing_ids(empty):
    result = sopkit("new", "role", "cashier")
    assert result.exit_code == 2
    assert "Error: no org.yaml in `sops`: start a knowledge base with `sopkit init`, or pass " \
           "--sops DIR" in result.stderr
    assert not (empty / "sops/roles/cashier.yaml").exists()


def test_commands_find_the_base_from_inside_it(empty, monkeypatch):
    sopkit("init", "--department", "财务部")
    (empty / "sops/roles/finance-manager.yaml").write_text(
        "title: 经理\ndepartment: finanse\nduties: [管理]\n", encoding="utf-8")
    monkeypatch.chdir(empty / "sops" / "roles")
    result = sopkit("check", *TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "finance-manager.yaml:2:13: error: `department` names `finanse`, which is not a "
        "department id: did you mean `finance`? [dangling-ref]")
    monkeypatch.chdir(empty / "sops")
    assert sopkit("check", *TODAY).stderr.splitlines()[0].startswith(
        "roles/finance-manager.yaml:2:13: error: ")


def test_build_from_inside_the_base_writes_beside_it(empty, monkeypatch):
    sopkit("init")
    monkeypatch.chdir(empty / "sops")
    result = sopkit("build", "-q", "--only", "json", *TODAY)
    assert result.exit_code == 0, result.output
    assert (empty / "dist/sops.json").is_file()
    assert not (empty / "sops/dist").exists()

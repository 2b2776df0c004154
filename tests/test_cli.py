"""The `sopkit` command line: exit codes, output formats, atomic builds, schema and new."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.build
from conftest import PROJECT_DIR, SAMPLE_SOPS
from generator.cli import main
from generator.renderers import json_renderer

TODAY = ["--today", "2026-11-23"]
ROLE = "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: [拜访客户]\n"


def sopkit(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def sample_file_count() -> int:
    return sum(1 for p in SAMPLE_SOPS.rglob("*") if p.suffix in (".yaml", ".yml")
               and ".schema" not in p.parts)


def mark_as_built(kb) -> None:
    """dist/ as an earlier `sopkit build` left it: with the marker that lets a build
    replace it even though it holds files sopkit does not write today."""
    kb.write("../dist/.sopkit-output", '{"made_by": "sopkit build"}\n')


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- check

def test_check_strict_passes_on_the_sample():
    result = sopkit("check", "--sops", str(SAMPLE_SOPS), "--strict", *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{sample_file_count()} files checked: 0 errors, 0 warnings\n"
    assert result.stdout == ""


def test_check_exits_1_on_an_error(kb):
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: bos"))
    result = sopkit("check", *TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sops/roles/a.yaml:3:13: error: `reports_to` names `bos`, which is not a role id: did "
        "you mean `boss`? [dangling-ref]",
        "3 files checked: 1 error, 0 warnings",
    ]
    assert result.stdout == ""


def test_check_exits_0_with_warnings(kb):
    kb.write("roles/a.yaml", "title: 销售员\ndepartment: sales\nreports_to: boss\n")
    result = sopkit("check", *TODAY)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "sops/roles/a.yaml:1:1: warning: role `a` has no duties (工作内容) [no-duties]",
        "3 files checked: 0 errors, 1 warning",
    ]


def test_check_strict_exits_1_with_warnings(kb):
    kb.write("roles/a.yaml", "title: 销售员\ndepartment: sales\nreports_to: boss\n")
    result = sopkit("check", "--strict", *TODAY)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "3 files checked: 0 errors, 1 warning"


def test_check_strict_exits_0_when_clean(kb):
    assert sopkit("check", "--strict", *TODAY).exit_code == 0


def test_summary_counts_plural_forms(kb):
    kb.write("roles/a.yaml", "title: [x]\ndepartment: sale\nreports_to: boss\n")
    kb.write("roles/b.yaml", "title: x\ndepartment: sales\nreports_to: boss\n")
    result = sopkit("check", *TODAY)
    assert result.output.splitlines()[-1] == "4 files checked: 2 errors, 2 warnings"


def test_check_json_format(kb):
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: bos"))
    kb.write("roles/b.yaml", "title: 销售员\ndepartment: sales\nreports_to: boss\n")
    result = sopkit("check", "--format", "json", *TODAY)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc == {
        "command": "check", "ok": False,
        "files": 4, "errors": 1, "warnings": 1,
        "diagnostics": [
            {"path": "sops/roles/a.yaml", "line": 3, "column": 13, "severity": "error",
             "message": "`reports_to` names `bos`, which is not a role id: did you mean "
                        "`boss`?", "code": "dangling-ref"},
            {"path": "sops/roles/b.yaml", "line": 1, "column": 1, "severity": "warning",
             "message": "role `b` has no duties (工作内容)", "code": "no-duties"},
        ],
        "written": [],
    }
    assert result.stderr == ""


def test_check_json_keeps_chinese_readable(kb):
    kb.write("roles/a.yaml", "title: 销售员\ndepartment: sales\nreports_to: boss\n")
    assert "工作内容" in sopkit("check", "--format", "json", *TODAY).output


def test_check_with_sops_option_from_elsewhere(make_kb, tmp_path, monkeypatch):
    make_kb()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = sopkit("check", "--sops", "../sops", *TODAY)
    assert result.exit_code == 0
    assert result.output == "2 files checked: 0 errors, 0 warnings\n"


def test_check_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = sopkit("check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "sops: error: knowledge base folder `sops` not found: pass --sops DIR or run sopkit "
        "where `sops/` is [missing-folder]",
        "0 files checked: 1 error, 0 warnings",
    ]


def test_today_option_drives_review_overdue(make_kb):
    make_kb(org="organization: {name: x}\ndepartments: [{id: sales, name: s}]\n"
                "document_defaults: {effective: 2025-01-01, review_every_months: 12}\n")
    assert sopkit("check", "--strict", "--today", "2026-01-01").exit_code == 0
    assert sopkit("check", "--strict", "--today", "2026-01-02").exit_code == 1


def test_sopkit_today_environment_variable(make_kb, monkeypatch):
    make_kb(org="organization: {name: x}\ndepartments: [{id: sales, name: s}]\n"
                "document_defaults: {effective: 2025-01-01, review_every_months: 12}\n")
    monkeypatch.setenv("SOPKIT_TODAY", "2026-01-01")
    assert sopkit("check", "--strict").exit_code == 0
    monkeypatch.setenv("SOPKIT_TODAY", "2026-06-01")
    assert sopkit("check", "--strict").exit_code == 1


def test_bad_option_is_a_usage_error(kb):
    assert sopkit("check", "--format", "xml").exit_code == 2


def test_real_console_script_checks_the_sample(tmp_path):
    completed = subprocess.run(
        [str(PROJECT_DIR / ".venv" / "bin" / "sopkit"), "check", "--strict",
         "--sops", str(SAMPLE_SOPS), *TODAY],
        cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stderr == f"{sample_file_count()} files checked: 0 errors, 0 warnings\n"
    assert completed.stdout == ""


def test_real_console_script_exit_code_on_error(kb):
    kb.write("roles/a.yaml", "title: x\n  bad: indent\n")
    completed = subprocess.run(
        [str(PROJECT_DIR / ".venv" / "bin" / "sopkit"), "check", *TODAY],
        cwd=kb.base, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    assert completed.stderr.splitlines()[0].startswith("sops/roles/a.yaml:2:6: error: YAML "
                                                       "syntax error")


# ---------------------------------------------------------------- build

def test_build_writes_the_linked_model_as_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = sopkit("build", "--sops", str(SAMPLE_SOPS), "--out", "dist", "--only", "json",
                    "--quiet", *TODAY)
    assert result.exit_code == 0, result.output
    model = json.loads((tmp_path / "dist" / "sops.json").read_text(encoding="utf-8"))
    roles = {p.stem for p in (SAMPLE_SOPS / "roles").glob("*.yaml")}
    assert set(model["roles"]) == roles
    rep = model["roles"]["sales-rep"]
    assert (rep["title"], rep["reports_to"], rep["document"]["number"]) == (
        "销售员", "sales-supervisor", "XS-JD-004")
    assert model["roles"]["sales-vp"]["dotted_reports"] == ["provincial-manager"]
    assert model["roles"]["sales-supervisor"]["direct_reports"] == [
        "customer-service", "online-promoter", "sales-rep"]
    assert model["roles"]["account-manager"]["document"]["status"] == "draft"
    assert len(model["workflows"]) == 13
    assert not list(tmp_path.glob(".dist-*"))


def test_sops_json_round_trips_every_sample_role(tmp_path, sample_result):
    sopkit("build", "--sops", str(SAMPLE_SOPS), "--out", str(tmp_path / "dist"), "--only",
           "json", "--quiet", *TODAY)
    model = json.loads((tmp_path / "dist" / "sops.json").read_text(encoding="utf-8"))
    kb = sample_result.linked.kb
    for role_id, role in kb.roles.items():
        data = model["roles"][role_id]
        assert data["id"] == role_id
        assert (data["title"], data["department"], data.get("reports_to")) == (
            role.title, role.department, role.reports_to)
        assert data["headcount"] == role.headcount
        assert len(data["duties"]) == len(role.duties)
        assert data["steps"] == [{"workflow": p.workflow.id, "step": p.step.id,
                                  "raci": p.letters}
                                 for p in sample_result.linked.role_steps.get(role_id, ())]


def test_sops_json_carries_x_keys_through(kb):
    kb.write("roles/a.yaml", ROLE + "x-cost-centre: '4100'\nx-tags: [a, b]\n")
    assert sopkit("build", "--only", "json", "--quiet", *TODAY).exit_code == 0
    model = json.loads((kb.base / "dist" / "sops.json").read_text(encoding="utf-8"))
    role = model["roles"]["a"]
    assert (role["x-cost-centre"], role["x-tags"]) == ("4100", ["a", "b"])


def test_build_refuses_on_errors_and_leaves_dist_intact(kb):
    dist = kb.base / "dist"
    mark_as_built(kb)
    kb.write("../dist/sops.json", '{"old": true}\n')
    kb.write("../dist/sub/keep.txt", "keep me\n")
    before = tree(dist)
    kb.write("roles/a.yaml", ROLE.replace("reports_to: boss", "reports_to: bos"))
    result = sopkit("build", "--only", "json", *TODAY)
    assert result.exit_code == 1
    assert result.output.splitlines()[-3:] == [
        "sops/roles/a.yaml:3:13: error: `reports_to` names `bos`, which is not a role id: did "
        "you mean `boss`? [dangling-ref]",
        "3 files checked: 1 error, 0 warnings",
        "build refused: fix the errors above first",
    ]
    assert tree(dist) == before


def test_build_with_only_keeps_other_outputs(kb):
    mark_as_built(kb)
    kb.write("../dist/other/keep.txt", "from another format\n")
    result = sopkit("build", "--only", "json", "--quiet", *TODAY)
    assert result.exit_code == 0, result.output
    files = tree(kb.base / "dist")
    assert set(files) == {".sopkit-output", "other/keep.txt", "sops.json"}


def test_build_replaces_previous_output(kb, monkeypatch):
    mark_as_built(kb)
    kb.write("../dist/stale.txt", "old\n")
    monkeypatch.setattr(generator.build, "registry", lambda: {"json": json_renderer})
    result = sopkit("build", "--quiet", *TODAY)
    assert result.exit_code == 0, result.output
    assert set(tree(kb.base / "dist")) == {".sopkit-output", "sops.json"}


def test_build_prints_warnings_and_still_builds(kb):
    kb.write("roles/a.yaml", "title: 销售员\ndepartment: sales\nreports_to: boss\n")
    result = sopkit("build", "--only", "json", *TODAY)
    assert result.exit_code == 0
    warning, *cache = result.stderr.splitlines()
    assert warning == "sops/roles/a.yaml:1:1: warning: role `a` has no duties (工作内容) [no-duties]"
    # and the build cache's line (another test may have built the same JSON before)
    assert cache in (["json: 1 rebuilt, 0 from cache"], ["json: 0 rebuilt, 1 from cache"])
    assert result.stdout == "built json into dist\n"
    assert (kb.base / "dist" / "sops.json").is_file()


def test_build_unknown_format_is_a_usage_error(kb):
    result = sopkit("build", "--only", "nosuch")
    assert result.exit_code == 2
    assert ("Error: Invalid value for '--only': unknown format `nosuch` (choose from: "
            in result.stderr)
    assert not (kb.base / "dist").exists()


class Boom:
    NAME = "boom"
    DESCRIPTION = "a renderer that fails half-way"

    @staticmethod
    def render(linked, context) -> None:
        (context.out / "half-written.txt").write_text("partial")
        raise RuntimeError("renderer failed")


def test_failed_renderer_leaves_old_dist_intact_and_no_staging(kb, monkeypatch):
    mark_as_built(kb)
    kb.write("../dist/sops.json", '{"old": true}\n')
    kb.write("../dist/sub/keep.txt", "keep me\n")
    before = tree(kb.base / "dist")
    monkeypatch.setattr(generator.build, "registry", lambda: {"json": json_renderer,
                                                               "boom": Boom})
    result = sopkit("build", "--quiet", *TODAY)
    assert result.exit_code == 1
    assert isinstance(result.exception, RuntimeError)
    assert tree(kb.base / "dist") == before
    assert sorted(p.name for p in kb.base.iterdir()) == ["dist", "sops"]


def test_failed_first_build_leaves_nothing_behind(kb, monkeypatch):
    monkeypatch.setattr(generator.build, "registry", lambda: {"boom": Boom})
    result = sopkit("build", "--quiet", *TODAY)
    assert isinstance(result.exception, RuntimeError)
    assert sorted(p.name for p in kb.base.iterdir()) == ["sops"]


# ---------------------------------------------------------------- schema

def test_schema_writes_a_file_per_kind_org_and_overlay(tmp_path):
    out = tmp_path / "schemas"
    result = sopkit("schema", "--out", str(out))
    assert result.exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["approval.schema.json", "form.schema.json", "org.schema.json",
                     "overlay.schema.json", "policy.schema.json", "role.schema.json",
                     "training.schema.json", "workflow.schema.json"]
    assert result.output.splitlines() == [str(out / n) for n in (
        "org.schema.json", "role.schema.json", "workflow.schema.json", "training.schema.json",
        "form.schema.json", "policy.schema.json", "approval.schema.json",
        "overlay.schema.json")]
    for name in names:
        json.loads((out / name).read_text(encoding="utf-8"))


def test_schema_defaults_to_the_sops_schema_folder(kb):
    assert sopkit("schema").exit_code == 0
    assert len(list((kb.root / ".schema").glob("*.schema.json"))) == 8
    # the schema folder is not content: the KB still checks clean
    assert kb.lines() == []


# ---------------------------------------------------------------- new

@pytest.mark.parametrize("kind, folder", [
    ("role", "roles"), ("workflow", "workflows"), ("training", "training"),
    ("form", "forms"), ("policy", "policies"), ("approval", "approvals"),
])
def test_new_scaffolds_a_file_that_checks_without_errors(kb, kind, folder):
    result = sopkit("new", kind, "new-item")
    assert result.exit_code == 0, result.output
    path = f"sops/{folder}/new-item.yaml"
    assert result.output == f"wrote {path}; fill in the 待填写 parts, then run `sopkit check`\n"
    text = (kb.base / path).read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../.schema/{kind}.schema.json\n")
    assert kb.errors() == []
    expected_warnings = ["sops/forms/new-item.yaml:1:1: warning: form `new-item` is used "
                         "nowhere: list it in a workflow step's `forms`, a routine's `form` or "
                         "a training session's `materials` [unused-form]"] if kind == "form" else []
    assert kb.warnings() == expected_warnings


def test_new_role_reports_to_the_top_of_the_chart(kb):
    sopkit("new", "role", "new-role")
    role = kb.check().linked.kb.roles["new-role"]
    assert (role.department, role.reports_to) == ("sales", "boss")


@pytest.mark.parametrize("existing", ["roles/boss.yaml", "roles/other.yml"])
def test_new_refuses_an_existing_id(kb, existing):
    kb.write(existing, ROLE)
    before = tree(kb.root)
    result = sopkit("new", "role", Path(existing).stem)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: sops/{existing} already exists: pick another id or edit that file")
    assert tree(kb.root) == before


@pytest.mark.parametrize("bad", ["Bad", "sales_rep", "x-", "销售"])
def test_new_refuses_a_bad_id(kb, bad):
    result = sopkit("new", "policy", bad)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: `{bad}` is not a valid id: use lowercase letters a-z, digits and single "
        "hyphens (e.g. `sales-rep`)")
    assert not (kb.root / "policies").exists()


def test_new_refuses_a_too_long_id(kb):
    result = sopkit("new", "form", "a" * 65)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: id `{'a' * 65}` is longer than 64 characters"


def test_new_refuses_an_unknown_kind(kb):
    result = sopkit("new", "procedure", "x")
    assert result.exit_code == 2
    assert "'procedure' is not one of 'role', 'workflow', 'training', 'form', 'policy'" \
        in result.output

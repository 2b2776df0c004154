"""Options every command shares: --sops, --quiet, --format json, comma lists; and the streams
(diagnostics on stderr, results on stdout)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from conftest import PROJECT_DIR, SAMPLE_SOPS
from generator.cli import main
from generator.cli.options import comma_list

TODAY = ["--today", "2026-11-23"]
ROLE = "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: [拜访客户]\n"
DANGLING = ROLE.replace("reports_to: boss", "reports_to: bos")
NO_DUTIES = "title: 销售员\ndepartment: sales\nreports_to: boss\n"
REPORTING = [["check"], ["build"], ["schema"], ["new"], ["form", "fill"], ["jd"], ["onboard"],
             ["status"], ["diff"]]


def sopkit(*args: str):
    return CliRunner().invoke(main, list(args))


def json_out(result) -> dict:
    """The one JSON document on stdout (json.loads refuses anything around it)."""
    return json.loads(result.stdout)


# ---------------------------------------------------------------- the options are everywhere

@pytest.mark.parametrize("command", REPORTING, ids=" ".join)
def test_every_reporting_command_takes_sops_quiet_and_format(command):
    result = sopkit(*command, "--help")
    assert result.exit_code == 0
    for option in ("--sops", "-q, --quiet", "--format [text|json]"):
        assert option in result.stdout, option


def test_every_command_is_registered():
    """Commands are imported when they run (cli/__init__.py): each listed name resolves."""
    context = click.Context(main)
    names = main.list_commands(context)
    assert sorted(names) == ["build", "check", "diff", "form", "init", "jd", "new",
                             "onboard", "schema", "serve", "status", "theme"]
    for name in names:
        command = main.get_command(context, name)
        assert isinstance(command, click.Command) and command.name == name


def test_python_dash_m_runs_the_same_group():
    completed = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=PROJECT_DIR,
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert "onboard" in completed.stdout


# ---------------------------------------------------------------- --format json

def test_failing_check_prints_one_json_document_on_stdout(kb):
    kb.write("roles/a.yaml", DANGLING)
    result = sopkit("check", "--format", "json", *TODAY)
    assert result.exit_code == 1
    document = json_out(result)
    assert (document["command"], document["ok"], document["errors"]) == ("check", False, 1)
    assert document["diagnostics"] == [
        {"path": "sops/roles/a.yaml", "line": 3, "column": 13, "severity": "error",
         "message": "`reports_to` names `bos`, which is not a role id: did you mean `boss`?",
         "code": "dangling-ref"}]
    assert result.stderr == ""


def test_refused_build_still_prints_its_json_document(kb):
    kb.write("roles/a.yaml", DANGLING)
    result = sopkit("build", "--only", "json", "--format", "json", *TODAY)
    assert result.exit_code == 1
    document = json_out(result)
    assert (document["command"], document["ok"], document["written"]) == ("build", False, [])
    assert [d["code"] for d in document["diagnostics"]] == ["dangling-ref"]
    assert result.stderr == ""
    assert not (kb.base / "dist").exists()


def test_build_json_lists_what_it_wrote_and_its_warnings(kb):
    kb.write("roles/a.yaml", NO_DUTIES)
    result = sopkit("build", "--only", "json", "--format", "json", *TODAY)
    assert result.exit_code == 0, result.output
    document = json_out(result)
    assert (document["ok"], document["files"], document["warnings"]) == (True, 3, 1)
    assert document["written"] == ["dist"]


def test_a_refused_output_folder_is_a_json_diagnostic_with_exit_2(kb):
    (kb.base / "dist").mkdir()
    (kb.base / "dist" / "thesis.docx").write_text("not sopkit's")
    result = sopkit("build", "--only", "json", "--format", "json", *TODAY)
    assert result.exit_code == 2
    (diagnostic,) = json_out(result)["diagnostics"]
    assert (diagnostic["severity"], diagnostic["code"]) == ("error", "output")
    assert "dist" in diagnostic["message"]


def test_schema_json_lists_the_files(tmp_path):
    result = sopkit("schema", "--out", str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert len(json_out(result)["written"]) == 8


def test_form_fill_data_problems_are_located_on_the_data_file(tmp_path):
    data = tmp_path / "data.yaml"
    data.write_text("no_such_field: 1\n", encoding="utf-8")
    result = sopkit("form", "fill", "car-request", "--data", str(data), "-o",
                    str(tmp_path / "car.pdf"), "--sops", str(SAMPLE_SOPS), "--format", "json")
    assert result.exit_code == 1
    document = json_out(result)
    assert document["diagnostics"] and all(d["path"] == str(data) and d["code"] == "form-data"
                                           for d in document["diagnostics"])
    assert not (tmp_path / "car.pdf").exists()


def test_onboard_csv_json_locates_each_failed_row_and_lists_the_packs(tmp_path):
    csv = tmp_path / "hires.csv"
    csv.write_text("name,role,start\n张三,sales-rep,2026-09-28\n李雷,salse-rep,2026-09-28\n",
                   encoding="utf-8")
    result = sopkit("onboard", "--sops", str(SAMPLE_SOPS), "--csv", str(csv), "--formats",
                    "ics", "--out", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 1
    document = json_out(result)
    assert document["written"] == [str(tmp_path / "out" / "2026-09-28-sales-rep-张三")]
    (row,) = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert (row["path"], row["line"], row["code"]) == (str(csv), 3, "csv-row")


# ---------------------------------------------------------------- streams and --quiet

def test_check_reports_on_stderr_only(kb):
    kb.write("roles/a.yaml", DANGLING)
    result = sopkit("check", *TODAY)
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith("sops/roles/a.yaml:3:13: error: ")


def test_build_reports_diagnostics_on_stderr_and_its_result_on_stdout(kb):
    kb.write("roles/a.yaml", NO_DUTIES)
    result = sopkit("build", "--only", "json", *TODAY)
    assert result.exit_code == 0
    warning, cache_line = result.stderr.splitlines()
    assert warning == "sops/roles/a.yaml:1:1: warning: role `a` has no duties (工作内容) [no-duties]"
    # what the build cache did, per format (the test run shares one cache: either way)
    assert cache_line in ("json: 1 rebuilt, 0 from cache", "json: 0 rebuilt, 1 from cache")
    assert result.stdout == "built json into dist\n"


def test_refused_build_reports_on_stderr(kb):
    kb.write("roles/a.yaml", DANGLING)
    result = sopkit("build", "--only", "json", *TODAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "build refused: fix the errors above first"


def test_quiet_check_prints_nothing_but_errors(kb):
    kb.write("roles/a.yaml", DANGLING)
    kb.write("roles/b.yaml", NO_DUTIES)
    result = sopkit("check", "-q", *TODAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == ["error"]


def test_quiet_strict_check_shows_the_warnings_that_fail_it(kb):
    kb.write("roles/b.yaml", NO_DUTIES)
    result = sopkit("check", "-q", "--strict", *TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sops/roles/b.yaml:1:1: warning: role `b` has no duties (工作内容) [no-duties]"]


def test_quiet_build_and_schema_print_nothing_when_all_is_well(kb, tmp_path):
    kb.write("roles/a.yaml", NO_DUTIES)
    for args in (["build", "--only", "json"], ["schema", "--out", str(tmp_path)]):
        result = sopkit(*args, "--quiet", *(TODAY if args[0] == "build" else []))
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), args


# ---------------------------------------------------------------- comma lists

@pytest.mark.parametrize("args, option, choices", [
    (["build", "--only", "json,nosuch"], "--only", "(choose from: "),
    (["jd", "rep", "--formats", "pdf,odt"], "--formats", "(choose from: docx, pdf)"),
    (["onboard", "--role", "x", "--name", "y", "--start", "2026-09-28", "--formats", "icss"],
     "--formats", "did you mean `ics`? (choose from: pdf, docx, ics)"),
])
def test_comma_list_rejects_an_unknown_name_naming_the_choices(kb, args, option, choices):
    result = sopkit(*args)
    assert result.exit_code == 2
    assert f"Error: Invalid value for '{option}': unknown format `" in result.stderr
    assert choices in result.stderr
    assert result.stdout == ""


def test_comma_list_keeps_the_choices_order_without_repeats():
    @click.command()
    @click.option("--formats", type=comma_list(["pdf", "docx", "ics"]), default="")
    def show(formats):
        click.echo(repr(formats))

    runner = CliRunner()
    assert runner.invoke(show, ["--formats", "ICS, pdf,,ics"]).stdout == "('pdf', 'ics')\n"
    assert runner.invoke(show, []).stdout == "()\n"


def test_comma_list_reads_lazy_choices_only_when_used():
    calls = []

    def choices():
        calls.append(1)
        return ["json", "pdf"]

    @click.command()
    @click.option("--only", type=comma_list(choices), default=None)
    def show(only):
        click.echo(repr(only))

    assert CliRunner().invoke(show, ["--help"]).exit_code == 0 and calls == []
    assert CliRunner().invoke(show, ["--only", "pdf"]).stdout == "('pdf',)\n"


@pytest.mark.parametrize("command", ["build", "onboard"])
def test_commands_with_worker_pools_take_jobs(command):
    assert "-j, --jobs" in sopkit(command, "--help").output
    refused = sopkit(command, "--jobs", "0")
    assert refused.exit_code == 2
    assert "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1" in refused.output


def test_build_with_one_job_writes_its_formats(kb, tmp_path):
    result = sopkit("build", "--sops", str(kb.root), "--out", str(tmp_path / "dist"),
                    "--only", "json,forms", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "sops.json").is_file()


@pytest.mark.parametrize("command", [["check"], ["build", "--only", "json"], ["new", "role", "x"]])
def test_a_bad_sopkit_today_is_a_message_not_a_traceback(kb, command):
    result = CliRunner().invoke(main, [*command, "--sops", str(kb.root)],
                                env={"SOPKIT_TODAY": "garbage"})
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert ("error: SOPKIT_TODAY='garbage' is not a date: write YYYY-MM-DD "
            "(e.g. SOPKIT_TODAY=2026-11-23), or unset it") in result.stderr


def test_an_unknown_time_zone_or_locale_in_the_environment_changes_nothing(kb):
    run = subprocess.run([sys.executable, "-m", "generator", "check", "--sops", str(kb.root)],
                         env={**os.environ, "TZ": "Nowhere/Bad", "LANG": "xx_YY.UTF-8",
                              "LC_ALL": "xx_YY.UTF-8"}, capture_output=True, text=True,
                         cwd=PROJECT_DIR)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "0 errors" in run.stderr

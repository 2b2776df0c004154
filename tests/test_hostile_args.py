"""Hostile form data, CSV files and command arguments ("never lose a file, never show a
traceback"): each ends in its exact, located message and exit 1 (2 for a bad command
line), and nothing is written."""
from __future__ import annotations

import errno
import importlib
import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLE_SOPS
from generator.cli import main
from generator.pipeline import check
from scheduled_kb import scheduled_sample

CAR = """\
name: 张三
department: 销售部
phone: "13800138000"
apply-date: 2026-11-23
use-date: 2026-11-25
purpose: 接送客户
"""
CAR_JSON = ('{"name": "张三", "department": "销售部", "phone": "13800138000", '
            '"apply-date": "2026-11-23", "use-date": "2026-11-25", "purpose": "接送客户"')
CLAIM = "name: 张三\ndepartment: 销售部\nclaim-date: 2026-11-30\n"


@pytest.fixture(scope="module")
def checked():
    # the sample with a dated training plan (its manual gives no days), so .ics files are written
    return check(scheduled_sample())


@pytest.fixture(autouse=True)
def check_once(checked, monkeypatch):
    """The commands check the sample knowledge base once per module, not once per run."""
    # By module object: generator.cli's attributes `forms` and `onboard` are the commands.
    for module in ("generator.cli.forms", "generator.cli.onboard"):
        monkeypatch.setattr(importlib.import_module(module), "run_check", lambda sops, **options: checked)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result


def fill(tmp_path: Path, data: str, *extra: str, form="car-request", name="data.yaml",
         out="out.pdf"):
    data_file = tmp_path / name
    data_file.write_text(data, encoding="utf-8", errors="surrogatepass")
    result = run("form", "fill", form, "--data", str(data_file), "-o", str(tmp_path / out),
                 "--sops", str(SAMPLE_SOPS), *extra)
    assert result.exit_code == 0 or not os.path.isfile(tmp_path / out)
    return result, data_file


def data_error(tmp_path, data: str, *extra: str, **options) -> str:
    """The one error line of a refused fill, with ``{data}`` for the data file."""
    result, data_file = fill(tmp_path, data, *extra, **options)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-1] in ("nothing written: 1 problem in the data", lines[0])
    return lines[0].replace(str(data_file), "{data}")


# ---------------------------------------------------------------- form data

def test_a_5000_digit_number(tmp_path):
    digits = "9" * 5000
    assert data_error(tmp_path, CAR + f"passengers: {digits}\n") == (
        "{data}:7:13: error: too many digits for `passengers` (乘车人数): 5,000 written, at "
        "most 15")
    assert data_error(tmp_path, CAR_JSON + f', "passengers": {digits}}}', name="d.json") == (
        "{data}:1:148: error: too many digits for `passengers` (乘车人数): 5,000 written, at "
        "most 15")


@pytest.mark.parametrize("name, data, where", [
    ("data.yaml", "name: " + "[" * 2000 + "]" * 2000 + "\n", "1:70"),
    ("data.json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}", "1:73"),
])
def test_deep_nesting(tmp_path, name, data, where):
    assert data_error(tmp_path, data, name=name) == (
        f"{{data}}:{where}: error: nesting deeper than 64 levels: form data needs three "
        "(field, table row, cell)")


@pytest.mark.parametrize("out", ["out.pdf", "out.docx"])
def test_lone_surrogates_and_control_characters(tmp_path, out):
    assert data_error(tmp_path, CAR_JSON + ', "route": "a\\ud800b"}', name="d.json",
                      out=out) == (
        "{data}:1:143: error: unpaired surrogate U+D800 in `route` (起止地点及路线), character 2 "
        "of the value: a form cannot show it; remove it")
    assert data_error(tmp_path, CAR_JSON + ', "route": "a\\u0001b"}', name="d.json",
                      out=out) == (
        "{data}:1:143: error: control character U+0001 in `route` (起止地点及路线), character 2 "
        "of the value: a form cannot show it; remove it")
    # in YAML the reader refuses the escape itself, at the same place
    assert data_error(tmp_path, CAR + 'route: "a\\x01b"\n', out=out) == (
        "{data}:7:8: error: control character U+0001 in quoted text (an escape such as `\\e` "
        "or `\\x07`): remove the escape; it is invisible and breaks documents")


def test_unknown_keys_are_shown_safely(tmp_path):
    assert data_error(tmp_path, CAR_JSON + ', "a\\u0007\\udc80": 1}', name="d.json") == (
        "{data}:1:134: error: unknown field `a\\u0007\\udc80`: form `car-request` has no such "
        "field")


@pytest.mark.parametrize("value, message", [
    ("1e999999999", "number out of range for `total` (报销合计): `1e999999999`; it must be "
                    "between -1,000,000,000,000 and 1,000,000,000,000"),
    ("-1000000000000", "number out of range for `total` (报销合计): `-1000000000000`; it must "
                       "be between -1,000,000,000,000 and 1,000,000,000,000"),
    (".nan", "not a finite number for `total` (报销合计): `.nan`; NaN and infinity are refused"),
    ("-.inf", "not a finite number for `total` (报销合计): `-.inf`; NaN and infinity are "
              "refused"),
])
def test_money_must_be_a_sane_finite_amount(tmp_path, value, message):
    assert data_error(tmp_path, CLAIM + f"total: {value}\n", form="expense-claim") == \
        f"{{data}}:4:8: error: {message}"


def test_nan_and_infinity_are_not_json(tmp_path):
    for value, column in (("NaN", 71), ("-Infinity", 71)):
        assert data_error(tmp_path, '{"name": "a", "department": "b", "claim-date": '
                          f'"2026-11-30", "total": {value}}}', form="expense-claim",
                          name="d.json") == (
            f"{{data}}:1:{column}: error: not valid JSON: `{value}` is not a number in JSON: "
            "NaN and infinity are refused")
    assert data_error(tmp_path, '{"name": "a", "department": "b", "claim-date": '
                      '"2026-11-30", "total": 1e999}', form="expense-claim", name="d.json") == (
        "{data}:1:71: error: number out of range for `total` (报销合计): `1e999`; it must be "
        "between -1,000,000,000,000 and 1,000,000,000,000")


def test_dates_are_years_1900_to_2200(tmp_path):
    assert data_error(tmp_path, CAR.replace("use-date: 2026-11-25", "use-date: 9999-12-31")) \
        == ("{data}:5:11: error: date out of range for `use-date` (用车日期): `9999-12-31`; "
            "write a year from 1900 to 2200")


def test_a_table_cell_is_located(tmp_path):
    """And a missing field is placed at the start of the data."""
    result, data_file = fill(tmp_path, CLAIM + "items:\n  - date: 2026-11-02\n    amount: "
                             "12.345\n", form="expense-claim")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{data_file}:6:13: error: wrong type for `items.1.amount` (金额): expected an amount "
        "with at most 2 decimals, got `12.345`",
        f"{data_file}:1:1: error: missing required field `total` (报销合计)",
        "nothing written: 2 problems in the data"]


def test_a_megabyte_value_with_flatten_is_refused_at_once(tmp_path):
    started = time.monotonic()
    assert data_error(tmp_path, CAR + "route: " + "路" * 300_000 + "\n", "--flatten") == (
        "{data}:7:8: error: too long a value for `route` (起止地点及路线): 300,000 characters, "
        "at most 10,000")
    assert time.monotonic() - started < 30   # was over 400 s for 1 MB


def test_a_data_file_over_a_mebibyte(tmp_path):
    result, data_file = fill(tmp_path, CAR + "route: " + "a" * 1_100_000 + "\n", "--flatten")
    assert result.exit_code == 1
    assert result.output == (f"{data_file}: error: the data file is 1,075 KiB, over the "
                             "1,024 KiB limit for one form's data\n")


def test_json_syntax_errors_are_located(tmp_path):
    assert data_error(tmp_path, CAR_JSON + ', "route": "a" "b"}', name="d.json") == (
        "{data}:1:147: error: not valid JSON: expected `,` or `}`")
    assert data_error(tmp_path, CAR_JSON + ',\n  "name": "李四"}', name="d.json") == (
        "{data}:2:3: error: duplicate key `name` (first written at line 1): remove or merge "
        "one of them")


def test_json_format_prints_its_document_with_line_and_column(tmp_path):
    result, data_file = fill(tmp_path, CAR + "passengers: 三个\n", "--format", "json")
    assert result.exit_code == 1
    (diagnostic,) = json.loads(result.output)["diagnostics"]
    assert (diagnostic["path"], diagnostic["line"], diagnostic["column"]) == \
        (str(data_file), 7, 13)


# ---------------------------------------------------------------- -o

def test_o_on_a_folder_or_a_name_too_long(tmp_path):
    (tmp_path / "folder").mkdir()
    result, _ = fill(tmp_path, CAR, out="folder")
    assert result.exit_code == 2
    assert f"-o {tmp_path / 'folder'} is a folder: give another file name" in result.output
    long = "a" * 300 + ".pdf"
    result, _ = fill(tmp_path, CAR, out=long)
    assert result.exit_code == 2
    assert (f"error: -o {tmp_path / long} has too long a name (over 255 bytes): give another "
            "file name ending in .pdf or .docx") in result.output


@pytest.mark.parametrize("code, reason", [(errno.EACCES, "Permission denied"),
                                          (errno.EROFS, "Read-only file system"),
                                          (errno.ENOSPC, "No space left on device")])
def test_o_where_nothing_can_be_written(tmp_path, monkeypatch, code, reason):
    def refused(path, data):
        raise OSError(code, reason, str(path))
    monkeypatch.setattr("generator.forms.fill.write_atomic", refused)
    result, _ = fill(tmp_path, CAR)
    assert result.exit_code == 1
    out = tmp_path / "out.pdf"
    assert result.output == \
        f"error: cannot write -o {out}: {reason} ({out}); nothing was written\n"


# ---------------------------------------------------------------- onboard

def onboard(tmp_path: Path, *args: str):
    return run("onboard", "--sops", str(scheduled_sample()), "--out", str(tmp_path / "packs"),
               "--formats", "ics", *args)


def one(tmp_path: Path, name="张三", start="2026-09-28", *args: str):
    return onboard(tmp_path, "--role", "sales-rep", "--name", name, "--start", start, *args)


@pytest.mark.parametrize("start", ["9999-12-31", "1899-12-31", "2201-01-01"])
def test_start_years_1900_to_2200(tmp_path, start):
    result = one(tmp_path, start=start)
    assert result.exit_code == 2
    assert (f"Error: start date `{start}` is out of range: write a year from 1900 to 2200"
            in result.output)
    assert not (tmp_path / "packs").exists()


def test_start_out_of_range_still_prints_the_json_document(tmp_path):
    result = one(tmp_path, "张三", "9999-12-31", "--format", "json")
    assert result.exit_code == 2
    (diagnostic,) = json.loads(result.output)["diagnostics"]
    assert (diagnostic["code"], diagnostic["message"]) == (
        "usage", "start date `9999-12-31` is out of range: write a year from 1900 to 2200")


@pytest.mark.parametrize("name, message", [
    (".", "the name `.` has no letters or digits: write the new hire's name"),
    ("..", "the name `..` has no letters or digits: write the new hire's name"),
    ("a/b", "the name `a/b` has `/`, which cannot be in a folder name: write the name "
            "without it"),
    ("张" * 65, "the name is 65 characters long, at most 64: shorten it"),
    ("a\x1bb", "the name has the control character U+001B (character 2): remove it"),
])
def test_names_that_cannot_name_a_pack_folder(tmp_path, name, message):
    result = one(tmp_path, name)
    assert result.exit_code == 2
    assert f"Error: {message}" in result.output
    assert not (tmp_path / "packs").exists()


def test_names_in_a_csv_are_row_errors(tmp_path):
    csv = tmp_path / "hires.csv"
    csv.write_text("name,role,start\n.,sales-rep,2026-09-28\n..,sales-rep,2026-09-28\n"
                   "李雷,sales-rep,9999-12-31\n", encoding="utf-8")
    result = onboard(tmp_path, "--csv", str(csv))
    assert result.exit_code == 1
    assert f"{csv}:2: error: the name `.` has no letters or digits" in result.output
    assert f"{csv}:3: error: the name `..` has no letters or digits" in result.output
    assert f"{csv}:4: error: start date `9999-12-31` is out of range" in result.output


def test_csv_field_over_the_csv_limit(tmp_path):
    csv = tmp_path / "hires.csv"
    csv.write_text('name,role,start\n李雷,sales-rep,2026-09-28\n"' + "x" * 200_000
                   + ',sales-rep,2026-09-28\n', encoding="utf-8")
    result = onboard(tmp_path, "--csv", str(csv))
    assert result.exit_code == 1
    assert result.output == (f"{csv}:3: error: a value in the row starting here is longer "
                             "than 131,072 characters: is a quote (\") left open?\n")


def test_out_too_long_or_unwritable(tmp_path, monkeypatch):
    long = tmp_path / ("p" * 300)
    result = run("onboard", "--sops", str(scheduled_sample()), "--out", str(long), "--formats", "ics",
                 "--role", "sales-rep", "--name", "张三", "--start", "2026-09-28")
    assert result.exit_code == 2
    assert (f"error: --out {long} has too long a name (over 255 bytes): choose another "
            "folder (default: onboarding)") in result.output

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))
    monkeypatch.setattr(Path, "write_bytes", full)
    result = one(tmp_path)
    assert result.exit_code == 1
    folder = tmp_path / "packs" / "2026-09-28-sales-rep-张三"
    assert result.output.startswith(f"error: cannot write {folder}: No space left on device (")
    assert result.output.endswith("); the previous output is unchanged\n")
    assert not folder.exists()


def test_devices_are_not_read_forever(tmp_path):
    result = run("form", "fill", "car-request", "--data", "/dev/zero", "-o",
                 str(tmp_path / "out.pdf"), "--sops", str(SAMPLE_SOPS))
    assert result.exit_code == 1
    assert result.output == "/dev/zero: error: is not a regular file: give a YAML or JSON file\n"
    result = onboard(tmp_path, "--csv", "/dev/zero")
    assert result.exit_code == 1
    assert result.output == "/dev/zero: error: is not a regular file: give a CSV file\n"


def test_a_csv_over_16_mib(tmp_path):
    csv = tmp_path / "hires.csv"
    with csv.open("wb") as stream:   # sparse: the size is all that is read
        stream.truncate(17 * 1024 * 1024)
    result = onboard(tmp_path, "--csv", str(csv))
    assert result.exit_code == 1
    assert result.output == f"{csv}: error: the file is 17 MiB, over the 16 MiB limit: split it\n"


def test_a_usage_error_found_mid_run_still_prints_the_json_document(tmp_path):
    result, _ = fill(tmp_path, CAR, "--format", "json", form="car-requst")
    assert result.exit_code == 2
    document = json.loads(result.output)
    assert document["ok"] is False and document["written"] == []
    assert [(d["code"], d["message"]) for d in document["diagnostics"]] == [
        ("usage", "unknown form `car-requst`: did you mean `car-request` or "
                  "`travel-request`?")]

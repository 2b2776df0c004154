"""`sopkit form fill`: pre-fill a form from a YAML or JSON data file.

The data is checked against the form first; every problem is printed with the data file's
name and nothing is written (exit 1). A bad command line (unknown form, output that is not
.pdf or .docx, or -o naming a folder, a device or a file in the knowledge base) exits 2, as
everywhere in sopkit.
"""
from __future__ import annotations

import json
from pathlib import Path

import click
import yaml

from ..forms import InvalidFormData, UnknownForm, UnsupportedOutput, fill_form
from ..output_dir import check_file, reported_write_errors
from ..pipeline import check as run_check
from .options import reporting, sops_option
from .report import Reporter


class DataFileError(Exception):
    pass


class DataLoader(yaml.SafeLoader):
    """YAML as written: a date stays text, so an impossible one (2026-13-01) is reported
    against its field like any other wrong value instead of stopping the YAML parser."""


DataLoader.add_constructor("tag:yaml.org,2002:timestamp",
                           yaml.constructor.SafeConstructor.construct_yaml_str)


@click.group()
def form() -> None:
    """Work with the knowledge base's forms."""


@form.command()
@click.argument("form_id", metavar="FORM")
@click.option("--data", "data_path", required=True,
              type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="YAML or JSON file mapping field ids to values.")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Output file: .pdf (fillable) or .docx.")
@click.option("--flatten", is_flag=True, help="Write a non-editable PDF with the values printed.")
@sops_option
@reporting("form fill")
def fill(form_id: str, data_path: Path, out: Path, flatten: bool, sops: Path,
         report: Reporter) -> None:
    """Pre-fill FORM from data; check the data first and write nothing if it does not fit."""
    with report.failures():
        check_file(out, sops)
        data = _data(data_path, report)
        result = run_check(sops)
        report.checked(result, "fill")
        written = _fill(result.linked, form_id, data, out, flatten, data_path, report)
    report.wrote(written, f"wrote {written}")
    report.finish()


def _data(path: Path, report: Reporter) -> object:
    try:
        return read_data(path)
    except DataFileError as exc:
        report.error(str(exc), path=path, code="data-file")
        report.fail()


def _fill(linked, form_id: str, data: object, out: Path, flatten: bool, data_path: Path,
          report: Reporter) -> Path:
    try:
        # fill_form writes a temporary file beside ``out`` and renames it into place.
        with reported_write_errors(f"-o {out}", "nothing was written"):
            return fill_form(linked, form_id, data, out, flatten=flatten)
    except (UnknownForm, UnsupportedOutput) as exc:
        raise click.UsageError(str(exc)) from None
    except InvalidFormData as exc:
        for problem in exc.problems:
            report.error(problem, path=data_path, code="form-data")
        count = len(exc.problems)
        report.fail(f"nothing written: {count} problem{'s' if count != 1 else ''} in the data")


def read_data(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError("is not UTF-8 text") from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"not valid JSON: {exc.msg} (line {exc.lineno}, "
                                f"column {exc.colno})") from None
    try:
        return yaml.load(text, Loader=DataLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise DataFileError(f"not valid YAML: {getattr(exc, 'problem', exc)}{where}") from None


"""`sopkit form fill`: pre-fill a form from a YAML or JSON data file.

The data is checked against the form first; every problem is printed with the data file's
name and nothing is written (exit 1). A bad command line (unknown form, output that is not
.pdf or .docx, or -o naming a folder, a device or a file in the knowledge base) exits 2, as
everywhere in sopkit.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import yaml

from .cli_output import fail_output
from .diagnostics import format_text
from .errors import OutputError, SetupError
from .forms import InvalidFormData, UnknownForm, UnsupportedOutput, fill_form
from .output_dir import check_file, reported_write_errors
from .pipeline import check as run_check


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
@click.option("--sops", "sops", type=click.Path(path_type=Path), default="sops",
              show_default=True, help="Knowledge base folder.")
def fill(form_id: str, data_path: Path, out: Path, flatten: bool, sops: Path) -> None:
    """Pre-fill FORM from data; check the data first and write nothing if it does not fit."""
    try:
        check_file(out, sops)
    except OutputError as exc:
        fail_output(exc)
    try:
        data = read_data(data_path)
    except DataFileError as exc:
        fail(f"{data_path}: error: {exc}")
    result = run_check(sops)
    if not result.ok:
        click.echo(format_text(result.diagnostics, result.files), err=True)
        fail("fill refused: fix the errors above first")
    try:
        # fill_form writes a temporary file beside ``out`` and renames it into place.
        with reported_write_errors(f"-o {out}", "nothing was written"):
            written = fill_form(result.linked, form_id, data, out, flatten=flatten)
    except (UnknownForm, UnsupportedOutput) as exc:
        raise click.UsageError(str(exc)) from None
    except InvalidFormData as exc:
        for problem in exc.problems:
            click.echo(f"{data_path}: error: {problem}", err=True)
        count = len(exc.problems)
        fail(f"nothing written: {count} problem{'s' if count != 1 else ''} in the data")
    except SetupError as exc:
        fail(f"error: {exc}")
    except OutputError as exc:
        fail_output(exc)
    click.echo(f"wrote {written}")


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


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)

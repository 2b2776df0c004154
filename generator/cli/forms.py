"""`sopkit form fill`: pre-fill a form from a YAML or JSON data file.

The data is checked against the form first; every problem is printed with its place in the
data file (`data.yaml:3:9`, generator/forms/datafile.py) and nothing is written (exit 1).
A bad command line (unknown form, output that is not .pdf or .docx, or -o naming a folder,
a device, a file in the knowledge base or too long a name) exits 2, as everywhere in
sopkit.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..forms import InvalidFormData, UnknownForm, UnsupportedOutput, fill_form
from ..forms.data import Where
from ..output_dir import check_file, reported_write_errors
from ..pipeline import check as run_check
from .datafile import DataFile, DataFileError, read_data_file
from .options import reporting, sops_option
from .report import Reporter


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


def _data(path: Path, report: Reporter) -> DataFile:
    try:
        return read_data_file(path, str(path))
    except DataFileError as exc:
        for problem in exc.diagnostics.errors:
            report.error(problem.message, path=path, line=problem.loc.line,
                         column=problem.loc.col, code=problem.code)
        report.fail()
    except OSError as exc:
        report.error(f"cannot read the data file: {exc.strerror}", path=path, code="data-file")
        report.fail()


def _fill(linked, form_id: str, data: DataFile, out: Path, flatten: bool, data_path: Path,
          report: Reporter) -> Path:
    try:
        # fill_form writes a temporary file beside ``out`` and renames it into place.
        cut_off: list[str] = []
        with reported_write_errors(f"-o {out}", "nothing was written"):
            written = fill_form(linked, form_id, data.values, out, flatten=flatten,
                                cut_off=cut_off)
        for name in cut_off:
            loc = data.locate(field_place(name))
            report.warning(f"the value of `{name}` does not fit its box even at the smallest "
                           "size and is cut off when printed (the field holds it whole): "
                           "shorten it, or fill the form as Word (-o FILE.docx)",
                           path=data_path, line=loc.line, column=loc.col, code="cut-off")
        return written
    except (UnknownForm, UnsupportedOutput) as exc:
        raise click.UsageError(str(exc)) from None
    except InvalidFormData as exc:
        for problem, where in zip(exc.problems, exc.places, strict=True):
            loc = data.locate(where)
            report.error(problem, path=data_path, line=loc.line, column=loc.col,
                         code="form-data")
        count = len(exc.problems)
        report.fail(f"nothing written: {count} problem{'s' if count != 1 else ''} in the data")


def field_place(name: str) -> Where:
    """Where a filled field's value is in the data: `address`, or `items.1.date` for a
    table cell (row 1 is the first item of the list)."""
    parts = name.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        return Where((parts[0], int(parts[1]) - 1, parts[2]))
    return Where((parts[0],))

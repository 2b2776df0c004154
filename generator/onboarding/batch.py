"""`sopkit onboard --csv new-hires.csv`: one pack per row, on every core.

A bad row (unknown role, impossible date, empty name …) is reported with its line number
and the other rows are still produced. Problems with the file itself (unknown or missing
columns) stop before anything is built, since every row would be wrong the same way.
"""
from __future__ import annotations

import csv
import io
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..jobs import process_pool, workers_for
from ..linker import LinkedKB
from ..suggest import did_you_mean
from . import workers
from .pack import write_pack
from .request import InputError, moved_warning, new_hire
from .workdays import calendar_from_org

MAX_CSV_BYTES = 16 * 1024 * 1024   # some hundred thousand new hires
REQUIRED = ("name", "role", "start")
COLUMNS = REQUIRED + ("manager", "buddy")


class CsvFileError(InputError):
    """A problem with the file as a whole, found at ``line`` (0: the file, no one line)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Row:
    line: int                    # where the row starts in the file, 1-based
    values: dict[str, str]
    problem: str | None = None   # reported when the row is built, so others go ahead


@dataclass(frozen=True, slots=True)
class RowResult:
    line: int
    folder: Path | None = None
    files: tuple[str, ...] = ()
    warning: str | None = None
    error: str | None = None


def read_rows(path: Path) -> list[Row]:
    """The data rows of a new-hires CSV; raises CsvFileError for a problem with the file."""
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    rows, line = [], 1
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
        _check_header(header)
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(_row(line, header, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CsvFileError(_csv_problem(exc), line) from None
    if not rows:
        raise CsvFileError("no new hires below the header line")
    return rows


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        # Names and dates are short: a value this long is a quote left open (the rest of
        # the file became one value) or a file that is not a list of new hires.
        return (f"a value in the row starting here is longer than {csv.field_size_limit():,} "
                "characters: is a quote (\") left open?")
    return f"cannot be read as CSV: {exc}"


def _decode(path: Path) -> str:
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):   # /dev/zero or a pipe would be read forever
        raise CsvFileError("is not a regular file: give a CSV file")
    if status.st_size > MAX_CSV_BYTES:
        raise CsvFileError(f"the file is {-(-status.st_size // 1024 ** 2):,} MiB, over the "
                           f"{MAX_CSV_BYTES // 1024 ** 2} MiB limit: split it")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves "CSV" in the ANSI code page, GBK (GB 18030 is its
        # superset); anything else is reported rather than guessed.
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise CsvFileError("not UTF-8 or GBK text; save it as CSV UTF-8") from None


def _check_header(header: list[str]) -> None:
    if not any(header):
        raise CsvFileError("the file is empty: the first line names the columns "
                           f"({', '.join(COLUMNS)})", 1)
    for name in header:
        if name not in COLUMNS:
            hint = did_you_mean(name, COLUMNS) or f" (columns: {', '.join(COLUMNS)})"
            raise CsvFileError(f"unknown column `{name}`{hint}", 1)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CsvFileError(f"missing column{'s' if len(missing) > 1 else ''} "
                           f"{', '.join(f'`{m}`' for m in missing)}", 1)
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise CsvFileError(f"column `{twice[0]}` appears twice", 1)


def _row(line: int, header: list[str], cells: list[str]) -> Row:
    if len(cells) > len(header):
        return Row(line, {}, f"{len(cells)} values but the header names {len(header)} "
                             "columns (a comma inside a value needs quotes)")
    return Row(line, {name: cell.strip() for name, cell in zip(header, cells, strict=True)})


def duplicate_errors(rows: list[Row]) -> dict[int, str]:
    """Line → error for rows repeating an earlier row's person, role and start date."""
    seen: dict[tuple, int] = {}
    errors = {}
    for row in rows:
        key = tuple(row.values.get(name, "") for name in REQUIRED)
        if key in seen:
            errors[row.line] = f"same name, role and start date as line {seen[key]}"
        seen.setdefault(key, row.line)
    return errors


# ---------------------------------------------------------------- building

def make_row(row: Row, out: Path, formats: tuple[str, ...],
             linked: LinkedKB | None = None) -> RowResult:
    linked = linked or workers.model()
    if row.problem:
        return RowResult(row.line, error=row.problem)
    calendar = calendar_from_org(linked.org)
    try:
        hire = new_hire(linked, calendar, name=row.values.get("name"),
                        role=row.values.get("role"), start=row.values.get("start") or "",
                        manager=row.values.get("manager"), buddy=row.values.get("buddy"))
    except InputError as exc:
        return RowResult(row.line, error=str(exc))
    try:
        output = write_pack(linked, hire, calendar, out, formats)
    except OutputError as exc:   # e.g. a folder of that name that sopkit did not make
        return RowResult(row.line, error=str(exc))
    warnings = [warning for warning in (moved_warning(hire), *output.warnings) if warning]
    return RowResult(row.line, output.folder, output.files,
                     warning="; ".join(warnings) or None)


def make_rows(rows: list[Row], out: Path, formats: tuple[str, ...], *, linked: LinkedKB,
              progress: Callable, processes: int | None = None) -> list[RowResult]:
    """Every row's result, in file order. The rows run in worker processes (WeasyPrint is
    CPU-bound Python), each receiving the checked model once."""
    failed = duplicate_errors(rows)
    todo = [row for row in rows if row.line not in failed]
    processes = workers_for(processes, len(todo))
    results = [RowResult(line, error=message) for line, message in failed.items()]
    if processes <= 1:
        results += [make_row(row, out, formats, linked) for row in progress(todo, "packs")]
    else:
        with process_pool(processes, workers.receive_model, (linked,)) as pool:
            futures = [pool.submit(make_row, row, out, formats) for row in todo]
            results += [future.result() for future in progress(futures, "packs")]
    return sorted(results, key=lambda result: result.line)

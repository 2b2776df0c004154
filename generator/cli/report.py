"""How every command reports: diagnostics on stderr, results on stdout, or one JSON document.

Text (the default): errors, warnings and summaries go to stderr and what was written to
stdout, so that a script reading stdout sees only paths. --quiet leaves only the errors.

JSON (--format json): exactly one document on stdout once the command has started, whatever
the outcome, and nothing on stderr (a progress bar aside):

    {"command": "build", "ok": false,
     "files": 47, "errors": 1, "warnings": 0,
     "diagnostics": [{"path": "sops/roles/a.yaml", "line": 3, "column": 13,
                      "severity": "error", "message": "…", "code": "dangling-ref"}],
     "written": []}

``files`` counts the content files checked, ``written`` lists the files or folders made.
A problem that has no place in a content file (an --out refused, a missing program) has
``path`` "" or the file it concerns, ``line`` and ``column`` 0. A command line click cannot
accept is not a run: it gets click's usage message on stderr and exit 2, no document. A
usage error the command finds once it runs (an unknown form or role, a start date out of
range) is in the document, with code "usage", and exits 2.

Exit status: 0 done; 1 content, data or set-up problems; 2 a bad command line, including an
output path sopkit must not replace (output_dir.py). Anything else is a bug in sopkit and
keeps its traceback.
"""
from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from ..diagnostics import Diagnostics, Loc, Severity, json_fields, summary_line
from ..errors import OutputError, SetupError

if TYPE_CHECKING:
    from ..pipeline import CheckResult

FORMATS = ("text", "json")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Reporter:
    """One command's report, printed as it goes (text) or as one document at the end (JSON)."""

    def __init__(self, command: str, fmt: str = "text", quiet: bool = False) -> None:
        self.command = command
        self.json = fmt == "json"
        self.quiet = quiet
        self.diagnostics = Diagnostics()
        self.files = 0
        self.written: list[str] = []
        self.data: dict[str, object] = {}   # a command's own results, in the JSON document

    # ------------------------------------------------------------ what happened
    def content(self, result: CheckResult, *, warnings: bool = True,
                strict: bool = False) -> None:
        """A check of the knowledge base. Its warnings are shown when ``warnings`` is set
        or the check failed (they may explain the errors); with ``strict`` they count as
        errors and are shown even with --quiet."""
        self.files += result.files
        self.add(result.diagnostics, warnings=warnings or not result.ok, strict=strict)

    def checked(self, result: CheckResult, refusing: str, *, warnings: bool = False) -> None:
        """The check a command starts with: its problems shown, and the command refused
        (``"<refusing> refused: …"``, exit 1) while the content has errors."""
        self.content(result, warnings=warnings)
        if not result.ok:
            self.refuse(f"{refusing} refused: fix the errors above first")

    def add(self, diags: Diagnostics, *, files: int = 0, warnings: bool = True,
            strict: bool = False) -> None:
        self.files += files
        self.diagnostics.extend(diags)
        show_warnings = strict or (warnings and not self.quiet)
        for diag in diags.items:
            if diag.severity is Severity.ERROR or show_warnings:
                self._stderr(diag.format())

    def error(self, message: str, path: Path | str = "", line: int = 0,
              code: str = "error", column: int = 0) -> None:
        """A problem outside the content files: the data file of a form, a CSV row, --out."""
        self.diagnostics.error(Loc(str(path), line, column), message, code)
        self._stderr(f"{_where(path, line, column)}error: {message}")

    def warning(self, message: str, path: Path | str = "", line: int = 0,
                code: str = "warning", column: int = 0) -> None:
        self.diagnostics.warning(Loc(str(path), line, column), message, code)
        if not self.quiet:
            self._stderr(f"{_where(path, line, column)}warning: {message}")

    def wrote(self, path: Path | str, text: str | None = None) -> None:
        """A result: ``text`` (default: the path) on stdout."""
        self.written.append(str(path))
        if not (self.json or self.quiet):
            click.echo(text or str(path))

    def note(self, text: str) -> None:
        """A summary or remark for the person at the terminal, on stderr."""
        if not self.quiet:
            self._stderr(text)

    def summary(self) -> None:
        self.note(summary_line(self.diagnostics, self.files))

    # ------------------------------------------------------------ the end
    def refuse(self, message: str) -> NoReturn:
        """The content has errors, so the command does nothing: the summary, why, exit 1."""
        self.summary()
        self.fail(message)

    def fail(self, message: str | None = None, exit_code: int = 1) -> NoReturn:
        if message:
            self._stderr(message)  # even with --quiet: it says why nothing was done
        self._document(ok=False)
        sys.exit(exit_code)

    def finish(self, exit_code: int = 0) -> None:
        """The JSON document, if asked for, and the exit status (returns only on success)."""
        self._document(ok=exit_code == 0)
        if exit_code:
            sys.exit(exit_code)

    def _document(self, ok: bool) -> None:
        if self.json:
            document = {"command": self.command, "ok": ok,
                        **json_fields(self.diagnostics, self.files), "written": self.written,
                        **self.data}
            text = json.dumps(document, ensure_ascii=False, indent=2)
            # A lone surrogate (from a mis-encoded argument or file name) cannot be written
            # as UTF-8; escaped, the document is still printed and still valid JSON.
            click.echo(_SURROGATE.sub(lambda char: f"\\u{ord(char.group()):04x}", text))

    @contextlib.contextmanager
    def failures(self) -> Iterator[None]:
        """A broken set-up, an output that cannot or must not be written, or a usage error
        found by the command ends it with its message and exit status (2 for an unsafe path
        or a usage error), never a traceback."""
        try:
            yield
        except SetupError as exc:
            self.error(str(exc), code="setup")
            self.fail()
        except OutputError as exc:
            self.error(str(exc), code="output")
            self.fail(exit_code=exc.exit_code)
        except click.UsageError as exc:
            # Found once the run had started (an unknown form or role, a date out of range):
            # click's usage message in text, and the promised document in JSON.
            if not self.json:
                raise
            self.error(exc.format_message(), code="usage")
            self.fail(exit_code=exc.exit_code)

    def _stderr(self, text: str) -> None:
        if not self.json:
            click.echo(text, err=True)


def _where(path: Path | str, line: int, column: int = 0) -> str:
    if not str(path):
        return ""
    if column:
        return f"{path}:{line}:{column}: "
    return f"{path}:{line}: " if line else f"{path}: "

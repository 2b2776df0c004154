"""Problems found in content, reported as ``path:line:col: severity: message [code]``.

User errors never raise out of the loader or linker: they are collected here so that
one run reports all of them. Bugs in sopkit are ordinary exceptions and keep their
traceback.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A position in a content file; line and column are 1-based, as editors show them."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


# The codes of problems that stop a whole file from being read (syntax, encoding, size):
# reported before everything else, since other messages may follow from them.
UNREADABLE_CODES = frozenset({
    "yaml-syntax", "yaml-ime", "encoding", "io", "too-large", "empty-file",
    "multiple-documents", "alias-bomb", "too-deep", "yaml-tag", "top-level-list"})


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    loc: Loc
    severity: Severity
    message: str
    code: str

    def format(self) -> str:
        return f"{self.loc}: {self.severity.value}: {self.message} [{self.code}]"

    def as_json(self) -> dict:
        return {
            "path": self.loc.path,
            "line": self.loc.line,
            "column": self.loc.col,
            "severity": self.severity.value,
            "message": self.message,
            "code": self.code,
        }


class Diagnostics:
    """Collects problems; sorted by place when reported so output is stable."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def error(self, loc: Loc, message: str, code: str) -> None:
        self._items.append(Diagnostic(loc, Severity.ERROR, message, code))

    def warning(self, loc: Loc, message: str, code: str) -> None:
        self._items.append(Diagnostic(loc, Severity.WARNING, message, code))

    def extend(self, other: Diagnostics) -> None:
        self._items.extend(other._items)

    @property
    def items(self) -> list[Diagnostic]:
        # A file that cannot be read is the first thing to fix: its error comes first.
        return sorted(set(self._items), key=lambda d: (d.code not in UNREADABLE_CODES, d.loc,
                                                        d.code, d.message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def __bool__(self) -> bool:
        return bool(self._items)


def relative_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible, so that
    editors and terminals can open them; otherwise absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(os.getcwd()))
    except ValueError:
        return str(absolute)


def summary_line(diags: Diagnostics, files: int) -> str:
    errors, warnings = len(diags.errors), len(diags.warnings)
    return f"{files} file{'s' if files != 1 else ''} checked: " \
           f"{errors} error{'s' if errors != 1 else ''}, " \
           f"{warnings} warning{'s' if warnings != 1 else ''}"


def format_text(diags: Diagnostics, files: int) -> str:
    lines = [d.format() for d in diags.items]
    lines.append(summary_line(diags, files))
    return "\n".join(lines)


def json_fields(diags: Diagnostics, files: int) -> dict:
    """The counts and the diagnostics, as every command's JSON report carries them."""
    return {
        "files": files,
        "errors": len(diags.errors),
        "warnings": len(diags.warnings),
        "diagnostics": [d.as_json() for d in diags.items],
    }


def format_json(diags: Diagnostics, files: int) -> str:
    return json.dumps(json_fields(diags, files), ensure_ascii=False, indent=2)

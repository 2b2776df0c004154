"""One rebuild: check in this process (fast, and it gives the problems with file:line:col),
then `sopkit build` in a child process, which renders into a staging folder and swaps it in
as the output only when every format succeeded, so the last good output stays served.

The child is a fresh interpreter on purpose: no template or font cache of an earlier build
can leak into the next one, and a crash in a renderer cannot take the server down.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..errors import SetupError
from ..pipeline import check
from .state import BuildState, Problem

STOP_GRACE_SECONDS = 15  # the child removes its staging folder on SIGINT


def _problem(diag: Diagnostic) -> Problem:
    return Problem(str(diag.loc) if diag.loc.path else "", diag.severity.value, diag.message,
                   diag.code)


def _from_json(item: dict) -> Problem:
    place = item.get("path") or ""
    if place and item.get("line"):
        place = f"{place}:{item['line']}:{item.get('column', 0)}"
    return Problem(place, item.get("severity", "error"), item.get("message", ""),
                   item.get("code", "error"))


class Rebuilder:
    """Checks and builds ``sops`` into ``out``, telling ``state`` and the terminal."""

    def __init__(self, sops: Path, out: Path, state: BuildState, echo: Callable[[str], None],
                 jobs: int | None = None, today: dt.date | None = None) -> None:
        self.sops, self.out, self.state, self.echo = sops, out, state, echo
        self.jobs, self.today = jobs, today
        self._child: subprocess.Popen | None = None
        self._warnings_shown: set[Problem] = set()

    def run(self) -> bool:
        self.state.started()
        start = time.perf_counter()
        ok, problems, locale = self._check()
        if locale:  # the page shown while building speaks the knowledge base's language
            self.state.locale = locale
        if ok:
            ok, problems = self._build()
        seconds = time.perf_counter() - start
        self.state.finished(ok, tuple(p for p in problems if p.severity == "error"),
                            seconds, locale)
        if ok:
            self.echo(f"rebuilt {self.out} in {seconds:.1f} s")
        else:
            self.echo(f"build failed after {seconds:.1f} s: the last good output stays served")
        return ok

    def _check(self) -> tuple[bool, list[Problem], str | None]:
        try:
            result = check(self.sops, self.today)
        except SetupError as exc:  # e.g. SOPKIT_TODAY not a date: a message, not a crash
            problem = Problem("", "error", str(exc), "setup")
            self.echo(problem.format())
            return False, [problem], None
        problems = [_problem(diag) for diag in result.diagnostics.items]
        self._show(problems)
        locale = result.linked.locale if result.ok else None
        return result.ok, problems, locale

    def _show(self, problems: list[Problem]) -> None:
        """Errors every time (they are what stops the build); a warning only when new."""
        warnings = {p for p in problems if p.severity == Severity.WARNING.value}
        for problem in problems:
            if problem.severity != Severity.WARNING.value or problem not in self._warnings_shown:
                self.echo(problem.format())
        errors = len(problems) - len(warnings)
        new = len(warnings - self._warnings_shown)
        self.echo(f"checked: {errors} error(s), {len(warnings)} warning(s) ({new} new)")
        self._warnings_shown = warnings

    def _command(self) -> list[str]:
        command = [sys.executable, "-m", "generator", "build", "--sops", str(self.sops),
                   "--out", str(self.out), "--format", "json", "--quiet"]
        if self.jobs:
            command += ["--jobs", str(self.jobs)]
        if self.today:
            command += ["--today", self.today.isoformat()]
        return command

    def _build(self) -> tuple[bool, list[Problem]]:
        # Its own session: a Ctrl-C at the terminal reaches the server, which stops the
        # child itself (stop()) instead of both printing about it.
        self._child = subprocess.Popen(self._command(), stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True,
                                       start_new_session=True)
        stdout, stderr = self._child.communicate()
        code, self._child = self._child.returncode, None
        try:
            report = json.loads(stdout)
        except ValueError:  # a crash: its traceback is a bug report, shown as it is
            problem = Problem("", "error", f"sopkit build stopped ({code}):\n{stderr.strip()}",
                              "crash")
            self.echo(problem.format())
            return False, [problem]
        problems = [_from_json(item) for item in report.get("diagnostics", [])]
        if not report.get("ok"):
            for problem in problems:
                if problem.severity == "error":
                    self.echo(problem.format())
        return bool(report.get("ok")), problems

    def stop(self) -> None:
        """End a build in progress; its staging folder is removed, the output kept."""
        child = self._child
        if child is None or child.poll() is not None:
            return
        os.killpg(child.pid, signal.SIGINT)
        try:
            child.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()

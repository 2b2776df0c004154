"""What the server shows about the builds: shared by the build loop and the HTTP threads."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..i18n import DEFAULT_LOCALE


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a failed build, as the terminal and the banner show it."""

    where: str       # "path:line:col", or "" for a problem outside the content files
    severity: str
    message: str
    code: str

    def format(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.severity}: {self.message} [{self.code}]"


@dataclass
class BuildState:
    """``version`` grows after every finished build, good or bad: a served page reloads
    when it changes. ``problems`` are those of the last build when it failed (the output
    served is then the last good one)."""

    version: int = 0
    building: bool = False
    failed: bool = False
    built_once: bool = False
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    locale: str = DEFAULT_LOCALE
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def started(self) -> None:
        with self._lock:
            self.building = True

    def finished(self, ok: bool, problems: tuple[Problem, ...], seconds: float,
                 locale: str | None) -> None:
        with self._lock:
            self.building = False
            self.failed = not ok
            self.built_once = self.built_once or ok
            self.problems = () if ok else problems
            self.seconds = seconds
            self.locale = locale or self.locale
            self.version += 1

    def as_json(self) -> dict:
        with self._lock:
            state = "building" if self.building else "failed" if self.failed else \
                "ok" if self.built_once else "starting"
            return {"version": self.version, "state": state, "seconds": round(self.seconds, 1),
                    "problems": [{"where": p.where, "severity": p.severity,
                                  "message": p.message, "code": p.code}
                                 for p in self.problems]}

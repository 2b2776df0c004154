"""load → link: the one path from a ``sops/`` folder to the model every renderer reads."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .errors import SetupError
from .linker import LinkedKB, link
from .loader import load
from .publication import publish_last_approved
from .textsafety import shown


@dataclass(frozen=True, slots=True)
class CheckResult:
    linked: LinkedKB
    diagnostics: Diagnostics
    files: int

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors


def today_for_checks() -> dt.date:
    """Today, unless SOPKIT_TODAY pins it (reproducible builds and tests)."""
    pinned = os.environ.get("SOPKIT_TODAY")
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise SetupError(f"SOPKIT_TODAY={shown(pinned)!r} is not a date: write YYYY-MM-DD "
                         "(e.g. SOPKIT_TODAY=2026-11-23), or unset it") from None


def check(root: Path, today: dt.date | None = None, history: bool = True) -> CheckResult:
    """``history``: publish each draft's last approved revision from git (publication.py);
    off, or without git, drafts are published as they are, marked."""
    diags = Diagnostics()
    kb = load(root, diags)
    today = today or today_for_checks()
    linked = link(kb, today, diags)
    if history and not diags.errors:
        linked = publish_last_approved(root, kb, linked, today, diags)
    return CheckResult(linked, diags, kb.files)

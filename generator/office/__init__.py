"""LibreOffice kept running and driven over UNO (unoserver.py, run by the Python that has
``uno``), so that a build, or every rebuild of `sopkit serve`, starts it once."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .client import SOCKET_ENV, OfficeError, OfficeGone, OfficeServer

__all__ = ["OfficeError", "OfficeGone", "OfficeServer", "SOCKET_ENV", "office_for_build"]


def office_for_build() -> tuple[str | None, Callable[[], None]]:
    """A LibreOffice server's socket for this build's jobs and what to call when they are
    done: the one `sopkit serve` keeps (``$SOPKIT_OFFICE_SOCKET``, left running), else a
    new one, ended by that call. (None, no-op) when ``uno`` is missing: jobs then start
    their own soffice."""
    shared = os.environ.get(SOCKET_ENV)
    if shared and Path(shared).exists():
        return shared, lambda: None
    server = OfficeServer.start()
    if server is None:
        return None, lambda: None
    return server.socket_path, server.close

"""The knowledge base inside a worker process: loaded once by the pool's initializer.

The linked model holds mapping proxies, which cannot be pickled to another process, so
each worker loads it again from the same folder (a tenth of a second) and keeps it.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..linker import LinkedKB

_LINKED: LinkedKB | None = None


def load_model(sops: str | Path, today: dt.date) -> None:
    """Pool initializer: ``initargs=(linked.kb.root, linked.today)``."""
    global _LINKED
    from ..pipeline import check
    _LINKED = check(Path(sops), today).linked


def model() -> LinkedKB:
    if _LINKED is None:
        raise RuntimeError("the worker's knowledge base was not loaded (initializer missing)")
    return _LINKED

"""A progress bar for long builds; silent when output is not a terminal or with --quiet."""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def progress_bar(enabled: bool = True):
    if not enabled or not sys.stderr.isatty():
        yield lambda items, _label, total=None: items
        return
    from rich.console import Console
    from rich.progress import Progress

    # On stderr with the other messages: stdout carries only results (paths, JSON).
    with Progress(console=Console(stderr=True), transient=True) as bar:
        def track(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
            # Given a total, results are shown as they arrive (e.g. from a process pool).
            if total is None:
                items = list(items)
                total = len(items)
            yield from bar.track(items, total=total, description=label)
        yield track

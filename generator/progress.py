"""A progress bar for long builds; silent when output is not a terminal or with --quiet."""
from __future__ import annotations

import contextlib
import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def progress_bar(enabled: bool = True):
    if not enabled or not sys.stderr.isatty():
        yield lambda items, _label: items
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        def track(items: Iterable[T], label: str) -> Iterator[T]:
            items = list(items)
            yield from bar.track(items, total=len(items), description=label)
        yield track

"""Worker processes: how many (one setting, `--jobs N`, for every pool) and how they end.

A worker must never outlive the command that started it: if sopkit is killed (SIGKILL,
SIGTERM, the terminal closing), Linux sends each worker SIGKILL too (PR_SET_PDEATHSIG),
so no orphan goes on printing PDFs for nobody.
"""
from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_PR_SET_PDEATHSIG = 1


def machine_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(jobs: int | None, tasks: int) -> int:
    """Processes worth starting for ``tasks`` pieces of work: never more than there are."""
    return max(1, min(jobs or machine_cores(), tasks))


def process_pool(workers: int, initializer: Callable[..., Any] | None = None,
                 initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool whose workers die with this process, then run ``initializer(*initargs)``."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., Any] | None, initargs: tuple) -> None:
    _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent(parent: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their pipe closes
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

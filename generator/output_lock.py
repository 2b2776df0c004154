"""One sopkit at a time per output: an flock'd file beside the output naming its holder."""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputBusy


@contextlib.contextmanager
def locked(path: Path, shown: str) -> Iterator[None]:
    """Hold ``path`` locked for the block; raise OutputBusy naming the process that holds it.

    The file is removed when the block ends. A process that opened it just before the
    removal finds, once it has the lock, that the name now means another file (or none),
    and tries again: so two processes never both believe they hold the lock.
    """
    handle = _acquire(path, shown)
    try:
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()} {started}\n".encode())
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(handle)


def _acquire(path: Path, shown: str) -> int:
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 200).decode(errors="replace").split(maxsplit=1)
            os.close(handle)
            raise OutputBusy(_busy_message(shown, holder)) from None
        if _same_file(handle, path):
            return handle
        os.close(handle)   # removed by its previous holder after we opened it: retry


def _same_file(handle: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(handle)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _busy_message(shown: str, holder: list[str]) -> str:
    # No advice to delete the file: the lock dies with its process, so a holder is alive.
    who = (f"process {holder[0]}, started {holder[1].strip()}" if len(holder) == 2
           else "a process that is just starting")
    return f"{shown} is being written by another sopkit ({who}); run again once it has finished"

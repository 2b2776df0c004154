"""Noticing saves: a snapshot of modification times, compared by polling.

Polling needs no dependency and works on network shares and in containers, where inotify
does not see every change; a knowledge base of a few thousand files is listed in
milliseconds.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]

# Editors' swap and backup files, and folders no build reads: saving them is not an edit.
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")
IGNORED_PREFIXES = (".#",)
IGNORED_FOLDERS = {".git", ".schema", "__pycache__", ".sopkit-cache"}


def _ignored(name: str) -> bool:
    return name.endswith(IGNORED_SUFFIXES) or name.startswith(IGNORED_PREFIXES)


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Every file under ``roots`` (files themselves allowed) → (mtime_ns, size)."""
    seen: Snapshot = {}
    for root in roots:
        if root.is_file():
            _add(seen, root)
            continue
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = [name for name in subfolders if name not in IGNORED_FOLDERS]
            for name in files:
                if not _ignored(name):
                    _add(seen, Path(folder) / name)
    return seen


def _add(seen: Snapshot, path: Path) -> None:
    try:
        info = path.stat()
    except OSError:  # deleted between listing and stat: the next poll sees it gone
        return
    seen[str(path)] = (info.st_mtime_ns, info.st_size)


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The files added, removed or modified, sorted."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))


def wait_for_change(roots: list[Path], known: Snapshot, interval: float = 0.5,
                    settle: float = 0.3) -> tuple[Snapshot, list[str]]:
    """Block until a file under ``roots`` changes, then until saving has settled (editors
    write a file in several steps); returns the new snapshot and the changed files."""
    while True:
        time.sleep(interval)
        current = snapshot(roots)
        if current != known:
            break
    while True:  # wait until two polls agree, so a half-written file is not built
        time.sleep(settle)
        settled = snapshot(roots)
        if settled == current:
            return settled, changed(known, settled)
        current = settled

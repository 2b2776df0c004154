"""One content-addressed store for everything sopkit may reuse instead of making again.

An entry is named by the SHA-256 of everything that made it (the caller's inputs and the
versions of the tools involved), so a changed input is simply a new name and a stale entry
is never served; old entries are only clutter. Entries live on disk under ``$SOPKIT_CACHE``
(default ``$XDG_CACHE_HOME/sopkit``, ``~/.cache`` when unset), one folder per kind, so worker
processes and later runs share them; callers that ask often add ``functools.lru_cache``. A
folder that cannot be read or written only costs time: the value is made again.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def enabled() -> bool:
    """``--no-cache`` (SOPKIT_NO_CACHE=1): nothing is read or kept."""
    return os.environ.get("SOPKIT_NO_CACHE", "") in ("", "0")


def store_root() -> Path:
    configured = os.environ.get("SOPKIT_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sopkit"


def key_of(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")  # ("ab", "c") and ("a", "bc") must not share a key
    return digest.hexdigest()


def entry_path(kind: str, key: str) -> Path:
    return store_root() / kind / key


def load(kind: str, key: str) -> bytes | None:
    if not enabled():
        return None
    try:  # RuntimeError: no XDG_CACHE_HOME and no home folder to find ~/.cache in
        path = entry_path(kind, key)
        data = path.read_bytes()
    except (OSError, RuntimeError):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruning (buildcache.prune) deletes the oldest first
    return data


def save(kind: str, key: str, data: bytes) -> None:
    """Write atomically (a reader in another process never sees half an entry)."""
    if not enabled():
        return
    try:
        folder = store_root() / kind
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, folder / key)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, RuntimeError):
        pass


def load_or_make(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    data = load(kind, key)
    if data is None:
        data = make()
        save(kind, key, data)
    return data


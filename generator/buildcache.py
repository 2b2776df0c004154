"""The build cache: an output is reused when nothing it reads has changed (issue 14).

Every cached output is named by one key: the SHA-256 of the code fingerprint (below), the
output's kind and exactly what the output reads (its slice of the linked model as rendered
HTML or JSON, the CSS, options…). A changed input is a new key, so a stale file is never
served; an unused entry is only clutter, pruned oldest first when the cache outgrows its
bound. Entries are kept by ``store.py``, which is also where worker processes find them.

Where the cache is: ``--cache DIR``, else ``$SOPKIT_CACHE``, else ``.sopkit-cache/`` beside
``sops/``. ``--no-cache`` turns it off (``SOPKIT_NO_CACHE=1``). The choice is made once per
command and handed to worker processes through the environment, which they inherit.

The fingerprint hashes sopkit's own code and catalogs (a developer's edit changes every key
even without a version bump), mkdocs.yml, and the versions of the libraries and programs
that draw the outputs. Templates (``templates/``) and the portal's source (``site/``) are
not in it: what a template makes is in the key of every output it reaches (the rendered
HTML or Markdown), and files used as they are (stylesheets, the Word reference document,
the portal's overrides) are in the keys of the outputs that read them. So an edited
template or stylesheet rebuilds only the outputs that use it.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .paths import RESOURCE_DIR

DEFAULT_FOLDER = ".sopkit-cache"
DEFAULT_LIMIT_MB = 2048
# Drawing libraries whose version is part of every key: a new WeasyPrint may lay out the
# same HTML differently, and the cached PDF must not outlive it.
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pypdf", "python-docx", "docxtpl", "jinja2",
             "lxml", "openpyxl", "mkdocs", "mkdocs-material", "pymdown-extensions",
             "markdown", "pyyaml", "reportlab", "pikepdf", "pymupdf", "dulwich")
PROGRAMS = (("dot", "-V"), ("rsvg-convert", "--version"))
_SOURCE_SUFFIXES = {".py", ".yaml", ".yml", ".j2", ".css", ".html", ".js", ".txt", ".md",
                    ".docx", ".json", ".svg", ".png"}
_PACKAGE_DIR = Path(__file__).resolve().parent
_RESOURCES = "_resources"  # a wheel's copy of templates/ and site/ (paths.py)


@contextlib.contextmanager
def configured(sops_root: Path, cache_dir: Path | None = None,
               enabled: bool = True) -> Iterator[None]:
    """This command's cache, for it and every process it starts while inside; the
    environment is given back afterwards (a test running several commands in one process
    must not inherit the last one's --no-cache)."""
    saved = {name: os.environ.get(name) for name in ("SOPKIT_CACHE", "SOPKIT_NO_CACHE")}
    if not enabled:
        os.environ["SOPKIT_NO_CACHE"] = "1"
    else:
        os.environ.pop("SOPKIT_NO_CACHE", None)
        if cache_dir is not None:
            os.environ["SOPKIT_CACHE"] = str(cache_dir.resolve())
        elif not os.environ.get("SOPKIT_CACHE"):
            os.environ["SOPKIT_CACHE"] = str(sops_root.resolve().parent / DEFAULT_FOLDER)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(_relative(path).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        digest.update(f"{name}={_version(name)}\0".encode())
    for program in PROGRAMS:
        digest.update(_program_version(program).encode("utf-8") + b"\0")
    return digest.hexdigest()


def _source_files() -> list[Path]:
    """The package's code, catalogs and assets (not its ``_resources`` copy of the
    templates) and mkdocs.yml."""
    found = {path for path in _PACKAGE_DIR.rglob("*")
             if path.suffix in _SOURCE_SUFFIXES and path.is_file()
             and "__pycache__" not in path.parts
             and _RESOURCES not in path.relative_to(_PACKAGE_DIR).parts}
    mkdocs_yml = RESOURCE_DIR / "mkdocs.yml"
    if mkdocs_yml.is_file():
        found.add(mkdocs_yml)
    return sorted(found)


def _relative(path: Path) -> str:
    # Relative, so that two checkouts of the same commit share a cache.
    for base in (RESOURCE_DIR, _PACKAGE_DIR.parent):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _program_version(command: tuple[str, str]) -> str:
    if shutil.which(command[0]) is None:
        return f"{command[0]} missing"
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return f"{command[0]} {done.stdout.strip()} {done.stderr.strip()}"


def file_fingerprint(path: Path) -> str:
    """A file an output embeds (a font, a logo): named by its content, not its path."""
    try:
        status = path.stat()
    except OSError:
        return f"missing:{path}"
    # The print cache, the Word keys and the layout fonts each key on the same CJK font
    # files (20–27 MB each): hashed once a process while the file stays the same. Any
    # write changes ctime (which no program can set), a replacement the inode.
    return _content_digest(str(path), status.st_dev, status.st_ino, status.st_size,
                           status.st_mtime_ns, status.st_ctime_ns)


@functools.lru_cache(maxsize=256)
def _content_digest(path: str, *_status: int) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return f"missing:{path}"


def output_key(kind: str, *inputs: str | bytes) -> str:
    return store.key_of(fingerprint(), kind, *inputs)


@dataclass
class Tally:
    """Per format, how many files were made again and how many came from the cache; shown
    after a build so a writer sees what an edit cost."""

    rebuilt: Counter = field(default_factory=Counter)
    reused: Counter = field(default_factory=Counter)
    made: dict[str, list[str]] = field(default_factory=dict)  # format → what was rebuilt
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, fmt: str, reused: bool, files: int = 1, name: str = "") -> None:
        with self._lock:
            (self.reused if reused else self.rebuilt)[fmt] += files
            if name and not reused:
                self.made.setdefault(fmt, []).append(name)

    def formats(self) -> list[str]:
        return list(dict.fromkeys([*self.rebuilt, *self.reused]))

    def lines(self) -> list[str]:
        return [f"{fmt}: {self.rebuilt[fmt]} rebuilt, {self.reused[fmt]} from cache"
                for fmt in self.formats()]


def cached(tally: Tally, fmt: str, kind: str, key: str, make: Callable[[], bytes],
           name: str = "") -> bytes:
    """The output named ``key``: from the cache, or made and kept there. ``name`` (a path
    in the output folder, or a part's name) is listed when it had to be made."""
    data = store.load(kind, key)
    tally.count(fmt, reused=data is not None, name=name)
    if data is None:
        data = make()
        store.save(kind, key, data)
    return data


def prune(limit_mb: int | None = None) -> int:
    """Delete the least recently used entries until the cache is under its bound; returns
    how many were deleted. Readers refresh an entry's time (store.load), so what a build
    still uses is kept."""
    if not store.enabled():
        return 0
    limit = (limit_mb if limit_mb is not None else _limit_mb()) * 1024 * 1024
    entries = []
    for path in store.store_root().rglob("*"):
        try:
            if path.is_file():
                info = path.stat()
                entries.append((info.st_mtime, info.st_size, path))
        except OSError:
            continue
    total = sum(size for _, size, _ in entries)
    deleted = 0
    for _, size, path in sorted(entries, key=lambda entry: entry[0]):
        if total <= limit:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        deleted += 1
    return deleted


def _limit_mb() -> int:
    try:
        return int(os.environ.get("SOPKIT_CACHE_LIMIT_MB", DEFAULT_LIMIT_MB))
    except ValueError:
        return DEFAULT_LIMIT_MB

"""A rebuild with nothing changed: known at once, before the check and the renderers run.

The build cache (buildcache.py) makes each output once, but even a build whose every output
comes from it still loads, checks and links the knowledge base and renders every document's
HTML to compute the keys: several seconds on the sample. Like Bazel's action cache one
level up, a successful build records a stamp of EVERYTHING it read:

- every file under ``sops/`` (path and bytes) and sopkit's code, templates and portal
  source, with the versions of the libraries and programs (buildcache.fingerprint);
- the fonts fontconfig offers (a changed font changes the PDFs);
- the command's options, the date the check uses, and git's refs and HEAD (drafts are
  published from their last approved commit; releases are tags);
- the output folder as the build left it (each file's path, size and modification time).

The next build with the same stamp and an output folder as it was left has nothing to do.
Only a build without diagnostics is stamped, so warnings are never skipped silently. The
stamp lives in the build cache (``--no-cache`` neither reads nor writes it), keyed by the
output folder's path, so ``dist/`` stays byte for byte what a clean build writes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import store
from .buildcache import fingerprint
from .paths import DEFAULT_MKDOCS_YML, RESOURCE_DIR, TEMPLATES_DIR

KIND = "build-stamps"
_RESOURCE_FOLDERS = (TEMPLATES_DIR, RESOURCE_DIR / "site")


@dataclass(frozen=True)
class Stamp:
    key: str
    files: int        # content files the check read, for the summary line
    tally: dict       # format → files reused, as the stamped build's outputs now are


def inputs_key(sops_root: Path, today: dt.date, options: dict) -> str | None:
    """None when the build may read what the stamp cannot see: a knowledge base's own
    mkdocs.yml may name any folder."""
    own = sops_root.resolve().parent / "mkdocs.yml"
    if own.exists() and own != DEFAULT_MKDOCS_YML.resolve():
        return None
    digest = hashlib.sha256()
    for part in (fingerprint(), _tree_digest(sops_root), _resources_digest(),
                 _fonts_digest(), _git_digest(sops_root), today.isoformat(),
                 json.dumps(options, sort_keys=True, default=str)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def unchanged(out: Path, key: str) -> Stamp | None:
    """The stamp of the build that left ``out`` as it is, if it read the same inputs."""
    data = store.load(KIND, _slot(out))
    if data is None:
        return None
    try:
        recorded = json.loads(data)
    except ValueError:
        return None
    if recorded.get("key") != key or recorded.get("listing") != _listing(out):
        return None
    return Stamp(key, recorded["files"], recorded["tally"])


def record(out: Path, stamp: Stamp) -> None:
    payload = {"key": stamp.key, "files": stamp.files, "tally": stamp.tally,
               "listing": _listing(out)}
    store.save(KIND, _slot(out), json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def forget(out: Path) -> None:
    """A build that did not stamp (diagnostics, failure) leaves no older stamp behind."""
    store.save(KIND, _slot(out), b"{}")


def _slot(out: Path) -> str:
    return hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()


def _listing(out: Path) -> list[list]:
    found = []
    for folder, dirs, files in os.walk(out):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            info = path.lstat()
            found.append([str(path.relative_to(out)), info.st_size, info.st_mtime_ns])
    return found


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape")
                          + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError as error:  # the check reports it; the stamp only must differ
                digest.update(f"unreadable {error.errno}".encode())
    return digest.hexdigest()


def _resources_digest() -> str:
    digest = hashlib.sha256()
    for folder in _RESOURCE_FOLDERS:
        if folder.is_dir():
            digest.update(_tree_digest(folder).encode("ascii"))
    if DEFAULT_MKDOCS_YML.is_file():
        digest.update(hashlib.sha256(DEFAULT_MKDOCS_YML.read_bytes()).digest())
    return digest.hexdigest()


def _fonts_digest() -> str:
    """The installed fonts as fontconfig lists them, with each file's size and time."""
    if shutil.which("fc-list") is None:
        return "no fontconfig"
    listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                            text=True, check=False).stdout.split()
    digest = hashlib.sha256()
    for name in sorted(set(listed)):
        try:
            info = os.stat(name)
        except OSError:
            continue
        digest.update(f"{name} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _git_digest(sops_root: Path) -> str:
    """Every ref of the repository holding sops/, HEAD included (resolved to its commit);
    "no git" when sops/ is not in one."""
    from dulwich.errors import NotGitRepository
    from dulwich.repo import Repo

    try:
        repo = Repo.discover(str(sops_root.resolve()))
    except NotGitRepository:
        return "no git"
    with repo:
        lines = [bytes(name) + b" " + bytes(sha) for name, sha in sorted(repo.get_refs().items())]
    return hashlib.sha256(b"\n".join(lines)).hexdigest()

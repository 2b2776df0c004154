"""Published = last approved: a draft's last approved revision, read from git.

ISO 9001 §7.5: while a document is being revised, people keep using the approved version.
When an item's file in the working tree is a draft (or in review), this module walks the
git history of that file (with dulwich, never the git command) and finds the newest commit
in which the file was approved. The old text is read by the normal loader, so every node
keeps a location: ``sops/roles/x.yaml@1a2b3c4:12:5`` (file, commit, line, column).

Without a repository, with the file not in git, or with no approved commit, there is
nothing to publish instead and the draft is shown, marked, as before.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from dulwich.errors import NotGitRepository, NotTreeError
from dulwich.object_store import tree_lookup_path
from dulwich.objects import Blob, Commit
from dulwich.repo import Repo

from .diagnostics import Diagnostics
from .doccontrol import resolve
from .kinds import kind_of
from .loader import load_item_bytes
from .model import Item, Org
from .published import LastApproved

SHORT = 7  # the commit as people quote it (git's default abbreviation)


def last_approved(root: Path, drafts: list[Item], org: Org) -> dict[tuple[str, str], LastApproved]:
    """For each draft item whose file git knows, its newest approved revision, by
    (KIND, id). Drafts with none are left out: they are published as drafts."""
    repo = _open_repository(root)
    if repo is None or not drafts:
        return {}
    try:
        return _search(repo, root, drafts, org)
    finally:
        repo.close()


def _open_repository(root: Path) -> Repo | None:
    try:
        repo = Repo.discover(str(root))
    except NotGitRepository:
        return None
    try:
        repo.head()
    except KeyError:  # a repository without a commit yet
        repo.close()
        return None
    return repo


def _search(repo: Repo, root: Path, drafts: list[Item],
            org: Org) -> dict[tuple[str, str], LastApproved]:
    top = Path(os.path.realpath(repo.path))
    wanted: dict[bytes, Item] = {}
    for item in drafts:
        path = _repo_path(top, root, item)
        if path is not None:
            wanted[path] = item
    found: dict[tuple[str, str], LastApproved] = {}
    tried: set[tuple[bytes, bytes]] = set()  # (path, blob): each old text is read once
    for commit in _commits_touching(repo, list(wanted)):
        for path, draft in list(wanted.items()):
            approved = _approved_at(repo, commit, path, draft, org, tried)
            if approved is not None:
                found[(draft.KIND, draft.id)] = approved
                del wanted[path]
        if not wanted:
            break
    return found


def _repo_path(top: Path, root: Path, item: Item) -> bytes | None:
    """The item's file as a path inside the repository (git's spelling: / and bytes)."""
    file = Path(os.path.realpath(root)) / kind_of(item).folder / Path(item.source).name
    try:
        return file.relative_to(top).as_posix().encode()
    except ValueError:  # the knowledge base is outside the repository found
        return None


def _commits_touching(repo: Repo, paths: list[bytes]) -> Iterator[Commit]:
    """Newest first, the commits that changed any of ``paths``."""
    for entry in repo.get_walker(include=[repo.head()], paths=paths):
        yield entry.commit


def _approved_at(repo: Repo, commit: Commit, path: bytes, draft: Item, org: Org,
                 tried: set[tuple[bytes, bytes]]) -> LastApproved | None:
    blob = _blob_at(repo, commit, path)
    if blob is None or (path, blob.id) in tried:
        return None
    tried.add((path, blob.id))
    short = commit.id.decode()[:SHORT]
    shown = f"{draft.source}@{short}"
    # An old revision that no longer loads is simply not publishable: the working tree is
    # what `sopkit check` reports on, so its problems are not the user's to fix now.
    item = load_item_bytes(blob.data, type(draft), draft.id, shown, Diagnostics())
    if item is None or resolve(item, org).status != "approved":
        return None
    when = dt.datetime.fromtimestamp(commit.commit_time, dt.UTC).date()
    return LastApproved(item=item, draft=draft, commit=short, date=when)


def _blob_at(repo: Repo, commit: Commit, path: bytes) -> Blob | None:
    lookup: Callable = repo.object_store.__getitem__
    try:
        _mode, sha = tree_lookup_path(lookup, commit.tree, path)
    except (KeyError, NotTreeError):  # the file (or its folder) was not in that commit
        return None
    blob = repo.object_store[sha]
    return blob if isinstance(blob, Blob) else None

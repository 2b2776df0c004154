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
from collections.abc import Iterator
from pathlib import Path

from dulwich.errors import NotGitRepository, NotTreeError
from dulwich.object_store import tree_lookup_path
from dulwich.objects import Blob, Commit, ObjectID
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
    drafts_at: dict[bytes, Item] = {}
    for item in drafts:
        path = _repo_path(top, root, item)
        if path is not None:
            drafts_at[path] = item
    wanted = dict(drafts_at)
    # path -> (approved blob, the oldest commit so far of the run that holds it): the
    # commit reported is the one that brought the approved text, not a later one that
    # merely kept it
    running: dict[bytes, tuple[ObjectID, Commit]] = {}
    done: dict[bytes, tuple[ObjectID, Commit]] = {}
    tried: set[tuple[bytes, bytes]] = set()  # (path, blob): each old text is read once
    seen: dict[tuple[ObjectID, bytes], ObjectID | None] = {}  # (tree, path) -> object id
    for commit in _commits(repo):
        for path, (blob_id, _newer) in list(running.items()):
            if _lookup(repo, commit.tree, path, seen) == blob_id:
                running[path] = (blob_id, commit)
            else:
                done[path] = running.pop(path)
        for path, draft in list(wanted.items()):
            blob = _approved_blob(repo, commit, path, draft, org, tried, seen)
            if blob is not None:
                running[path] = (blob.id, commit)
                del wanted[path]
        if not wanted and not running:
            break
    done.update(running)
    found: dict[tuple[str, str], LastApproved] = {}
    for path, (blob_id, commit) in done.items():
        draft = drafts_at[path]
        found[(draft.KIND, draft.id)] = _last_approved(repo, blob_id, commit, draft)
    return found


def _repo_path(top: Path, root: Path, item: Item) -> bytes | None:
    """The item's file as a path inside the repository (git's spelling: / and bytes)."""
    file = Path(os.path.realpath(root)) / kind_of(item).folder / Path(item.source).name
    try:
        return file.relative_to(top).as_posix().encode()
    except ValueError:  # the knowledge base is outside the repository found
        return None


def _commits(repo: Repo) -> Iterator[Commit]:
    """Every commit from HEAD back, newest first. Each file is looked up in each commit
    (a few tree reads) rather than asking the walker for the commits that changed it:
    that diffs every commit's whole tree, several times slower on a long history."""
    for entry in repo.get_walker(include=[repo.head()]):
        yield entry.commit


def _approved_blob(repo: Repo, commit: Commit, path: bytes, draft: Item, org: Org,
                   tried: set[tuple[bytes, bytes]],
                   seen: dict[tuple[ObjectID, bytes], ObjectID | None]) -> Blob | None:
    """The file's text in ``commit`` if it is an approved revision."""
    blob = _blob_at(repo, commit, path, seen)
    if blob is None or (path, blob.id) in tried:
        return None
    tried.add((path, blob.id))
    # An old revision that no longer loads is simply not publishable: the working tree is
    # what `sopkit check` reports on, so its problems are not the user's to fix now.
    item = load_item_bytes(blob.data, type(draft), draft.id, draft.source, Diagnostics())
    if item is None or resolve(item, org).status != "approved":
        return None
    return blob


def _last_approved(repo: Repo, blob_id: ObjectID, commit: Commit, draft: Item) -> LastApproved:
    """The approved text loaded again, its locations naming the commit it came in."""
    short = commit.id.decode()[:SHORT]
    blob = repo.object_store[blob_id]
    assert isinstance(blob, Blob)
    item = load_item_bytes(blob.data, type(draft), draft.id, f"{draft.source}@{short}",
                           Diagnostics())
    assert item is not None  # it loaded a moment ago
    when = dt.datetime.fromtimestamp(commit.commit_time, dt.UTC).date()
    return LastApproved(item=item, draft=draft, commit=short, date=when)


def _blob_at(repo: Repo, commit: Commit, path: bytes,
             seen: dict[tuple[ObjectID, bytes], ObjectID | None]) -> Blob | None:
    sha = _lookup(repo, commit.tree, path, seen)
    if sha is None:
        return None
    blob = repo.object_store[sha]
    return blob if isinstance(blob, Blob) else None


def _lookup(repo: Repo, tree: ObjectID, path: bytes,
            seen: dict[tuple[ObjectID, bytes], ObjectID | None]) -> ObjectID | None:
    """The id of the object at ``path`` under ``tree``, None if there is none. Most commits
    do not touch sops/, so the answer for a folder's tree is remembered (``seen``)."""
    key = (tree, path)
    if key not in seen:
        head, _, rest = path.partition(b"/")
        try:
            _mode, sha = tree_lookup_path(repo.object_store.__getitem__, tree, head)
        except (KeyError, NotTreeError):  # not in that commit
            seen[key] = None
        else:
            seen[key] = _lookup(repo, sha, rest, seen) if rest else sha
    return seen[key]

"""Read the git repository that holds ``sops/``: revisions, and the files of a folder at one.

sopkit never shells out to git: dulwich (pure Python) reads the repository, so a machine
with only the Python packages can still compare releases. What this module answers:

* :func:`open_repository` — the repository holding a folder (searched upwards, as git does),
  with the folder's path inside it;
* :meth:`Repository.resolve` — a revision as people write it: a full or short sha, a branch,
  a tag, ``HEAD``, each optionally followed by ``~N`` / ``^`` (``main~2``, ``HEAD^^``);
* :meth:`Repository.files` / :meth:`Repository.snapshot` — the files of the folder at that
  revision, as bytes or written into a scratch folder for the normal loader;
* :meth:`Repository.history` — the commits, newest first, that changed one file;
* :meth:`Repository.last_release` / :meth:`Repository.record_release` — releases, which
  are tags ``sopkit-release-YYYYMMDD-N`` (``docs/releases.md`` says why a tag);
* :meth:`Repository.matches_working_tree` — whether the folder on disk is the revision's.

Problems the user can fix (no repository, an unknown revision, the folder missing at a
revision) raise :class:`GitError` with a message saying what to do.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dulwich.errors import NotGitRepository
from dulwich.objects import Blob, Commit, ObjectID, Tree
from dulwich.objectspec import parse_commit
from dulwich.refs import Ref
from dulwich.repo import Repo

# `rev~3`, `rev^`, `rev^^`, `rev~` (= ~1): git's first-parent steps.
_STEPS = re.compile(r"(?:~\d*|\^1?)+$")
_STEP = re.compile(r"~(\d*)|\^1?")
SHORT = 7  # characters of a sha shown to people, as git shows them
RELEASE_PREFIX = "sopkit-release-"
_RELEASE = re.compile(rf"{RELEASE_PREFIX}(\d{{8}})-(\d+)$")


class GitError(Exception):
    """A revision or repository problem the user can fix; the message says how."""


@dataclass(frozen=True, slots=True)
class Revision:
    sha: str             # the full commit id
    asked: str           # as the user wrote it (main~1, v1.2, abc1234)
    message: str         # the commit's first line
    author: str
    date: dt.datetime    # the commit time, in the committer's time zone

    @property
    def short(self) -> str:
        return self.sha[:SHORT]


class Repository:
    """One git repository and the folder inside it that sopkit reads (usually ``sops``)."""

    def __init__(self, repo: Repo, folder: PurePosixPath) -> None:
        self._repo = repo
        self.folder = folder   # relative to the repository's root; "." for the root itself

    # A repository holds pack files open: close it (`with open_repository(…) as repository`),
    # or dulwich complains at interpreter exit in lines that look like a crash.
    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._repo.close()

    @property
    def root(self) -> Path:
        return Path(self._repo.path)

    def resolve(self, revision: str) -> Revision:
        steps = _STEPS.search(revision)
        base = revision[:steps.start()] if steps else revision
        try:
            commit = parse_commit(self._repo, base.encode("utf-8"))
        except (KeyError, ValueError):
            raise GitError(self._unknown(revision)) from None
        for match in _STEP.finditer(steps.group() if steps else ""):
            count = int(match.group(1)) if match.group(1) else 1
            for _ in range(count):
                if not commit.parents:
                    raise GitError(f"revision `{revision}` goes back beyond the first "
                                   "commit: use fewer ~ or ^ steps")
                commit = self._commit(commit.parents[0])
        return _revision(commit, revision)

    def files(self, revision: Revision) -> dict[PurePosixPath, bytes]:
        """The folder's files at ``revision``: path inside the folder → content."""
        commit = self._commit(revision.sha.encode("ascii"))
        tree = self._tree(commit.tree)
        for part in self.folder.parts:
            entry = _entry(tree, part)
            if entry is None or not isinstance(self._repo[entry], Tree):
                raise GitError(f"`{self.folder}` does not exist at revision {revision.asked} "
                               f"({revision.short}): pick a revision after it was added")
            tree = self._tree(entry)
        found: dict[PurePosixPath, bytes] = {}
        for item in self._repo.object_store.iter_tree_contents(tree.id):
            blob = self._repo[item.sha]
            if isinstance(blob, Blob) and item.path is not None:
                found[PurePosixPath(item.path.decode("utf-8", "surrogateescape"))] = blob.data
        return found

    def snapshot(self, revision: Revision, into: Path) -> Path:
        """Write the folder as it was at ``revision`` under ``into`` (a scratch folder the
        caller owns and removes); returns the copy of the folder."""
        target = into / (self.folder.name or "sops")
        target.mkdir(parents=True, exist_ok=True)
        for path, data in self.files(revision).items():
            file = target.joinpath(*path.parts)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)  # a scratch copy nobody else reads: no atomic write
        return target

    def history(self, path: PurePosixPath, start: str = "HEAD") -> list[Revision]:
        """The commits reachable from ``start`` that changed the folder's file ``path``,
        newest first (``path`` relative to the folder)."""
        full = (self.folder / path).as_posix().removeprefix("./").encode("utf-8")
        head = self.resolve(start)
        walker = self._repo.get_walker(include=[ObjectID(head.sha.encode("ascii"))], paths=[full])
        return [_revision(entry.commit, entry.commit.id.decode("ascii")[:SHORT])
                for entry in walker]

    def last_release(self) -> Revision | None:
        """The newest release tag's commit (latest date, then highest N), or None."""
        tags = sorted((int(m.group(1)), int(m.group(2)), m.group())
                      for m in (_RELEASE.match(name) for name in self._tag_names()) if m)
        return self.resolve(tags[-1][2]) if tags else None

    def record_release(self, revision: Revision, day: dt.date) -> str:
        """Tag ``revision`` as the release of ``day``: ``sopkit-release-YYYYMMDD-N``, N one
        more than that day's releases so far. Returns the tag's name."""
        stem = f"{RELEASE_PREFIX}{day:%Y%m%d}-"
        taken = [int(name[len(stem):]) for name in self._tag_names()
                 if name.startswith(stem) and name[len(stem):].isdigit()]
        name = f"{stem}{max(taken, default=0) + 1}"
        self._repo.refs[Ref(f"refs/tags/{name}".encode())] = ObjectID(revision.sha.encode("ascii"))
        return name

    def matches_working_tree(self, revision: Revision) -> bool:
        """Whether the folder on disk holds exactly the files of ``revision``."""
        on_disk = self.root / self.folder
        files = {PurePosixPath(path.relative_to(on_disk).as_posix()): path
                 for path in on_disk.rglob("*") if path.is_file()}
        committed = self.files(revision)
        return files.keys() == committed.keys() and all(
            files[path].read_bytes() == data for path, data in committed.items())

    # ------------------------------------------------------------ helpers
    def _tag_names(self) -> list[str]:
        return [ref.decode("utf-8", "replace").removeprefix("refs/tags/")
                for ref in self._repo.refs if ref.startswith(b"refs/tags/")]

    def _commit(self, sha: bytes) -> Commit:
        commit = self._repo[sha]
        assert isinstance(commit, Commit), sha
        return commit

    def _tree(self, sha: bytes) -> Tree:
        tree = self._repo[sha]
        assert isinstance(tree, Tree), sha
        return tree

    def _unknown(self, revision: str) -> str:
        names = sorted(ref.decode("utf-8", "replace").removeprefix("refs/heads/")
                       .removeprefix("refs/tags/") for ref in self._repo.refs
                       if ref.startswith((b"refs/heads/", b"refs/tags/")))
        known = f" (branches and tags: {', '.join(names[:10])})" if names else ""
        return (f"unknown revision `{revision}` in {self.root}: give a commit id, a branch, "
                f"a tag or HEAD~N{known}")


def open_repository(folder: Path) -> Repository:
    """The repository that holds ``folder``, searched from it upwards; use it in ``with``."""
    absolute = folder.resolve()
    try:
        repo = Repo.discover(str(absolute))
    except NotGitRepository:
        raise GitError(f"{folder} is not in a git repository: keep sops/ under git "
                       "(`git init`, then commit) to compare revisions") from None
    relative = absolute.relative_to(Path(repo.path).resolve())
    return Repository(repo, PurePosixPath(relative.as_posix()))


def _revision(commit: Commit, asked: str) -> Revision:
    zone = dt.timezone(dt.timedelta(seconds=commit.commit_timezone))
    return Revision(
        sha=commit.id.decode("ascii"), asked=asked,
        message=commit.message.decode("utf-8", "replace").strip().split("\n")[0],
        author=commit.author.decode("utf-8", "replace"),
        date=dt.datetime.fromtimestamp(commit.commit_time, zone))


def _entry(tree: Tree, name: str) -> bytes | None:
    try:
        _mode, sha = tree[name.encode("utf-8")]
    except KeyError:
        return None
    return sha

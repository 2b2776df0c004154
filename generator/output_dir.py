"""Where sopkit may write, and how: the one home of staged, marked, locked output folders.

Every command that writes an output folder (`build`, `onboard`, `jd`) goes through here:

- ``check_folder`` refuses a target that is not sopkit's to replace: a file or device, a
  system folder, the knowledge base, the current folder, a folder containing or inside
  either, or a non-empty folder without the ``.sopkit-output`` marker;
- ``staged`` writes into ``.<name>-building-*`` beside the target and swaps it in with one
  atomic exchange, so the old output disappears only once the new one is complete;
- ``kept`` is for a folder that collects files across runs (`jd`): checked, marked and
  locked, but never replaced;
- a lock file ``.<name>.lock`` beside the target stops a second sopkit writing there;
- staging folders left by a killed run are removed by the next one.

``check_file`` is the rule for a single output file (`form fill -o`). Refusals raise
``UnsafeOutput`` (exit 2); a full disk or a missing permission raises ``OutputError``.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import OutputError, UnsafeOutput
from .output_lock import locked
from .output_swap import swap_in
from .outputs import umask, write_text_atomic

MARKER = ".sopkit-output"

# Writing into these (or replacing them) could break the machine; the exact top-level
# folders are refused too, since building there would replace everything beside the output.
SYSTEM_TREES = tuple(Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32",
                                       "/lib64", "/libx32", "/proc", "/run", "/sbin", "/sys",
                                       "/usr"))
SYSTEM_FOLDERS = tuple(Path(p) for p in ("/", "/home", "/media", "/mnt", "/opt", "/root",
                                         "/srv", "/tmp", "/var"))
# Errors of the machine, not of sopkit: shown as a message instead of a traceback.
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS,
                errno.ENAMETOOLONG}
# Linux's NAME_MAX and PATH_MAX (NTFS and APFS allow 255 characters): a longer name makes
# every stat() raise, so it is refused by length before any is tried.
NAME_MAX, PATH_MAX = 255, 4095


def _never(_entries: list[Path]) -> bool:
    return False


@dataclass(frozen=True)
class OutputTarget:
    """An output folder and how to talk about it in a refusal."""

    path: Path
    sops: Path                 # the knowledge base, which must never be touched
    command: str               # written into the marker: "build", "onboard", "jd"
    option: str = "--out"      # how the user named the folder ("" when sopkit chose it)
    doing: str = "building"    # "<doing> there would delete it"
    instead: str = "choose another folder (default: dist)"
    # Recognises an unmarked folder written by a sopkit before markers existed, from its
    # top-level entries, so that upgrading does not block the next build.
    legacy: Callable[[list[Path]], bool] = field(default=_never)

    @property
    def shown(self) -> str:
        return f"{self.option} {self.path}".strip()


# ---------------------------------------------------------------- rules

def check_folder(target: OutputTarget, replaces: bool = True) -> None:
    """Raise UnsafeOutput if sopkit must not write (``replaces``: replace) the folder."""
    problem = _kind_problem(target.path) or _place_problem(target, replaces)
    if problem is None and not _ours_or_empty(target):
        harm = "would delete its files" if replaces else "could overwrite its files"
        problem = (f"is not empty and sopkit did not make it: {target.doing} there {harm}; "
                   f"empty it or")
    if problem:
        raise UnsafeOutput(f"{target.shown} {problem} {target.instead}")


def check_container(target: OutputTarget) -> None:
    """The rule for a folder sopkit only adds its own sub-folders to (`onboard --out`)."""
    resolved = target.path.resolve()
    problem = (_kind_problem(target.path) or ("is a system folder:" if _is_system(resolved)
                                              else _kb_problem(target, resolved, False)))
    if problem:
        raise UnsafeOutput(f"{target.shown} {problem} {target.instead}")


def check_file(path: Path, sops: Path, option: str = "-o") -> None:
    """The rule for one output file: a regular file outside the KB and the system."""
    shown = f"{option} {path}"
    resolved = path.resolve()
    if _name_problem(resolved):
        problem = _name_problem(resolved)
    elif resolved.is_dir():
        problem = "is a folder"
    elif resolved.exists() and not resolved.is_file():
        problem = "is a device or special file, not a file name"
    elif _blocking_file(resolved.parent):
        problem = f"cannot be written: {_blocking_file(resolved.parent)} is a file, not a folder"
    elif resolved.is_relative_to(sops.resolve()):
        problem = f"is inside the knowledge base {sops}"
    elif any(resolved.is_relative_to(tree) for tree in SYSTEM_TREES):
        problem = "is in a system folder"
    else:
        return
    raise UnsafeOutput(f"{shown} {problem}: give another file name ending in .pdf or .docx")


def _name_problem(resolved: Path) -> str | None:
    if len(os.fsencode(resolved)) > PATH_MAX:
        return f"is too long a path (over {PATH_MAX} bytes)"
    if any(len(os.fsencode(part)) > NAME_MAX for part in resolved.parts):
        return f"has too long a name (over {NAME_MAX} bytes)"
    return None


def _kind_problem(path: Path) -> str | None:
    resolved = path.resolve()
    name_problem = _name_problem(resolved)
    if name_problem:
        return name_problem + ":"
    if resolved.is_file():
        return "is a file, not a folder:"
    if resolved.exists() and not resolved.is_dir():
        return "is a device or special file, not a folder:"
    blocking = _blocking_file(resolved)
    if blocking:
        return f"cannot be made: {blocking} is a file, not a folder;"
    return None


def _place_problem(target: OutputTarget, replaces: bool) -> str | None:
    out, kb, cwd = target.path.resolve(), target.sops.resolve(), Path.cwd().resolve()
    delete = f"{target.doing} there would delete it;"
    if _is_system(out):
        return "is a system folder:"
    if out.is_relative_to(kb):
        return _kb_problem(target, out, replaces)
    if not replaces:
        return None   # adding files: what is in the folder is judged by the marker
    if out == cwd:
        return f"is the current folder: {delete}"
    if kb.is_relative_to(out):
        return f"contains the knowledge base {target.sops}: {delete}"
    if cwd.is_relative_to(out):
        return f"contains the current folder: {delete}"
    return None


def _kb_problem(target: OutputTarget, resolved: Path, replaces: bool) -> str | None:
    kb = target.sops.resolve()
    if resolved == kb:
        harm = f"{target.doing} there would delete it" if replaces else \
            "outputs do not belong there"
        return f"is the knowledge base: {harm};"
    if resolved.is_relative_to(kb):
        return f"is inside the knowledge base {target.sops}: outputs do not belong there;"
    return None


def _is_system(resolved: Path) -> bool:
    return (resolved in SYSTEM_FOLDERS or resolved == Path.home().resolve()
            or any(resolved.is_relative_to(tree) for tree in SYSTEM_TREES))


def _blocking_file(resolved: Path) -> Path | None:
    """The nearest existing ancestor of ``resolved`` when it is not a folder."""
    for ancestor in resolved.parents:
        if ancestor.exists():
            return None if ancestor.is_dir() else ancestor
    return None


def _ours_or_empty(target: OutputTarget) -> bool:
    folder = target.path.resolve()
    if not folder.is_dir():
        return True
    entries = list(folder.iterdir())
    return not entries or (folder / MARKER).is_file() or target.legacy(entries)


# ---------------------------------------------------------------- writing

@contextlib.contextmanager
def staged(target: OutputTarget, keep_existing: bool = False) -> Iterator[Path]:
    """A fresh staging folder that replaces the target whole if the block succeeds;
    ``keep_existing`` starts it as a copy of the current output."""
    check_folder(target)
    out = target.path.resolve()
    with reported_write_errors(target.shown, "the previous output is unchanged"):
        out.parent.mkdir(parents=True, exist_ok=True)
        with locked(_lock_path(out), target.shown):
            check_folder(target)   # again: another run may have written it meanwhile
            remove_stale(out)
            staging = _new_staging(out)
            try:
                if keep_existing and out.is_dir():
                    shutil.copytree(out, staging, dirs_exist_ok=True)
                yield staging
                write_marker(staging, target.command)
                swap_in(staging, out)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise


@contextlib.contextmanager
def kept(target: OutputTarget) -> Iterator[Path]:
    """The target folder itself, checked, marked and locked, for adding files to it."""
    check_folder(target, replaces=False)
    out = target.path.resolve()
    with reported_write_errors(target.shown, "no file there is half-written"):
        out.parent.mkdir(parents=True, exist_ok=True)
        with locked(_lock_path(out), target.shown):
            out.mkdir(exist_ok=True)
            if not (out / MARKER).is_file():
                write_marker(out, target.command)
            yield target.path


@contextlib.contextmanager
def reported_write_errors(shown: str, state: str) -> Iterator[None]:
    """Turn a full disk or a refused permission into an OutputError naming the file."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in WRITE_ERRNOS:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(f"cannot write {shown}: {exc.strerror}{where}; {state}") from exc


def write_marker(folder: Path, command: str) -> None:
    text = json.dumps({"made_by": f"sopkit {command}", "sopkit_version": __version__,
                       "note": "sopkit may replace the files here on its next run"})
    write_text_atomic(folder / MARKER, text + "\n")


def remove_stale(out: Path) -> None:
    """Staging folders of killed runs, and `-old-` folders a killed two-rename swap (or
    sopkit 0.1) left. Called under the lock only, so no running build's folder is touched."""
    for pattern in (f".{out.name}-building-*", f".{out.name}-old-*"):
        for stale in out.parent.glob(pattern):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)


def _new_staging(out: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    # mkdtemp makes a private folder; outputs are shared (intranet, file share): use the umask.
    staging.chmod(0o777 & ~umask())
    return staging


def _lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def only_named(names: set[str], suffixes: tuple[str, ...] = ()) -> Callable[[list[Path]], bool]:
    """A ``legacy`` test: every entry has one of ``names`` or ends in one of ``suffixes``."""
    def recognised(entries: list[Path]) -> bool:
        return all(entry.name in names or (entry.is_file() and entry.suffix in suffixes)
                   for entry in entries)
    return recognised

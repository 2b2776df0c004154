"""Which entries of a `sops/` folder are content files, and a message for each that cannot be.

A name ending `.yaml` is the user saying "this is content": if it cannot be read (a folder
of that name, a link to nothing, a link loop, a pipe) they must hear so, not find the item
silently missing from the handbook. Pipes are never opened: reading one waits forever.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .diagnostics import Diagnostics, Loc, relative_path
from .textsafety import shown

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES_PER_FOLDER = 5_000  # far beyond any real organisation; a runaway script is not


def folder_entries(folder: Path, diags: Diagnostics) -> list[Path]:
    """The folder's entries, sorted; [] after reporting a folder that cannot be listed."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        diags.error(Loc(relative_path(folder)), f"cannot read folder: {exc.strerror or exc}; "
                    "check its permissions", "io")
        return []


def content_folder(folder: Path, diags: Diagnostics) -> bool:
    """Whether ``folder`` is there to read; an entry of that name that is no folder is
    reported (an absent folder is not: a knowledge base need not have every kind)."""
    try:
        if folder.is_dir():
            return True
        present = folder.exists() or folder.is_symlink()
    except OSError as exc:  # the folder above cannot be searched: pathlib raises then
        diags.error(Loc(relative_path(folder)), f"cannot read folder: {exc.strerror or exc}; "
                    "check its permissions", "io")
        return False
    if present:
        diags.error(Loc(relative_path(folder)), f"`{folder.name}` should be a folder of "
                    f"items but is {_what(folder)}: make it a folder, or move it away", "io")
    return False


def yaml_files(folder: Path, diags: Diagnostics) -> list[Path]:
    """The content files in ``folder``, sorted; each `.yaml` entry that cannot be read as a
    file is reported and left out."""
    files = [path for path in folder_entries(folder, diags)
             if path.suffix in YAML_SUFFIXES and readable_file(path, diags)]
    if len(files) > MAX_FILES_PER_FOLDER:
        diags.error(Loc(relative_path(folder)), f"{len(files):,} files, over the limit of "
                    f"{MAX_FILES_PER_FOLDER:,} in one folder: only the first "
                    f"{MAX_FILES_PER_FOLDER:,} are read", "too-many-files")
        files = files[:MAX_FILES_PER_FOLDER]
    return files


def is_present(path: Path) -> bool:
    """Whether anything, even a broken link, is at ``path``. When the folder above cannot
    be searched, something may be: reading it then says why it cannot be read."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # pathlib raises, rather than answers, for an unsearchable parent
        return False


def readable_file(path: Path, diags: Diagnostics) -> bool:
    """Whether ``path`` (a link is followed) is an ordinary file; says why not otherwise."""
    problem = _problem(path)
    if problem:
        diags.error(Loc(relative_path(path)), problem, "io")
    return problem is None


def _problem(path: Path) -> str | None:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return _broken(path, exc)
    if stat.S_ISDIR(mode):
        return (f"`{shown(path.name)}` is a folder, not a file: only files are read as "
                "content; rename the folder so its name does not end in .yaml")
    if not stat.S_ISREG(mode):
        return (f"`{shown(path.name)}` is {_what(path)}, not an ordinary file: content "
                "files must be ordinary .yaml files")
    return None


def _broken(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return ("symbolic link that loops back on itself: point it at the real file, "
                "or delete it")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return (f"symbolic link to `{shown(os.readlink(path))}`, which does not exist: "
                "point it at the real file, or delete it")
    return f"cannot read file: {exc.strerror or exc}; check its permissions"


def _what(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a broken link"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"

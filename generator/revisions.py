"""A knowledge base as it was at a git revision, loaded and linked like the working tree.

The files of ``sops/`` at the revision (``gitrepo.py``) are written to a scratch folder and
go through the normal ``pipeline.check``: the same loader, the same checks, the same model.
Messages about them name the revision instead of the scratch folder,
``sops/roles/x.yaml@abc1234:3:5``, so the person reading knows which version to look at.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .diagnostics import Diagnostics, Loc, Severity, relative_path
from .gitrepo import Repository, Revision
from .pipeline import CheckResult, check


@contextlib.contextmanager
def checked_revision(repository: Repository, revision: Revision, shown_folder: Path,
                     today: dt.date | None = None) -> Iterator[CheckResult]:
    """The check of ``revision``'s knowledge base; its scratch copy lives as long as the
    ``with`` block (renderers may still read its assets, e.g. a logo). ``shown_folder`` is
    the folder's name in messages (the --sops the user gave)."""
    with tempfile.TemporaryDirectory(prefix=f"sopkit-{revision.short}-") as scratch:
        copy = repository.snapshot(revision, Path(scratch))
        result = check(copy, today)
        shown = relabelled(result.diagnostics, relative_path(copy),
                           relative_path(shown_folder), revision.short)
        yield CheckResult(result.linked, shown, result.files)


def relabelled(diags: Diagnostics, scratch: str, folder: str, short: str) -> Diagnostics:
    """``diags`` with every place in the scratch copy named as the file at the revision."""
    result = Diagnostics()
    for diag in diags.items:
        loc = Loc(revision_path(diag.loc.path, scratch, folder, short), diag.loc.line,
                  diag.loc.col)
        report = result.error if diag.severity is Severity.ERROR else result.warning
        report(loc, diag.message.replace(scratch, folder), diag.code)
    return result


def revision_path(path: str, scratch: str, folder: str, short: str) -> str:
    """``<scratch>/roles/x.yaml`` → ``sops/roles/x.yaml@abc1234``."""
    if path != scratch and not path.startswith(scratch + "/"):
        return path
    return f"{folder}{path[len(scratch):]}@{short}"

"""`sopkit diff REV [REV2]`: what changed in sops/ between two git revisions (REV2: the
working tree by default) — a change list per document, and a redline handbook (Word with
tracked changes, a comparison PDF) in diff/ beside the knowledge base (not inside dist/:
`sopkit build` replaces dist/ whole, and would delete it or refuse to). `--history-entry`
prints instead the revision-record line for org.yaml's `handbook: history:`."""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import click

from ..gitrepo import GitError, Repository, Revision, open_repository
from ..output_dir import OutputTarget, check_folder, kept
from ..outputs import write_atomic
from ..pipeline import CheckResult
from ..pipeline import check as run_check
from ..reldiff import DocumentChange, compare_documents
from ..reldiff.compare import CHANGED
from ..reldiff.handbook import Compared, redline_files
from ..reldiff.history import history_entry, history_yaml
from ..revisions import checked_revision
from .options import default_out, reporting, sops_option, today_option
from .report import Reporter


@click.command()
@click.argument("rev", required=False)
@click.argument("rev2", required=False)
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the redline (default: diff/ beside the knowledge base).")
@click.option("--history-entry", "history_entry_only", is_flag=True,
              help="Print a `history:` entry for org.yaml's handbook summarising the "
                   "changes, and write nothing.")
@sops_option
@today_option
@reporting("diff")
def diff(rev: str | None, rev2: str | None, out: Path | None, history_entry_only: bool, sops: Path,
         today, report: Reporter) -> None:
    """Compare sops/ at git revision REV (a commit, branch, tag, HEAD~N; default: the last
    release) with REV2 (default: the working tree): list the changed documents and items,
    and write changes.docx (tracked changes) and changes.pdf."""
    out = out if out is not None else default_out(sops, "diff")
    target = OutputTarget(out, sops, "diff", doing="writing the comparison",
                          instead="choose another folder (default: diff)")
    with report.failures(), _revision_errors(), contextlib.ExitStack() as stack:
        if not history_entry_only:
            check_folder(target, replaces=False)
        repository = stack.enter_context(open_repository(sops))
        before = repository.resolve(rev) if rev else _last_release(repository)
        after = repository.resolve(rev2) if rev2 else None
        with checked_revision(repository, before, sops, today) as old, \
                _newer(repository, after, sops, today) as new:
            report.checked(old, "diff")
            report.checked(new, "diff")
            documents = compare_documents(old.linked, new.linked)
            date = after.date.date() if after else new.linked.today
            working_tree = new.linked.labels("diff_working_tree")
            compared = Compared(_named(before), _named(after) if after else working_tree, date,
                                _ref(before), _ref(after) if after else working_tree)
            report.data.update({"from": compared.before, "to": compared.after,
                                "documents": [d.as_json() for d in documents]})
            if history_entry_only:
                entry = history_entry(new.linked, documents, date)
                report.data["history_entry"] = {**entry, "date": date.isoformat()}
                if not report.json:
                    click.echo(history_yaml(entry), nl=False)
                report.finish()
                return
            _print(documents, report)
            with kept(target) as folder:
                written = [write_atomic(folder / name, data) for name, data in
                           redline_files(new.linked, documents, compared).items()]
    for path in written:
        report.wrote(path)
    report.finish()


def _last_release(repository: Repository) -> Revision:
    release = repository.last_release()
    if release is None:
        raise GitError("no release recorded yet (`sopkit build --release` tags one): give "
                       "the revision to compare with, e.g. `sopkit diff HEAD~1`")
    return release


@contextlib.contextmanager
def _revision_errors() -> Iterator[None]:
    """No repository, an unknown revision, sops/ missing at one: the user's to fix (exit 2)."""
    try:
        yield
    except GitError as exc:
        raise click.UsageError(str(exc)) from None


@contextlib.contextmanager
def _newer(repository: Repository, after: Revision | None, sops: Path,
           today: dt.date | None) -> Iterator[CheckResult]:
    if after is None:
        yield run_check(sops, today)
        return
    with checked_revision(repository, after, sops, today) as result:
        yield result


def _named(revision: Revision) -> str:
    return f"{_ref(revision)} {revision.message}"


def _ref(revision: Revision) -> str:
    """``v1 (abc1234)``; a sha given as such is shown once."""
    if revision.asked.startswith(revision.short) or revision.short.startswith(revision.asked):
        return revision.short
    return f"{revision.asked} ({revision.short})"


def _print(documents: list[DocumentChange], report: Reporter) -> None:
    """The change list on stdout: a line per document, an indented line per changed item."""
    if report.json or report.quiet:
        return
    if not documents:
        click.echo("no document changed")
    for document in documents:
        side = document.side
        versions = " → ".join(dict.fromkeys(
            s.version for s in (document.before, document.after) if s and s.version))
        click.echo(f"{document.state:<8} {document.path}  {side.number} {side.title}"
                   f"  {versions}".rstrip())
        if document.state != CHANGED:
            continue  # a whole document came or went: its items are in the redline and JSON
        for change in document.changes:
            text = change.text if len(change.text) <= 70 else change.text[:69] + "…"
            click.echo(f"    {change.kind:<8} {change.section}: {text}")

"""`sopkit build`: check, then render the chosen formats into --out."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..build import build as run_build
from ..build import build_target, renderer_names, select
from ..buildcache import Tally, configured, prune
from ..buildstamp import Stamp, forget, inputs_key, record, unchanged
from ..jobs import machine_cores
from ..output_dir import check_folder
from .options import (
    cache_options,
    comma_list,
    default_out,
    history_option,
    jobs_option,
    reporting,
    sops_option,
    today_option,
)
from .report import Reporter

if TYPE_CHECKING:
    from ..pipeline import CheckResult


@click.command()
@sops_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: dist/ beside the knowledge base).")
@click.option("--only", type=comma_list(renderer_names), default=None,
              help="Comma-separated output formats (default: all).")
@click.option("--pdf-variant", type=click.Choice(["pdf/a-3b", "pdf/a-2b", "pdf/ua-1"]),
              default=None, help="Archival PDF variant for controlled-document archives.")
@click.option("--release", is_flag=True,
              help="A release of controlled documents: refused while any document is a draft "
                   "or in review, or the check gives a warning.")
@today_option
@history_option
@jobs_option
@cache_options
@reporting("build")
def build(sops: Path, out: Path | None, only: tuple[str, ...] | None, pdf_variant: str | None,
          release: bool, today, no_history: bool, jobs: int | None, cache: Path | None,
          no_cache: bool, report: Reporter) -> None:
    """Check, then render every output format into --out (atomically)."""
    # Loading the model and the renderers is left until the build is known to be needed:
    # an up-to-date build (buildstamp.py) answers in about the time Python takes to start.
    from ..pipeline import check as run_check
    from ..pipeline import today_for_checks
    from ..progress import progress_bar

    out = out if out is not None else default_out(sops, "dist")
    options = {"only": list(only or ()), "pdf_variant": pdf_variant,
               "history": not no_history, "jobs": jobs or machine_cores()}
    with report.failures(), configured(sops, cache, enabled=not no_cache):
        check_folder(build_target(out, sops))  # a bad --out is told before the long check
        stamp = None if no_cache or release else inputs_key(
            sops, today or today_for_checks(), options)
        done = unchanged(out, stamp) if stamp else None
        if done is not None:
            _report_unchanged(done, out, only, report)
            return
        renderers = select(only)
        result = run_check(sops, today, history=not no_history)
        report.checked(result, "build", warnings=True)
        if release:
            _check_release(result, report)
        tally = Tally()
        with progress_bar(enabled=not report.quiet) as progress:
            run_build(result.linked, out, renderers, sops, progress=progress,
                      keep_others=bool(only), options={"pdf_variant": pdf_variant},
                      jobs=jobs, tally=tally)
        prune()
        _stamp(out, stamp, result, tally)
    _report_tally(tally, report)
    report.wrote(out, f"built {', '.join(r.NAME for r in renderers)} into {out}")
    if release:
        _record_release(sops, result, report)
    report.finish()


def _stamp(out: Path, stamp: str | None, result: CheckResult, tally: Tally) -> None:
    """A build without diagnostics is stamped, so that the next one with the same inputs
    has nothing to do (buildstamp.py); any other build removes an older stamp."""
    if stamp is None:
        return
    if result.diagnostics.items:
        forget(out)
        return
    made = {fmt: tally.rebuilt[fmt] + tally.reused[fmt] for fmt in tally.formats()}
    record(out, Stamp(stamp, result.files, made))


def _report_unchanged(done: Stamp, out: Path, only: tuple[str, ...] | None,
                      report: Reporter) -> None:
    tally = Tally()
    for fmt, files in done.tally.items():
        tally.count(fmt, reused=True, files=files)
    report.files = done.files
    report.data["up_to_date"] = True
    _report_tally(tally, report)
    report.wrote(out, f"{out} is up to date: nothing changed since the last build of "
                      f"{', '.join(only) if only else 'every format'}")
    report.finish()


def _report_tally(tally: Tally, report: Reporter) -> None:
    for line in tally.lines():
        report.note(line)
    report.data["cache"] = {fmt: {"rebuilt": tally.rebuilt[fmt], "reused": tally.reused[fmt],
                                  "made": sorted(tally.made.get(fmt, []))}
                            for fmt in tally.formats()}


def _check_release(result: CheckResult, report: Reporter) -> None:
    """A release hands out only approved documents and content without open warnings
    (ISO 9001 §7.5): every draft is named, with where to change its status."""
    linked = result.linked
    drafts = [item for item in linked.kb.items() if linked.doc(item).is_draft]
    for item in drafts:
        doc = linked.doc(item)
        where = item.document.loc_of("status") if item.document is not None else item.loc
        report.error(f"{item.KIND} `{item.id}` ({doc.number}) is {doc.status}: approve it "
                     "(document: status: approved) or build without --release",
                     where.path, where.line, "release-draft", where.col)
    warnings = len(result.diagnostics.warnings)
    if drafts or warnings:
        report.refuse(f"build --release refused: {len(drafts)} draft or in-review "
                      f"document(s), {warnings} warning(s) — a release needs none")


def _record_release(sops: Path, result: CheckResult, report: Reporter) -> None:
    """Tag the commit just released (`sopkit-release-YYYYMMDD-N`, docs/releases.md), so the
    portal can list what changed since and `sopkit diff` compare with it. Only when sops/
    on disk is that commit: a tag on anything else would record the wrong text."""
    from ..gitrepo import GitError, open_repository  # only a release needs git

    try:
        with open_repository(sops) as repository:
            head = repository.resolve("HEAD")
            if not repository.matches_working_tree(head):
                report.warning(f"release not recorded: {sops} has changes not committed; "
                               "commit them and build --release again", sops,
                               code="release-uncommitted")
                return
            tag = repository.record_release(head, result.linked.today)
    except GitError as exc:
        report.warning(f"release not recorded: {exc}", sops, code="release-not-recorded")
        return
    report.data["release"] = tag
    report.note(f"release recorded: git tag {tag} on {head.short}")

"""The garbage collector around the print workers (generator/pdf/printgc.py): workers
inherit the main process's objects frozen and collect young objects less often; the main
process gets its objects back; the PDFs are the bytes a print with Python's defaults makes."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator.documents import render_documents
from generator.jobs import process_pool
from generator.pdf import PrintJob, diagram_svgs, print_documents, printgc, render_pdf
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent


def _collector_state() -> tuple[tuple[int, int, int], int]:
    return gc.get_threshold(), gc.get_freeze_count()


def test_workers_inherit_the_main_process_frozen_and_collect_less_often():
    thresholds = gc.get_threshold()
    with printgc.frozen_for_fork():
        frozen = gc.get_freeze_count()
        pool = process_pool(1, initializer=printgc.start_worker)
        try:
            worker_thresholds, worker_frozen = pool.submit(_collector_state).result()
        finally:
            pool.shutdown()
    assert frozen > 10_000  # pytest, WeasyPrint, sopkit: everything imported so far
    assert worker_frozen > frozen // 2  # still frozen in the worker: never walked there
    assert worker_thresholds == printgc.WORKER_THRESHOLDS != thresholds
    assert gc.get_freeze_count() == 0  # the main process collects them again
    assert gc.get_threshold() == thresholds  # and keeps its own thresholds


def test_a_worker_that_was_not_started_so_keeps_pythons_defaults():
    pool = process_pool(1)
    try:
        assert pool.submit(_collector_state).result() == (gc.get_threshold(), 0)
    finally:
        pool.shutdown()


@pytest.fixture(scope="module")
def sample():
    linked = check(ROOT / "sops").linked
    documents = {d.path: d for d in render_documents(linked)}
    chosen = [documents["roles/sales-manager"], documents["workflows/complaint-handling"]]
    return chosen, diagram_svgs(linked)


def test_prints_in_tuned_workers_are_the_bytes_of_a_default_print(sample):
    documents, svgs = sample
    assert gc.get_threshold()[0] < printgc.WORKER_THRESHOLDS[0]  # this process: defaults
    alone = {d.path: render_pdf(d.html, dict(d.meta), svgs) for d in documents}
    jobs = [PrintJob(d.path, d.html, dict(d.meta)) for d in documents]
    in_workers = dict(print_documents(jobs, svgs, workers=2))
    assert in_workers == alone
    assert all(pdf.startswith(b"%PDF") for pdf in alone.values())

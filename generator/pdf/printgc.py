"""Python's cyclic garbage collector around the print workers.

WeasyPrint allocates millions of small objects per document (boxes, styles, tuples), so the
collector runs hundreds of times per print, and every full collection walks every object
the worker has, including all it inherited from the build's main process (the linked
model, every document's HTML, WeasyPrint's modules, the parsed print.css). Measured on the
sample's documents printed in one process (bench/bench_weasy.py): the collector took 9–11 %
of the printing CPU; ~4 % with the inherited objects frozen and fewer, larger young
collections. Nothing a print makes depends on when cycles are freed: the PDFs are byte for
byte the same (tests/test_printgc.py, and a build's output against one without this).

- ``frozen_for_fork``: in the main process, the objects alive when the workers fork are
  moved to the collector's permanent generation (``gc.freeze``, which Python documents for
  exactly this: a forked child neither walks them nor, by touching them, copies their
  memory pages), and given back to it once the workers run, so that a long-lived process
  (``sopkit serve``) still frees what it drops later;
- ``start_worker``: in each worker, young collections come every 20,000 allocations
  instead of 700 (at most ~20,000 garbage objects wait, a few MB, beside the hundreds of MB a
  document's layout holds anyway).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

WORKER_THRESHOLDS = (20_000, 10, 10)  # Python's default is (700, 10, 10)


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Workers forked inside this block inherit the main process's objects frozen."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def start_worker() -> None:
    """Run first in each print worker (the pool's initializer)."""
    gc.set_threshold(*WORKER_THRESHOLDS)

"""Printing many documents on all cores, long ones in parts.

WeasyPrint lays out one document in one process at 50–90 ms a page, and holds every
page in memory until it writes. A long document (the handbook) is therefore cut where
pages break anyway (split.py), its parts are printed in parallel with everything else,
and the printed parts are joined (join.py). Two things need the whole book: the table of
contents shows page numbers of later parts, and every footer shows the total. So the
front matter is printed first with placeholder numbers (to learn its length), then again
with the real ones once the other parts are in; the footers are stamped (footer.py).
"""
from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..jobs import process_pool
from .footer import footer_sheet_css, footer_sheet_html
from .join import join, page_numbers
from .split import internal_targets, number_links, split_document
from .weasy import PrintedPart, page_css, print_part, warm

PART_WEIGHT = 12_000  # layout cost a part aims at (split.layout_cost): ~22 sample pages
PARTS_PER_WORKER = 8  # about, for long documents: short parts balance the cores at the end
MAX_FRONT_PASSES = 4
# Tagged variants carry a structure tree across all pages, which the join does not merge:
# such documents are printed in one piece.
TAGGED_VARIANTS = frozenset({"pdf/ua-1", "pdf/ua-2", "pdf/a-1a", "pdf/a-2a", "pdf/a-3a"})


@dataclass(frozen=True)
class PrintJob:
    path: str
    html: str
    meta: dict
    extra_css: tuple = ()


COVER = '<section class="cover">'  # its page has no footer (print.css `@page cover`)


@dataclass(frozen=True)
class _Task:
    html: str
    stylesheets: tuple
    svgs: dict
    variant: str | None
    font_dir: str | None
    write: bool = True


def _print(task: _Task) -> PrintedPart:
    return print_part(task.html, list(task.stylesheets), task.svgs, task.variant,
                      task.font_dir, task.write)


def _svgs_used(html: str, svgs: dict[str, bytes]) -> dict[str, bytes]:
    """Only the diagrams a part shows travel to its process (and the logo, which the
    running header of every page shows)."""
    used = {src: svgs[src] for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)
            if src in svgs}
    return used | {src: data for src, data in svgs.items() if src.startswith("assets/")}


@dataclass
class _Book:
    """One job's progress: which prints are out, and what comes back."""
    job: PrintJob
    body: tuple[str, ...]
    costs: tuple[int, ...]
    front: str | None
    body_printed: dict[int, PrintedPart] = field(default_factory=dict)
    front_pages: int | None = None     # the length the TOC numbers were computed for
    front_printed: PrintedPart | None = None
    sheet: PrintedPart | None = None
    passes: int = 0
    pdf: bytes | None = None


class _Printer:
    """Hands prints to the pool and moves each book on as they come back."""

    def __init__(self, pool: ProcessPoolExecutor, svgs: dict, variant: str | None,
                 font_dir: Path):
        self.pool, self.svgs, self.variant, self.font_dir = pool, svgs, variant, font_dir
        self.pending: dict[Future, tuple[_Book, str, int]] = {}

    def submit(self, book: _Book, role: str, html: str, stylesheets: tuple, index: int = 0,
               write: bool = True):
        font_dir = None if role == "whole" else str(self.font_dir)
        task = _Task(html, stylesheets, _svgs_used(html, self.svgs), self.variant, font_dir,
                     write)
        self.pending[self.pool.submit(_print, task)] = (book, role, index)

    def start(self, book: _Book) -> None:
        job = book.job
        if book.front is None:
            self.submit(book, "whole", job.html, (page_css(job.meta), *job.extra_css))
            return
        placeholder = {name: "0" * 3 for name in internal_targets(book.front)}
        # laid out only: its length is all the placeholder print is for
        self._submit_front(book, number_links(book.front, placeholder), write=False)
        # costliest first, so the last parts to finish are short ones
        for index in sorted(range(len(book.body)), key=lambda i: -book.costs[i]):
            self.submit(book, "body", book.body[index],
                        (page_css(job.meta, footer=False, continued=True), *job.extra_css),
                        index)

    def _submit_front(self, book: _Book, html: str, write: bool = True) -> None:
        self.submit(book, "front", html, (page_css(book.job.meta, footer=False),
                                          *book.job.extra_css), write=write)

    def accept(self, book: _Book, role: str, index: int,
               printed: PrintedPart) -> bytes | None:
        """Take one print back; the book's PDF when this print completes it."""
        if book.pdf is not None:
            return None  # a footer sheet for an earlier total, arriving late
        if role == "whole":
            book.pdf = printed.pdf
        elif role == "body":
            book.body_printed[index] = printed
        elif role == "front":
            book.front_printed = printed
        elif role == "sheet" and index == book.passes:  # a sheet for an older total: ignore
            book.sheet = printed
        if book.front is not None:
            self._advance(book)
        return book.pdf

    def _advance(self, book: _Book) -> None:
        if book.front_printed is None or len(book.body_printed) < len(book.body):
            return
        body = [book.body_printed[i] for i in range(len(book.body))]
        pages = len(book.front_printed.page_heights)
        if pages != book.front_pages:
            self._number(book, body, pages)
        elif book.sheet is not None:
            book.pdf = join([book.front_printed, *body], book.sheet, self.font_dir,
                            cover=COVER in book.job.html)

    def _number(self, book: _Book, body: list[PrintedPart], front_pages: int) -> None:
        """Print the front matter with the page numbers that follow from its length, and
        the footers for the total; if the numbers change its length, this runs again."""
        assert book.front is not None  # only a book printed in parts is numbered
        book.passes += 1
        if book.passes > MAX_FRONT_PASSES:
            raise RuntimeError(f"{book.job.path}: front matter length does not settle")
        book.front_pages, book.front_printed, book.sheet = front_pages, None, None
        self._submit_front(book, number_links(book.front, page_numbers(body, front_pages)))
        total = front_pages + sum(len(part.page_heights) for part in body)
        self.submit(book, "sheet", footer_sheet_html(book.job.meta, total),
                    (page_css(book.job.meta, **footer_sheet_css()),), book.passes)


def plan(job: PrintJob, workers: int, part_weight: int, variant: str | None) -> _Book:
    whole = workers < 2 or variant in TAGGED_VARIANTS
    split = None if whole else split_document(job.html, part_weight,
                                              PARTS_PER_WORKER * workers)
    if split is None or len(split.parts) < 2:
        return _Book(job, (), (), None)
    return _Book(job, split.parts, split.costs, split.front)


def print_documents(jobs: Iterable[PrintJob], svgs: dict[str, bytes],
                    variant: str | None = None, workers: int = 2,
                    part_weight: int = PART_WEIGHT) -> Iterator[tuple[str, bytes]]:
    """Each job's path and PDF, as they finish; long documents are printed in parts of
    about ``part_weight`` (split.layout_cost) each."""
    books = sorted((plan(job, workers, part_weight, variant) for job in jobs),
                   key=lambda book: -len(book.job.html))  # longest first balances the cores
    if books:
        warm()  # before the fork: the workers inherit WeasyPrint imported, print.css parsed
    pool = process_pool(workers)
    font_dir = tempfile.TemporaryDirectory(prefix="sopkit-fonts-")
    try:
        printer = _Printer(pool, svgs, variant, Path(font_dir.name))
        for book in books:
            printer.start(book)
        while printer.pending:
            done, _ = wait(list(printer.pending), return_when=FIRST_COMPLETED)
            for future in done:
                book, role, index = printer.pending.pop(future)
                pdf = printer.accept(book, role, index, future.result())
                if pdf is not None:
                    yield book.job.path, pdf
    finally:
        pool.shutdown(cancel_futures=True)
        font_dir.cleanup()

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

import queue
import re
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..buildcache import Tally
from ..jobs import process_pool
from . import printgc
from .footer import footer_sheet_css, footer_sheet_html
from .join import join, page_numbers
from .libsearch import import_weasyprint
from .printcache import PrintCache
from .split import internal_targets, number_links, split_document
from .weasy import PrintedPart, page_css, print_part, warm

# WeasyPrint is imported (and print.css parsed) here, once, before the workers fork when
# there are more prints than this per worker; with fewer (a rebuild after a small edit),
# each worker imports it while this process goes on with the forms and the portal
# instead of waiting ~0.8 s for the import (bench/RESULTS.md, stop 32).
WARM_PRINTS_PER_WORKER = 2
PART_WEIGHT = 5_000  # layout cost a part aims at (split.layout_cost): ~8 sample pages
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
JOINED_ROLES = frozenset({"front", "body"})  # the prints whose fonts fontmerge.py makes


@dataclass(frozen=True)
class _Task:
    html: str
    stylesheets: tuple
    svgs: dict
    variant: str | None
    font_dir: str | None
    write: bool = True
    joined_fonts: bool = False  # the join makes its fonts: it embeds placeholders


def _print(task: _Task) -> PrintedPart:
    _ready_to_print()
    return print_part(task.html, list(task.stylesheets), task.svgs, task.variant,
                      task.font_dir, task.write, task.joined_fonts)


def _join(parts: list[PrintedPart], sheet: PrintedPart | None, font_dir: Path,
          cover: bool) -> bytes:
    """In a worker: the main process is the longest path of a rebuild (the portal)."""
    return join(parts, sheet, font_dir, cover=cover)


_warmed = False  # in this process (a forked worker inherits it)


def _ready_to_print() -> None:
    global _warmed
    if not _warmed:
        import_weasyprint()
        warm()
        _warmed = True


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
    joining: bool = False  # the join is out: a late footer sheet changes nothing
    key: str = ""  # in the build cache, when there is one


_Print = tuple[_Book, str, int, str]  # the book, the print's role, its index, its cache key


class _Printer:
    """Hands prints to the pool (or takes them from the cache) and moves each book on as
    they come back."""

    def __init__(self, svgs: dict, variant: str | None, font_dir: Path,
                 cache: PrintCache | None = None):
        self.svgs, self.variant, self.font_dir = svgs, variant, font_dir
        self.cache = cache
        self.pool: ProcessPoolExecutor | None = None  # until ``run``: prints are queued
        self.queued: list[tuple[_Task, _Print]] = []
        self.pending: dict[Future, _Print] = {}
        self.ready: deque[tuple[_Print, PrintedPart]] = deque()  # from the cache or here
        self.printed_here: list[str] = []  # by name (_part_name): not by a worker

    def submit(self, book: _Book, role: str, html: str, stylesheets: tuple, index: int = 0,
               write: bool = True):
        font_dir = None if role == "whole" else str(self.font_dir)
        # the footer sheet's fonts go into the book as they are (footer.py)
        task = _Task(html, stylesheets, _svgs_used(html, self.svgs), self.variant, font_dir,
                     write, joined_fonts=role in JOINED_ROLES)
        key = ""
        if self.cache is not None and role != "whole":  # a whole one is the book's entry
            key = self.cache.part_key(html, stylesheets, task.svgs, book.job.meta["font"],
                                      write)
            printed = self.cache.load_part(key, font_dir, _part_name(book, role, index))
            if printed is not None:
                self.ready.append(((book, role, index, key), printed))
                return
        if self.pool is None:
            self.queued.append((task, (book, role, index, key)))
        else:
            self.pending[self.pool.submit(_print, task)] = (book, role, index, key)

    def print_one_here(self) -> None:
        """Print the shortest queued document in this process, before the workers fork.
        A process's first print pays ~0.2 s of CPU that later ones do not (cffi parsing the
        C types WeasyPrint asks for, the fonts loaded into fontconfig, Pango and HarfBuzz,
        the @font-face configuration): the workers forked after it inherit all that instead
        of each paying it again, and the print itself is one the build needs."""
        # a whole document, else a part that is written: both warm the writing of PDFs too
        wholes = [i for i, (_task, done) in enumerate(self.queued) if done[1] == "whole"]
        written = [i for i, (task, _done) in enumerate(self.queued) if task.write]
        index = min(wholes or written or range(len(self.queued)),
                    key=lambda i: len(self.queued[i][0].html))
        task, done = self.queued.pop(index)
        printed = _print(task)
        self.printed(done, printed)
        self.ready.append((done, printed))
        book, role, part, _key = done
        self.printed_here.append(f"{book.job.path}.pdf" if role == "whole"
                                 else _part_name(book, role, part))

    def run(self, pool: ProcessPoolExecutor) -> None:
        """Hand the queued prints to ``pool``, and every later one."""
        self.pool = pool
        for task, done in self.queued:
            self.pending[pool.submit(_print, task)] = done
        if not self.queued:  # fork the workers here, not later in the collecting thread
            pool.submit(int).result()
        self.queued.clear()

    def printed(self, done: _Print, printed: PrintedPart) -> None:
        """A print came back from a worker: keep it for the next build."""
        book, role, index, key = done
        if self.cache is not None and key:
            self.cache.keep_part(key, printed, None if role == "whole" else str(self.font_dir),
                                 _part_name(book, role, index))

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
               printed: PrintedPart | bytes) -> bytes | None:
        """Take one print (or the book's join) back; the book's PDF when it completes it."""
        if book.pdf is not None:
            return None  # a footer sheet for an earlier total, arriving late
        if isinstance(printed, bytes):  # the join of a book printed in parts
            book.pdf = printed
            return book.pdf
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
        if (book.joining or book.front_printed is None
                or len(book.body_printed) < len(book.body)):
            return
        body = [book.body_printed[i] for i in range(len(book.body))]
        pages = len(book.front_printed.page_heights)
        if pages != book.front_pages:
            self._number(book, body, pages)
        elif book.sheet is not None:
            assert self.pool is not None  # prints come back only once the pool runs
            joined = self.pool.submit(_join, [book.front_printed, *body], book.sheet,
                                      self.font_dir, COVER in book.job.html)
            self.pending[joined] = (book, "joined", 0, "")
            book.joining = True

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


def _part_name(book: _Book, role: str, index: int) -> str:
    """How the tally names a print of a book printed in parts (``index`` of a body part
    counts from 0; of a footer sheet, the numbering pass it is for)."""
    path = f"{book.job.path}.pdf"
    if role == "body":
        return f"{path} part {index + 1}/{len(book.body)}"
    if role == "sheet":
        return f"{path} footers"
    return f"{path} contents" if book.front_pages is not None else f"{path} contents (length)"


def _prints_whole(workers: int, variant: str | None) -> bool:
    return workers < 2 or variant in TAGGED_VARIANTS


def _plan_name(workers: int, part_weight: int, variant: str | None) -> str:
    """How a document is cut into parts, for its key: the join differs with the cuts."""
    if _prints_whole(workers, variant):
        return "whole"
    return f"parts {part_weight} {PARTS_PER_WORKER * workers}"


def plan(job: PrintJob, workers: int, part_weight: int, variant: str | None) -> _Book:
    whole = _prints_whole(workers, variant)
    split = None if whole else split_document(job.html, part_weight,
                                              PARTS_PER_WORKER * workers)
    if split is None or len(split.parts) < 2:
        return _Book(job, (), (), None)
    return _Book(job, split.parts, split.costs, split.front)


def print_documents(jobs: Iterable[PrintJob], svgs: dict[str, bytes],
                    variant: str | None = None, workers: int = 2,
                    part_weight: int = PART_WEIGHT,
                    tally: Tally | None = None) -> Iterator[tuple[str, bytes]]:
    """Each job's path and PDF, as they finish; long documents are printed in parts of
    about ``part_weight`` (split.layout_cost) each. With a ``tally``, documents and parts
    come from the build cache when their inputs are unchanged (printcache.py), and are
    counted there."""
    printing = Printing(jobs, svgs, variant, workers, part_weight, tally)
    try:
        yield from printing.results()
    finally:
        printing.stop()


class Printing:
    """Prints started at once (what the cache holds looked up, the rest handed to worker
    processes), so the caller can go on with other work while they run; ``results()``
    waits for them (the joins of books printed in parts, and their contents and footers
    once the page numbers are known, are done there), ``stop()`` ends the workers."""

    def __init__(self, jobs: Iterable[PrintJob], svgs: dict[str, bytes],
                 variant: str | None = None, workers: int = 2,
                 part_weight: int = PART_WEIGHT, tally: Tally | None = None):
        cache = PrintCache(tally, svgs, variant) if tally is not None else None
        self.cached: list[tuple[str, bytes]] = []
        todo = []
        for job in jobs:
            key = ""
            if cache is not None:
                key = cache.book_key(job.path, job.html, job.meta, job.extra_css,
                                     _svgs_used(job.html, svgs),
                                     _plan_name(workers, part_weight, variant))
                pdf = cache.load_book(key, job.path)
                if pdf is not None:
                    self.cached.append((job.path, pdf))
                    continue
            todo.append((job, key))
        self.books = _BooksInPrint(todo, svgs, variant, workers, part_weight, cache) \
            if todo else None

    def results(self) -> Iterator[tuple[str, bytes]]:
        yield from self.cached
        if self.books is not None:
            yield from self.books.results()

    def stop(self) -> None:
        if self.books is not None:
            self.books.stop()


class _BooksInPrint:
    """The pool printing what the cache did not hold, and the books in progress."""

    def __init__(self, todo: list[tuple[PrintJob, str]], svgs: dict[str, bytes],
                 variant: str | None, workers: int, part_weight: int,
                 cache: PrintCache | None):
        books = []
        for job, key in todo:
            books.append(plan(job, workers, part_weight, variant))
            books[-1].key = key
        books.sort(key=lambda book: -len(book.job.html))  # longest first balances the cores
        self.cache, self.pool = cache, None
        self.font_dir = tempfile.TemporaryDirectory(prefix="sopkit-fonts-")
        try:
            self.printer = _Printer(svgs, variant, Path(self.font_dir.name), cache)
            for book in books:  # the cache's prints now, the others queued
                self.printer.start(book)
            if len(self.printer.queued) > WARM_PRINTS_PER_WORKER * workers:
                self.printer.print_one_here()
            self.pool = _pool(workers, len(self.printer.queued))
            with printgc.frozen_for_fork():  # the first print submitted forks every worker
                self.printer.run(self.pool)
        except BaseException:
            self.stop()
            raise
        self.finished: queue.Queue = queue.Queue()
        threading.Thread(target=self._collect, name="sopkit-prints", daemon=True).start()

    def _collect(self) -> None:
        """In a thread, while this process makes the next formats: each print as it comes
        back moves its book on (the contents numbered, the join handed to a worker), so
        the books are joined by the time ``results`` is asked for them."""
        printer = self.printer
        try:
            while printer.pending or printer.ready:
                for done, printed in _next_prints(printer):
                    book, role, index, _key = done
                    pdf = printer.accept(book, role, index, printed)
                    if pdf is not None:
                        if self.cache is not None:
                            self.cache.keep_book(book.key, book.job.path, pdf)
                        self.finished.put((book.job.path, pdf))
        except BaseException as error:  # a failed print: raised where results are read
            self.finished.put(error)
        self.finished.put(None)

    def results(self) -> Iterator[tuple[str, bytes]]:
        while (finished := self.finished.get()) is not None:
            if isinstance(finished, BaseException):
                raise finished
            yield finished

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.font_dir.cleanup()


def _pool(workers: int, prints: int) -> ProcessPoolExecutor:
    """No more workers than prints to start with (the contents and footers printed again
    later, and the joins, wait for one), each with WeasyPrint imported: here before the
    fork when there is much to print, else by each worker at its first print
    (WARM_PRINTS_PER_WORKER; a worker that only joins never imports it)."""
    workers = max(1, min(workers, prints))
    if prints > WARM_PRINTS_PER_WORKER * workers:
        _ready_to_print()  # the workers inherit WeasyPrint imported and print.css parsed
    return process_pool(workers, initializer=printgc.start_worker)


def _next_prints(printer: _Printer) -> list[tuple[_Print, PrintedPart]]:
    """What the cache gave since the last call, or else the next prints to finish."""
    if printer.ready:
        ready = list(printer.ready)
        printer.ready.clear()
        return ready
    finished, _ = wait(list(printer.pending), return_when=FIRST_COMPLETED)
    prints = []
    for future in finished:
        done = printer.pending.pop(future)
        printed = future.result()
        printer.printed(done, printed)
        prints.append((done, printed))
    return prints

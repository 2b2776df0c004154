"""`dist/handbook.docx` and one .docx per role, workflow, training plan and policy, from
document HTML.

Figures embed the PNG twins the diagrams renderer wrote into the same build (ORDER 20 < 25):
`NEEDS` has `--only docx` build them too.

Each file is kept in the build cache (``keyparts.word_key``). The handbook is one key; its
body is joined from its chapters' items, each converted once and kept (docx/pieces.py), and
the pages its table of contents gets from LibreOffice are kept per chunk of the book between
two forced page breaks (docx/tocchunks.py): an edit converts and lays out again only the
items and chunks it changed.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path

from ..documents import render_documents
from ..docx.convert import html_to_parts_and_body
from ..docx.package import normalized_zip
from ..docx.tocpages import has_toc, number_toc_parts
from ..fonts import org_font
from ..jobs import process_pool
from ..keyparts import WORD_KIND, Wanted, look_up, made, toc_paging, word_key
from ..linker import LinkedKB
from ..office import office_for_build
from ..outputs import write_atomic

NAME = "docx"
# After the diagrams it embeds and right after the PDFs are started (pdf_renderer): the Word
# handbook's LibreOffice pass then runs while the forms, registers and portal are made.
ORDER = 25
NEEDS = ("diagrams",)  # the PNG twins its figures embed
# The only other outputs it reads are those PNGs, which the diagrams renderer writes before
# it returns (it leaves no work running: test_build_later): the PDFs started before it
# are not waited for.
READS_OTHER_OUTPUTS = False
DESCRIPTION = "handbook and documents as Word files styled by templates/word/reference.docx"
KIND = WORD_KIND


def _convert(job: tuple[str, str, Path, str | None, str]) -> tuple[str, bytes]:
    """One document; one with a TOC (the handbook) is laid out by LibreOffice (the server
    at ``office``, chunk by chunk, those in the cache not again; else a new soffice) so
    its TOC carries the page numbers (generator/docx/tocpages.py, tocchunks.py)."""
    path, html, assets, office, paging = job
    # the handbook's chapters are joined from items kept in the build cache (pieces.py)
    book = has_toc(html)
    # the entries are zipped once, after the TOC's numbers (~2 MB of pictures deflated
    # once rather than twice, and not read back)
    parts, body = html_to_parts_and_body(html, assets, name=path, pieces=book)
    return path, normalized_zip(number_toc_parts(parts, office, paging, body) if book
                                else parts)


def render(linked: LinkedKB, context) -> None:
    org_font(linked.org)  # stop before any work if the font is missing
    documents = {doc.path: doc for doc in render_documents(linked)}
    wanted = [Wanted(f"{path}.docx", word_key(doc, context.out))
              for path, doc in documents.items()]
    found, missing = look_up(context.tally, NAME, KIND, wanted)
    for name, data in found.items():
        write_atomic(context.out / name, data)
    keys = {item.name: item for item in missing}
    paths = [item.name.removesuffix(".docx") for item in missing]
    if not paths:
        return
    # LibreOffice boots while the worker converts the HTML (seconds of Python), so the
    # TOC's layout does not wait for it; only a build that makes a file with a TOC starts it.
    office, close_office = (office_for_build() if any(has_toc(documents[path].html)
                                                      for path in paths)
                            else (None, lambda: None))
    jobs = [(path, documents[path].html, context.out, office, toc_paging(documents[path]))
            for path in paths]
    # Conversion is CPU-bound Python (lxml, zlib): separate processes use the cores. The
    # handbook's LibreOffice pass takes seconds of one core, so the build goes on with the
    # next formats meanwhile (RenderContext.later) and collects the files afterwards.
    jobs.sort(key=lambda job: -len(job[1]))  # the longest first: it finishes last
    pool = process_pool(context.workers(len(jobs)))
    futures = [pool.submit(_convert, job) for job in jobs]
    office_closed = _close_when_done(futures, close_office)

    def finish() -> None:
        try:
            for future in context.progress(futures, "Word", len(futures)):
                path, data = future.result()
                name = f"{path}.docx"
                write_atomic(context.out / name,
                             made(context.tally, NAME, KIND, keys[name], data))
        finally:
            pool.shutdown(cancel_futures=True)
            office_closed()

    def abandon() -> None:
        pool.shutdown(cancel_futures=True)
        office_closed()

    context.later(finish, abandon, promised=keys)


def _close_when_done(futures: Sequence[Future], close: Callable[[], None]) -> Callable[[], None]:
    """LibreOffice's quit is about a second of waiting for it to end: it starts in a thread
    as soon as the last conversion is done (while this process makes the other formats),
    not when the build collects the Word files, which is often the build's last step.
    Returns what waits for it (starting it first if no conversion is done yet)."""
    lock = threading.Lock()
    started: list[bool] = []
    failed: list[BaseException] = []
    left = [len(futures)]

    def closing() -> None:
        try:
            close()
        except BaseException as exc:  # raised where the build waits for it, as before
            failed.append(exc)
    closer = threading.Thread(target=closing, name="close LibreOffice", daemon=True)

    def start() -> None:
        with lock:
            if not started:
                started.append(True)
                closer.start()

    def one_done(_future: Future) -> None:
        with lock:
            left[0] -= 1
            last = left[0] == 0
        if last:
            start()

    for future in futures:
        future.add_done_callback(one_done)

    def wait() -> None:
        start()
        closer.join()
        if failed:
            raise failed[0]
    return wait

"""The Word handbook's LibreOffice pass, way by way, in one run (issue 14, branch lod14).

On the sample's handbook (its Word file before the TOC is numbered), each ``--rounds``
times, in this order:

1. today's way before lod14: a new ``soffice --convert-to pdf`` with a new profile, the
   pages read from the PDF's outline with pypdf;
2. a new LibreOffice server (generator/office/): its start until it answers (LibreOffice
   booted, profile made), then the first document's headings read from the layout;
3. the same server, warm: the headings again (what `sopkit serve` or a daemon would pay);
4. the same server, warm: a PDF export and pypdf's outline (the export the layout read
   saves).

With ``--chunks`` (branch office16), on the same server, warm, the layout copy
(tocpages.layout_copy) of the book cut at its forced page breaks (tocchunks.py), after
0. main's pass: the whole book, the page of every heading of every level;

5. the first N chunks as one document, for a few N up to the whole book: load (which lays
   it out), finishing the layout and the queries, wall and soffice's CPU as the server
   measures them, and the pages: whether the cost grows faster than the pages;
5b. the whole book in the runs a cold build lays out (tocchunks.runs);
6. one chunk alone (the chunk holding the first role of the roles chapter, what a summary
   edit of it lays out), and with ``--each`` every chunk alone one after the other.

Wall seconds of each, the CPU seconds of the children (soffice, the server) where they can
be told apart, and the load average: compare ratios within one run only.

    .venv/bin/python bench/bench_office.py [--rounds 2] [--sops DIR] [--chunks]
"""
from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.documents import render_documents  # noqa: E402
from generator.docx import html_to_docx  # noqa: E402
from generator.docx.tocchunks import MARK, RUN_BYTES, Book, runs  # noqa: E402
from generator.docx.tocpages import heading_pages, layout_copy, print_pdf  # noqa: E402
from generator.office.client import (  # noqa: E402
    OfficeServer,
    ask,
    headings_with_server,
    layout_with_server,
    print_with_server,
)
from generator.pipeline import check  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def handbook_docx(folder: Path, sops: Path) -> bytes:
    out = folder / "dist"
    subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(sops),
                    "--out", str(out), "--only", "diagrams", "--quiet", "--no-cache"],
                   check=True, cwd=ROOT)
    handbook = next(doc for doc in render_documents(check(sops).linked)
                    if doc.path == "handbook")
    return html_to_docx(handbook.html, out, name="handbook")


def timed(label: str, work, rows: list[str]):
    load = Path("/proc/loadavg").read_text().split()[0]
    cpu, start = children_cpu(), time.perf_counter()
    result = work()
    wall, used = time.perf_counter() - start, children_cpu() - cpu
    rows.append(f"| {label} | {wall:.2f} s | {used:.2f} s | {load} |")
    return result


def one_round(docx: bytes, rows: list[str]) -> None:
    fresh = timed("1. new soffice --convert-to pdf + pypdf outline",
                  lambda: heading_pages(print_pdf(docx)), rows)
    server = timed("2a. server start until LibreOffice answers",
                   lambda: _started(), rows)
    try:
        first = timed("2b. first document's headings from the layout",
                      lambda: headings_with_server(server.socket_path, docx), rows)
        timed("3. warm: headings from the layout",
              lambda: headings_with_server(server.socket_path, docx), rows)
        timed("4. warm: PDF export + pypdf outline",
              lambda: heading_pages(print_with_server(server.socket_path, docx)), rows)
    finally:
        timed("5. server closed (CPU of the server and its LibreOffice, reaped)",
              server.close, rows)
    same = [("".join(t.split()), p) for t, p in first] == fresh
    rows.append(f"| (pages from the layout equal the printed PDF's: {same}) | | | |")


def _started() -> OfficeServer:
    server = OfficeServer.start()
    assert server is not None, "no soffice"
    ask(server.socket_path, {"op": "ping"})  # answered once LibreOffice is up
    return server


def chunk_rounds(docx: bytes, rows: list[str], each: bool) -> None:
    """Steps 5 and 6 on one warm server."""
    copy = layout_copy(docx)
    book = Book(dict(_entries(copy)))
    count = book.chunk_count()
    server = _started()
    try:
        layout_with_server(server.socket_path, copy, MARK, book.levels)  # warm-up, not counted
        _pages_row("0. as main: the whole book, every heading level", server, copy, 9, rows)
        for share in (8, 4, 2, 1):
            last = max(0, count // share - 1)
            _pages_row(f"5. chunks 1–{last + 1} of {count} as one document", server,
                       book.run_docx(0, last), book.levels, rows)
        cold = [0.0, 0.0, 0]
        for first, last in runs([None] * count, [len(xml) for xml in book.xml]):
            answer = layout_with_server(server.socket_path, book.run_docx(first, last), MARK,
                                        book.levels)
            cold[0] += sum(wall for wall, _ in answer["times"].values())
            cold[1] += sum(cpu for _, cpu in answer["times"].values())
            cold[2] += 1
        rows.append(f"| 5b. the whole book in the runs a cold build lays out ({cold[2]} documents "
                    f"of up to {RUN_BYTES // 1000} KB) | {cold[0]:.2f} s | {cold[1]:.2f} s | |")
        edited = _first_role_chunk(book)
        _pages_row(f"6a. chunk {edited + 1} alone (the first role's)", server,
                   book.run_docx(edited, edited), book.levels, rows)
        if each:
            _each_alone(server, book, rows)
    finally:
        server.close()


def _each_alone(server: OfficeServer, book: Book, rows: list[str]) -> None:
    total = [0.0, 0.0, 0.0, 0]
    for chunk in range(book.chunk_count()):
        answer = layout_with_server(server.socket_path, book.run_docx(chunk, chunk), MARK,
                                    book.levels)
        for index, step in enumerate(("load", "layout", "query")):
            total[index] += answer["times"].get(step, [0, 0])[1]
        total[3] += answer["pages"]
    rows.append(f"| 6b. each of the {book.chunk_count()} chunks alone, one after the other: "
                f"soffice CPU load {total[0]:.2f} + layout and query "
                f"{total[1] + total[2]:.2f} s, {total[3]} pages | | | |")


def _pages_row(label: str, server: OfficeServer, docx: bytes, levels: int,
               rows: list[str]) -> None:
    load = Path("/proc/loadavg").read_text().split()[0]
    start = time.perf_counter()
    answer = layout_with_server(server.socket_path, docx, MARK, levels)
    wall = time.perf_counter() - start
    times = answer["times"]
    cpu = sum(cpu for _, cpu in times.values())
    rows.append(f"| {label}: {answer['pages']} pages; soffice load {times['load'][0]:.2f} s "
                f"wall / {times['load'][1]:.2f} s CPU, "
                f"layout finished and queried {times['query'][0]:.2f} / "
                f"{times['query'][1]:.2f} s; "
                f"{cpu / max(answer['pages'], 1) * 1000:.0f} ms CPU a page | {wall:.2f} s | "
                f"{cpu:.2f} s | {load} |")


def _first_role_chunk(book: Book) -> int:
    """The chunk holding the first role's heading (its bookmark is named ``role_…``)."""
    for chunk in range(book.chunk_count()):
        for block in book.blocks[book.span(chunk).start:book.span(chunk).stop]:
            if b'w:name="role_' in etree.tostring(block):
                return chunk
    return 0


def _entries(docx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sops", type=Path, default=ROOT / "sops")
    parser.add_argument("--chunks", action="store_true",
                        help="only the chunk steps 5 and 6 (tocchunks.py), --rounds times")
    parser.add_argument("--each", action="store_true", help="with --chunks: every chunk alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-office-") as folder:
        docx = handbook_docx(Path(folder), args.sops.resolve())
    rows = ["| step | wall | children's CPU | load (1 min) before |", "|---|---|---|---|"]
    for _ in range(args.rounds):
        if args.chunks:
            chunk_rounds(docx, rows, args.each)
        else:
            one_round(docx, rows)
    print("\n".join(rows))


if __name__ == "__main__":
    main()

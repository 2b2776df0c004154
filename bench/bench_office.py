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

Wall seconds of each, the CPU seconds of the children (soffice, the server) where they can
be told apart, and the load average: compare ratios within one run only.

    .venv/bin/python bench/bench_office.py [--rounds 2]
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.documents import render_documents  # noqa: E402
from generator.docx import html_to_docx  # noqa: E402
from generator.docx.tocpages import heading_pages, print_pdf  # noqa: E402
from generator.office.client import (  # noqa: E402
    OfficeServer,
    ask,
    headings_with_server,
    print_with_server,
)
from generator.pipeline import check  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def handbook_docx(folder: Path) -> bytes:
    out = folder / "dist"
    subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(ROOT / "sops"),
                    "--out", str(out), "--only", "diagrams", "--quiet", "--no-cache"],
                   check=True, cwd=ROOT)
    handbook = next(doc for doc in render_documents(check(ROOT / "sops").linked)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-office-") as folder:
        docx = handbook_docx(Path(folder))
    rows = ["| step | wall | children's CPU | load (1 min) before |", "|---|---|---|---|"]
    for _ in range(args.rounds):
        one_round(docx, rows)
    print("\n".join(rows))


if __name__ == "__main__":
    main()

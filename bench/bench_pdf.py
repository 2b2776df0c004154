"""Time PDF printing: the sample handbook (in parts, on 2 processes, as the build prints it),
the same in one process, one role document, and the whole `--only pdf` build; or the
handbook of a synthetic knowledge base, with the peak memory of all processes together.

    .venv/bin/python bench/bench_pdf.py
    .venv/bin/python bench/bench_pdf.py --synthetic ROLES WORKFLOWS FORMS [--libreoffice]

Each also times LibreOffice converting sopkit's own handbook.docx of the same content to PDF
(the synthetic one with --libreoffice: a 3,000-page Word file takes it a long time).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.documents import render_documents  # noqa: E402
from generator.pdf import PrintJob, diagram_svgs, print_documents, render_pdf  # noqa: E402
from generator.pipeline import check  # noqa: E402


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def describe(pdf: bytes) -> str:
    return f"{len(PdfReader(BytesIO(pdf)).pages)} pages, {len(pdf) / 1024:.0f} KiB"


class TreeMemory:
    """Peak resident memory of this process and all its children together, sampled from
    /proc every 50 ms (ru_maxrss would give the largest single process)."""

    def __init__(self):
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, sum(_rss(pid) for pid in _tree(os.getpid())))


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def libreoffice_seconds(sops: Path, tmp: Path) -> float:
    """Build sopkit's own Word files of the same content, then time LibreOffice turning
    handbook.docx into PDF (after one small conversion, so its profile exists)."""
    sopkit = Path(sys.executable).parent / "sopkit"
    dist = tmp / "word"
    subprocess.run([str(sopkit), "build", "--sops", str(sops), "--only", "diagrams,docx",
                    "--quiet", "--out", str(dist)], cwd=ROOT, check=True)
    def convert(docx: Path) -> float:
        start = time.perf_counter()
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(docx)],
                       check=True, capture_output=True)
        return time.perf_counter() - start
    convert(next((dist / "roles").glob("*.docx")))
    seconds = convert(dist / "handbook.docx")
    pages = len(PdfReader(tmp / "lo" / "handbook.pdf").pages)
    print(f"LibreOffice converting sopkit's handbook.docx to PDF: {seconds:.2f} s ({pages} pages)")
    return seconds


def print_book(doc, svgs) -> bytes:
    job = PrintJob(doc.path, doc.html, dict(doc.meta))
    return dict(print_documents([job], svgs))[doc.path]


def main() -> None:
    linked = check(ROOT / "sops").linked
    documents = {d.path: d for d in render_documents(linked)}
    svgs = timed("diagrams (SVG, in memory)", lambda: diagram_svgs(linked))
    handbook = documents["handbook"]
    start = time.perf_counter()
    pdf = timed("handbook.pdf, in parts on 2 processes", lambda: print_book(handbook, svgs))
    seconds = time.perf_counter() - start
    print(f"  {describe(pdf)}")
    pdf = timed("handbook.pdf, in one process", lambda: render_pdf(
        handbook.html, dict(handbook.meta), svgs))
    print(f"  {describe(pdf)}")
    role = documents["roles/sales-manager"]
    pdf = timed("roles/sales-manager.pdf", lambda: render_pdf(role.html, dict(role.meta), svgs))
    print(f"  {describe(pdf)}")
    with tempfile.TemporaryDirectory() as tmp:
        sopkit = Path(sys.executable).parent / "sopkit"
        timed("sopkit build --only pdf (all documents, 2 processes)", lambda: subprocess.run(
            [str(sopkit), "build", "--only", "pdf", "--quiet", "--out", f"{tmp}/dist"],
            cwd=ROOT, check=True))
        office = libreoffice_seconds(ROOT / "sops", Path(tmp))
        print(f"ratio sopkit PDF / LibreOffice: {seconds / office:.2f}")


def synthetic(roles: int, workflows: int, forms: int, office: bool) -> None:
    """The handbook of a synthetic knowledge base: time, pages and peak memory."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "sops", roles, workflows, forms)
        linked = check(Path(tmp) / "sops").linked
        handbook = [d for d in render_documents(linked) if d.path == "handbook"][0]
        svgs = timed("diagrams", lambda: diagram_svgs(linked))
        start = time.perf_counter()
        with TreeMemory() as memory:
            pdf = timed(f"synthetic handbook ({roles} roles, {workflows} workflows, "
                        f"{forms} forms), in parts on 2 processes",
                        lambda: print_book(handbook, svgs))
        seconds = time.perf_counter() - start
        print(f"  {describe(pdf)}, peak RSS of all processes {memory.peak / 2**20:.0f} MiB")
        if office:
            lo = libreoffice_seconds(Path(tmp) / "sops", Path(tmp))
            print(f"ratio sopkit PDF / LibreOffice: {seconds / lo:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--synthetic":
        synthetic(*(int(n) for n in sys.argv[2:5]), office="--libreoffice" in sys.argv)
    else:
        main()

"""Time PDF rendering: the sample handbook, one role document, and the whole `--only pdf` build.

    .venv/bin/python bench/bench_pdf.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.documents import render_documents  # noqa: E402
from generator.pdf import diagram_svgs, render_pdf  # noqa: E402
from generator.pipeline import check  # noqa: E402


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    linked = check(ROOT / "sops").linked
    documents = {d.path: d for d in render_documents(linked)}
    svgs = timed("diagrams (SVG, in memory)", lambda: diagram_svgs(linked))
    with tempfile.TemporaryDirectory() as tmp:
        for path in ("handbook", "roles/sales-manager"):
            doc = documents[path]
            pdf = timed(f"{path}.pdf", lambda: render_pdf(doc.html, doc.meta, svgs))
            target = Path(tmp) / "x.pdf"
            target.write_bytes(pdf)
            print(f"  {len(PdfReader(target).pages)} pages, {len(pdf) / 1024:.0f} KiB")
        sopkit = Path(sys.executable).parent / "sopkit"
        timed("sopkit build --only pdf (all documents, 2 processes)", lambda: subprocess.run(
            [str(sopkit), "build", "--only", "pdf", "--quiet", "--out", f"{tmp}/dist"],
            cwd=ROOT, check=True))


if __name__ == "__main__":
    main()

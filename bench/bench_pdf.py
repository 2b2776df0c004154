"""Time PDF rendering: the sample handbook, one role document, and the whole `--only pdf` build;
or the handbook of a synthetic knowledge base.

    .venv/bin/python bench/bench_pdf.py
    .venv/bin/python bench/bench_pdf.py --synthetic ROLES WORKFLOWS FORMS
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




def synthetic(roles: int, workflows: int, forms: int) -> None:
    """The handbook of a synthetic knowledge base: time, pages and peak memory."""
    import resource
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "sops", roles, workflows, forms)
        linked = check(Path(tmp) / "sops").linked
        handbook = [d for d in render_documents(linked) if d.path == "handbook"][0]
        svgs = timed("diagrams", lambda: diagram_svgs(linked))
        pdf = timed(f"synthetic handbook ({roles} roles, {workflows} workflows, {forms} forms)",
                    lambda: render_pdf(handbook.html, handbook.meta, svgs))
        target = Path(tmp) / "h.pdf"
        target.write_bytes(pdf)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {len(PdfReader(target).pages)} pages, {len(pdf) / 1024:.0f} KiB, "
              f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--synthetic":
        synthetic(*(int(n) for n in sys.argv[2:5]))
    else:
        main()

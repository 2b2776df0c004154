"""Time Word output: one job description (median), the sample handbook, the whole
`--only diagrams,docx` build, and the job descriptions of the 1,000-role synthetic
knowledge base converted in 2 processes.

    .venv/bin/python bench/bench_docx.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import generate  # noqa: E402

from generator.documents import render_documents  # noqa: E402
from generator.docx import html_to_docx  # noqa: E402
from generator.pipeline import check  # noqa: E402


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def _convert(job: tuple[str, str, Path]) -> int:
    path, html, assets = job
    return len(html_to_docx(html, assets, name=path))


def sample(tmp: Path) -> None:
    sopkit = Path(sys.executable).parent / "sopkit"
    timed("sopkit build --only diagrams,docx (sample, 30 files)", lambda: subprocess.run(
        [str(sopkit), "build", "--only", "diagrams,docx", "--quiet", "--out", f"{tmp}/dist"],
        cwd=ROOT, check=True))
    documents = {d.path: d for d in render_documents(check(ROOT / "sops").linked)}
    role = documents["roles/sales-manager"]
    runs = []
    for _ in range(11):
        start = time.perf_counter()
        html_to_docx(role.html, tmp / "dist", name=role.path)
        runs.append(time.perf_counter() - start)
    print(f"roles/sales-manager.docx: median {statistics.median(runs) * 1000:.0f} ms "
          f"(min {min(runs) * 1000:.0f}, max {max(runs) * 1000:.0f}, 11 runs)")
    handbook = documents["handbook"]
    data = timed("handbook.docx", lambda: html_to_docx(handbook.html, tmp / "dist"))
    print(f"  {len(data) / 1024:.0f} KiB")


def synthetic(tmp: Path) -> None:
    generate(tmp / "sops", roles=1000, workflows=300, forms=200)
    linked = timed("check (1,000 roles)", lambda: check(tmp / "sops").linked)
    documents = timed("document HTML (all documents)", lambda: render_documents(linked))
    jobs = [(d.path, d.html, tmp) for d in documents if d.path.startswith("roles/")]
    with ProcessPoolExecutor(max_workers=2) as pool:
        timed(f"{len(jobs)} job descriptions → .docx (2 processes)",
              lambda: sum(pool.map(_convert, jobs, chunksize=16)))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sample(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        synthetic(Path(tmp))


if __name__ == "__main__":
    main()

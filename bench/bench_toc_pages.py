"""The Word handbook's LibreOffice pass, before and after it was kept per unit (issue 14).

For the sample and a synthetic knowledge base (bench/synthetic.py), and for two codes —
``--baseline REV`` and ``--rev REV`` (default HEAD), each exported with ``git archive``
into a temporary folder, so editing the checkout meanwhile changes nothing — one run does,
alternating the codes so both see the same load:

1. a cold build (fresh output folder, fresh cache): wall and CPU time (the build and its
   children: LibreOffice, WeasyPrint, Graphviz);
2. a rebuild after appending to one role's summary (bench_build.edit_one_summary).

``--profile N`` instead prints a one-page Word file N times each way, alternating: in a
new LibreOffice profile (what every call paid before) and in a copy of the kept one.

Each build runs under a timeline (``--run`` mode of this script) that logs when every
LibreOffice call starts and ends (``tocpages.print_pdf`` in the baseline,
``libreoffice.print_pdfs`` here) and when the build ends, and prints the LibreOffice calls'
durations. The repository's ``sops/`` is never edited: every build works on a copy.

    .venv/bin/python bench/bench_toc_pages.py --baseline 1aa1837 --roles 80
"""
from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import edit_one_summary  # noqa: E402
from synthetic import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def timeline_main() -> None:
    """``--run CODE ARGS…``: ``sopkit ARGS`` from CODE, logging LibreOffice calls."""
    code, args = sys.argv[2], sys.argv[3:]
    sys.path.insert(0, code)
    start = time.time()

    def log(message: str) -> None:
        print(f"[{time.time() - start:7.2f}] {message}", file=sys.stderr, flush=True)

    def wrap(module, name: str, label: str) -> None:
        real = getattr(module, name)

        def logged(*positional, **named):
            log(f"start {label} pid{os.getpid()}")
            try:
                return real(*positional, **named)
            finally:
                log(f"end   {label} pid{os.getpid()}")
        setattr(module, name, logged)

    import generator.docx.tocpages as tocpages
    try:
        import generator.docx.libreoffice as libreoffice
        wrap(libreoffice, "print_pdfs", "LO")
    except ImportError:
        wrap(tocpages, "print_pdf", "LO")
    from generator.cli import main
    sys.argv = ["sopkit", *args]
    try:
        main()
    finally:
        log("exit")


def timed_build(code: Path, sops: Path, out: Path, cache: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("SOPKIT_CACHE", None)
    done = subprocess.run([sys.executable, __file__, "--run", str(code), "build", "--sops",
                           str(sops), "--out", str(out), "--cache", str(cache), "-q"],
                          capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr[-2000:]}")
    starts = {m.group(2): float(m.group(1)) for m in
              re.finditer(r"\[\s*([\d.]+)\] start LO (pid\d+)", done.stderr)}
    lo = sum(float(m.group(1)) - starts[m.group(2)] for m in
             re.finditer(r"\[\s*([\d.]+)\] end   LO (pid\d+)", done.stderr))
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime)
            + (after.ru_stime - before.ru_stime), "lo": lo, "lo_calls": len(starts)}


def knowledge_bases(folder: Path, roles: int) -> dict[str, Path]:
    synthetic = folder / "synthetic"
    generate(synthetic, roles=roles, workflows=max(1, roles // 10), forms=max(1, roles // 16))
    return {"sample": REPO / "sops", f"synthetic {roles} roles": synthetic}


def export(rev: str, folder: Path) -> Path:
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def profile_bench(repeats: int) -> None:
    """Wall and CPU of one soffice call on a one-page file, new profile against kept."""
    import docx

    from generator.docx import libreoffice
    document = docx.Document()
    document.add_paragraph("一页")
    buffer = io.BytesIO()
    document.save(buffer)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as cache:
        os.environ["SOPKIT_CACHE"] = cache
        libreoffice.print_pdfs([buffer.getvalue()])  # keeps the profile
        figures: dict[str, list[tuple[float, float]]] = {"new": [], "kept": []}
        for _ in range(repeats):
            for way in figures:
                os.environ["SOPKIT_NO_CACHE"] = "1" if way == "new" else "0"
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                libreoffice.print_pdfs([buffer.getvalue()])
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                figures[way].append((time.perf_counter() - started,
                                     after.ru_utime - before.ru_utime
                                     + after.ru_stime - before.ru_stime))
    for way, runs in figures.items():
        walls, cpus = sorted(w for w, _ in runs), sorted(c for _, c in runs)
        print(f"profile {way:5}: median wall {walls[len(walls) // 2]:.2f} s, median cpu "
              f"{cpus[len(cpus) // 2]:.2f} s over {repeats} (load {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default="1aa1837")
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--roles", type=int, default=80)
    parser.add_argument("--profile", type=int, default=0)
    options = parser.parse_args()
    if options.profile:
        profile_bench(options.profile)
        return
    with tempfile.TemporaryDirectory(prefix="bench-toc-") as folder:
        work = Path(folder)
        codes = {f"baseline {options.baseline}": export(options.baseline, work / "baseline"),
                 options.rev: export(options.rev, work / "current")}
        for name, sops in knowledge_bases(work, options.roles).items():
            print(f"## {name}  (load {os.getloadavg()[0]:.1f})")
            for step in ("cold", "summary edit"):
                for label, code in codes.items():
                    tag = f"{name}-{label}".replace(" ", "_")
                    copy = work / tag / "sops"
                    if step == "cold":
                        shutil.copytree(sops, copy)
                    else:
                        edit_one_summary(copy)
                    figures = timed_build(code, copy, work / tag / "dist", work / tag / "cache")
                    print(f"{step:13} {label:18} wall {figures['wall']:6.1f} s  cpu "
                          f"{figures['cpu']:6.1f} s  LibreOffice {figures['lo']:5.1f} s in "
                          f"{figures['lo_calls']:.0f} call(s)  load {os.getloadavg()[0]:.1f}",
                          flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        timeline_main()
    else:
        main()

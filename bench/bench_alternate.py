"""Cold builds of two versions of sopkit, alternating, for a ratio that a shared, noisy
machine does not skew: the load changes between runs, but both versions meet it in turn.

The baseline is a git revision (default ``main``), unpacked with ``git archive`` into a
temporary folder (no worktree); the candidate is this checkout's working tree, copied the
same way bench_build.py copies it. Both copies are byte-compiled before the first build, so
neither pays for compiling. Each build is cold (a fresh output folder and an empty cache)
and builds the sample (or ``--sops``) with ``--only FORMATS`` (``all``: every format).
CPU is user + system of the build and everything it started (RUSAGE_CHILDREN: workers,
LibreOffice, Graphviz), as bench_build.py measures it.

    .venv/bin/python bench/bench_alternate.py --only forms --only custom --only all --pairs 3
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import PYTHON, REPO, TODAY, _children_cpu, copy_code  # noqa: E402


def unpacked(revision: str, target: Path) -> Path:
    """The code parts of ``revision``, from ``git archive`` (the repository is only read)."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", revision,
                              "generator", "templates", "site", "mkdocs.yml"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def build(code: Path, sops: Path, only: str, scratch: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of one cold build, and the 1-minute load before it."""
    out, cache = Path(tempfile.mkdtemp(dir=scratch)) / "dist", Path(tempfile.mkdtemp(dir=scratch))
    command = [PYTHON, "-m", "generator", "build", "--sops", str(sops), "--out", str(out),
               "--cache", str(cache), "--quiet"]
    if only != "all":
        command += ["--only", only]
    env = {name: value for name, value in os.environ.items()
           if name not in ("SOPKIT_CACHE", "SOPKIT_NO_CACHE", "PYTHONPATH")}
    env.update(SOPKIT_TODAY=TODAY, PYTHONPATH=str(code))
    load = os.getloadavg()[0]
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=code)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode:
        raise SystemExit(f"build of {code} failed:\n{done.stderr[-2000:]}")
    return wall, cpu, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main")
    parser.add_argument("--only", action="append", default=[],
                        help="formats of one measurement (repeatable; `all`: every format)")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--sops", type=Path, default=REPO / "sops")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-alternate-") as folder:
        scratch = Path(folder)
        codes = {"baseline": unpacked(args.baseline, scratch / "baseline"),
                 "candidate": copy_code(REPO, scratch / "candidate")}
        for code in codes.values():
            subprocess.run([PYTHON, "-m", "compileall", "-q", str(code / "generator")],
                           check=True)
        print(f"baseline {args.baseline}, candidate: the working tree of {REPO}; "
              f"{args.pairs} pairs, alternating\n")
        print("| --only | pair | baseline wall | baseline CPU | candidate wall | candidate CPU "
              "| CPU ratio | load before |")
        print("|---|---|---|---|---|---|---|---|")
        for only in args.only or ["all"]:
            ratios = []
            for pair in range(1, args.pairs + 1):
                order = ["baseline", "candidate"] if pair % 2 else ["candidate", "baseline"]
                got = {name: build(codes[name], args.sops.resolve(), only, scratch)
                       for name in order}
                (bw, bc, bl), (cw, cc, cl) = got["baseline"], got["candidate"]
                ratios.append(cc / bc)
                print(f"| {only} | {pair} | {bw:.1f} s | {bc:.1f} s | {cw:.1f} s | {cc:.1f} s "
                      f"| {cc / bc:.1%} | {bl:.1f} / {cl:.1f} |", flush=True)
            print(f"| {only} | median | | | | | **{statistics.median(ratios):.1%}** | |",
                  flush=True)


if __name__ == "__main__":
    main()

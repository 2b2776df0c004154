"""Two commits of sopkit built one after the other, several alternations (branch office15).

On a 2-core machine shared with other work, one build of each code is noise; a ratio of
builds run back to back, in alternating order, is the steadier figure. For each round and
each code (``--base`` and ``--code``, two revisions exported with ``git archive`` into a
temporary folder, run with this venv's python and the sample's content copied):

1. ``--only docx``, cold (fresh output folder, empty cache): wall and CPU;
2. the whole build, cold: wall and CPU;
3. after it, one role's summary edited (bench_build.edit_one_summary) and rebuilt: wall
   and CPU.

CPU is user + system of the build and everything it started (RUSAGE_CHILDREN: workers,
the LibreOffice server and its soffice.bin, Graphviz). Prints each build, then the medians
and the ratio code / base per step, with the load averages seen.

    .venv/bin/python bench/bench_ab.py --base main --code HEAD --rounds 3
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import PYTHON, REPO, _children_cpu, _clean_env, edit_one_summary  # noqa: E402

STEPS = ("--only docx, cold", "whole build, cold", "summary edit rebuild")


def export(rev: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def build(code: Path, sops: Path, out: Path, cache: Path, *extra: str) -> tuple[float, float]:
    import time
    command = [PYTHON, "-m", "generator", "build", "--sops", str(sops), "--out", str(out),
               "--cache", str(cache), "--quiet", *extra]
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=_clean_env(code), capture_output=True, text=True,
                          cwd=sops.parent)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode:
        raise SystemExit(f"build by {code} failed:\n{done.stderr[-2000:]}")
    return wall, cpu


def one_round(name: str, code: Path, work: Path, sops: Path) -> dict[str, tuple]:
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(sops, folder / "sops")
    found = {}
    load = os.getloadavg()[0]
    found[STEPS[0]] = (*build(code, folder / "sops", folder / "docx", folder / "c1",
                              "--only", "docx"), load)
    load = os.getloadavg()[0]
    found[STEPS[1]] = (*build(code, folder / "sops", folder / "dist", folder / "c2"), load)
    edit_one_summary(folder / "sops")
    load = os.getloadavg()[0]
    found[STEPS[2]] = (*build(code, folder / "sops", folder / "dist", folder / "c2"), load)
    for step, (wall, cpu, seen) in found.items():
        print(f"{name:5} {step:22} wall {wall:6.1f} s  CPU {cpu:6.1f} s  load {seen:4.1f}",
              flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="main")
    parser.add_argument("--code", default="HEAD")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sops", type=Path, default=REPO / "sops")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sopkit-ab-") as temp:
        work = Path(temp)
        codes = {"base": export(args.base, work / "base-code"),
                 "code": export(args.code, work / "code-code")}
        runs: dict[str, list[dict]] = {"base": [], "code": []}
        for number in range(args.rounds):
            order = ["base", "code"] if number % 2 == 0 else ["code", "base"]
            for name in order:
                runs[name].append(one_round(name, codes[name], work, args.sops))
    print(f"\nmedians of {args.rounds} rounds, {args.code} / {args.base}:")
    for step in STEPS:
        base = [statistics.median(r[step][i] for r in runs["base"]) for i in (0, 1)]
        code = [statistics.median(r[step][i] for r in runs["code"]) for i in (0, 1)]
        print(f"{step:22} wall {base[0]:6.1f} → {code[0]:6.1f} s ({code[0] / base[0]:5.1%})"
              f"  CPU {base[1]:6.1f} → {code[1]:6.1f} s ({code[1] / base[1]:5.1%})")


if __name__ == "__main__":
    main()

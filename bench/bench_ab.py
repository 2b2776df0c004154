"""Two versions of sopkit built one after the other, alternating, for a ratio that a shared,
noisy machine does not skew: the load changes between runs, but both versions meet it in
turn. One build of each is noise on 2 shared cores; the median ratio of pairs is not.

The baseline is a git revision (``--baseline``, default ``main``), the candidate another
(``--candidate REV``) or, by default, this checkout's working tree; each is exported
(``git archive`` or bench_build.copy_code) into a temporary folder, byte-compiled before the
first build, and run with this venv's python on its own copy of the content. Per pair:

- one cold build (fresh output folder, empty cache) per ``--only`` (repeatable; ``all``,
  the default, is every format);
- then, with ``--edits N``, N rebuilds of the last cold build's output (the last ``--only``;
  put ``all`` last for whole builds) after editing one role's summary each time
  (bench_build.edit_one_summary, then a new text per round).

CPU is user + system of the build and everything it started (RUSAGE_CHILDREN: workers, the
LibreOffice server and its soffice.bin, Graphviz), as bench_build.py measures it; "main" is
the build's own process alone (its RUSAGE_SELF at exit: the serial part a rebuild waits
for). Prints a Markdown table per step with both versions, the CPU and wall ratios and the
load before each build; ``--compare`` also says whether the last pair wrote byte-identical outputs.

    .venv/bin/python bench/bench_ab.py --only docx --only all --edits 2 --pairs 3
    .venv/bin/python bench/bench_ab.py --baseline abc8c74 --only site --compare
"""
from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import (  # noqa: E402
    CODE_PARTS,
    PYTHON,
    REPO,
    _children_cpu,
    _clean_env,
    compiled,
    copy_code,
    edit_one_summary,
)

EDITED = re.compile(r"（修订[^）]*）")
# `python -m generator` that writes its own process's CPU seconds to $SOPKIT_BENCH_MAIN_CPU
MAIN_CPU = ("import atexit, os, resource, runpy, sys\n"
            "def _own():\n"
            "    used = resource.getrusage(resource.RUSAGE_SELF)\n"
            "    with open(os.environ['SOPKIT_BENCH_MAIN_CPU'], 'w') as out:\n"
            "        out.write(str(used.ru_utime + used.ru_stime))\n"
            "atexit.register(_own)\n"
            "sys.argv[0] = 'sopkit'\n"
            "runpy.run_module('generator', run_name='__main__', alter_sys=True)\n")


def export(revision: str | None, target: Path) -> Path:
    """The code parts of ``revision`` (``None``: this working tree), compiled."""
    if revision is None:
        return copy_code(REPO, target)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, *CODE_PARTS],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return compiled(target)


def build(code: Path, sops: Path, out: Path, cache: Path,
          only: str) -> tuple[float, float, float, float]:
    """Wall and CPU seconds of one build, the 1-minute load average before it and the CPU
    seconds of the build's main process alone."""
    command = [PYTHON, "-c", MAIN_CPU, "build", "--sops", str(sops), "--out", str(out),
               "--cache", str(cache), "--quiet"] + (["--only", only] if only != "all" else [])
    own = out.parent / "main-cpu.txt"
    env = dict(_clean_env(code), SOPKIT_BENCH_MAIN_CPU=str(own))
    load, cpu, start = os.getloadavg()[0], _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=sops.parent)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode:
        raise SystemExit(f"build by {code} failed:\n{done.stderr[-2000:]}")
    return wall, cpu, load, float(own.read_text())


def edit_again(sops: Path, round_number: int) -> None:
    """A new summary edit each round: the first appends （修订）, later ones change it."""
    if round_number == 0:
        edit_one_summary(sops)
        return
    for path in sorted((sops / "roles").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if EDITED.search(text):
            path.write_text(EDITED.sub(f"（修订{round_number}）", text, count=1), encoding="utf-8")
            return


def one_pair(codes: dict[str, Path], order: list[str], args, work: Path) -> dict[str, dict]:
    """Every step of one pair for each version in ``order``: {version: {step: timing}}."""
    found: dict[str, dict] = {}
    for name in order:
        folder = work / name
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(args.sops, folder / "sops")
        steps = found[name] = {}
        for only in args.only or ["all"]:
            out, cache = folder / f"out-{only}", folder / f"cache-{only}"
            steps[f"cold --only {only}"] = build(codes[name], folder / "sops", out, cache, only)
        # the edits rebuild the last --only's output (all formats unless it names fewer)
        last = (args.only or ["all"])[-1]
        for number in range(args.edits):
            edit_again(folder / "sops", number)
            steps[f"summary edit {number + 1} (--only {last})"] = build(
                codes[name], folder / "sops", folder / f"out-{last}", folder / f"cache-{last}",
                last)
    return found


def differing(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (empty: byte-identical)."""
    compared = filecmp.dircmp(a, b)
    found = [str(a / n) for n in compared.left_only + compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    found += [str(a / n) for n in mismatch + errors]
    for sub in compared.common_dirs:
        found += differing(a / sub, b / sub)
    return found


def by_suffix(paths: list[str]) -> str:
    """"15 .docx, 1 .pdf": which kinds of file differ, when a change is meant to touch some."""
    counts = Counter(Path(path).suffix or Path(path).name for path in paths)
    return ", ".join(f"{count} {suffix}" for suffix, count in sorted(counts.items()))


def report(pairs: list[dict[str, dict]]) -> None:
    print("| step | pair | baseline wall / CPU / main | candidate wall / CPU / main "
          "| wall ratio | CPU ratio | main CPU ratio | load before |\n"
          "|---|---|---|---|---|---|---|---|")
    for step in pairs[0]["baseline"]:
        ratios = []
        for number, pair in enumerate(pairs, 1):
            (bw, bc, bl, bm), (cw, cc, cl, cm) = pair["baseline"][step], pair["candidate"][step]
            ratios.append((cw / bw, cc / bc, cm / bm))
            print(f"| {step} | {number} | {bw:.1f} / {bc:.1f} / {bm:.1f} s "
                  f"| {cw:.1f} / {cc:.1f} / {cm:.1f} s | {cw / bw:.1%} | {cc / bc:.1%} "
                  f"| {cm / bm:.1%} | {bl:.1f} / {cl:.1f} |")
        medians = [f"**{statistics.median(r[n] for r in ratios):.1%}**" for n in range(3)]
        print(f"| {step} | median | | | {' | '.join(medians)} | |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main")
    parser.add_argument("--candidate", default=None, help="a revision (default: this tree)")
    parser.add_argument("--only", action="append", default=[], help="repeatable; all: every format")
    parser.add_argument("--edits", type=int, default=0, help="summary-edit rebuilds per pair")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--sops", type=Path, default=REPO / "sops")
    parser.add_argument("--compare", action="store_true", help="compare the last pair's outputs")
    args = parser.parse_args()
    args.sops = args.sops.resolve()
    if args.edits and "all" not in (args.only or ["all"]):
        args.only.append("all")  # the edits rebuild the whole cold build's output
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as folder:
        work = Path(folder)
        codes = {"baseline": export(args.baseline, work / "baseline-code"),
                 "candidate": export(args.candidate, work / "candidate-code")}
        print(f"baseline {args.baseline}, candidate {args.candidate or 'this working tree'}, "
              f"{args.pairs} pairs alternating\n")
        pairs = [one_pair(codes, ["baseline", "candidate"][::1 if n % 2 == 0 else -1], args, work)
                 for n in range(args.pairs)]
        report(pairs)
        if args.compare:
            for only in args.only or ["all"]:
                found = differing(work / "baseline" / f"out-{only}",
                                  work / "candidate" / f"out-{only}")
                print(f"--only {only}: " + ("byte-identical" if not found else
                                            f"{len(found)} differ ({by_suffix(found)}): "
                                            f"{found[:8]}"))


if __name__ == "__main__":
    main()

"""Two trees of sopkit, alternating in one run: a cold build each, then rebuilds after an
edit of one role's summary (a new edit each round), on the same content.

    .venv/bin/python bench/bench_summary_edit.py BASE_REV [--rounds 3] [--sops sops]

BASE_REV's code (``git archive``) and this checkout's run one after the other, each with its
own copy of the content, cache and output folder, from the same venv. For each build: wall
time, CPU of the build and its workers (RUSAGE_CHILDREN, LibreOffice's soffice.bin
included: the build reaps it) and the load average before it. On a shared 2-core machine
compare the ratios of the same round, and the CPU.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import PYTHON, REPO, TODAY, copy_code, edit_one_summary  # noqa: E402

EDITED = re.compile(r"（修订[^）]*）")


def build(code: Path, sops: Path, out: Path, cache: Path) -> tuple[float, float, float]:
    env = {name: value for name, value in os.environ.items()
           if name not in ("SOPKIT_CACHE", "SOPKIT_NO_CACHE", "PYTHONPATH")}
    env.update(SOPKIT_TODAY=TODAY, PYTHONPATH=str(code))
    load = os.getloadavg()[0]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, start = usage.ru_utime + usage.ru_stime, time.perf_counter()
    subprocess.run([PYTHON, "-m", "generator", "build", "--sops", str(sops), "--out", str(out),
                    "--cache", str(cache), "-q"], env=env, check=True, cwd=sops.parent)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, usage.ru_utime + usage.ru_stime - cpu, load


def edit_again(sops: Path, n: int) -> None:
    """A new summary edit: the first one appends （修订）, later ones change its text."""
    if n == 0:
        edit_one_summary(sops)
        return
    for path in sorted((sops / "roles").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if EDITED.search(text):
            path.write_text(EDITED.sub(f"（修订{n}）", text, count=1), encoding="utf-8")
            return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sops", type=Path, default=REPO / "sops")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    trees = {}
    for name in ("base", "branch"):
        code = work / name / "code"
        code.mkdir(parents=True)
        if name == "base":
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.base, "generator",
                                      "templates", "site", "mkdocs.yml"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        else:
            shutil.rmtree(code)
            copy_code(REPO, code)
        shutil.copytree(args.sops, work / name / "sops")
        trees[name] = (code, work / name / "sops", work / name / "dist", work / name / "cache")
    rows: dict[str, list[tuple[float, float, float]]] = {}
    try:
        for name, tree in trees.items():
            rows.setdefault(f"cold {name}", []).append(build(*tree))
            print(f"cold {name}: {rows[f'cold {name}'][-1]}", file=sys.stderr, flush=True)
        for n in range(args.rounds):
            for name, tree in trees.items():
                edit_again(tree[1], n)
                rows.setdefault(f"edit {name}", []).append(build(*tree))
                print(f"edit {name} {n}: {rows[f'edit {name}'][-1]}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| build | walls (s) | CPU (s) | loads before |\n|---|---|---|---|")
    for step, found in rows.items():
        print(f"| {step} | {', '.join(f'{w:.1f}' for w, _c, _l in found)} | "
              f"{', '.join(f'{c:.1f}' for _w, c, _l in found)} | "
              f"{', '.join(f'{load:.1f}' for _w, _c, load in found)} |")
    for kind in ("cold", "edit"):
        base, branch = rows[f"{kind} base"], rows[f"{kind} branch"]
        wall = statistics.median(b[0] / a[0] for a, b in zip(base, branch, strict=True))
        cpu = statistics.median(b[1] / a[1] for a, b in zip(base, branch, strict=True))
        print(f"{kind}: branch / base, median of the rounds: wall {wall:.2f}, CPU {cpu:.2f}")


if __name__ == "__main__":
    main()

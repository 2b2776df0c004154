"""`sopkit build --only site`, cold (a new cache folder each run), this tree against another
revision built one after the other, several times: CPU (user + system of the build and
all it starts, RUSAGE_CHILDREN) and wall, and whether both trees wrote the same site.

The other revision is exported with `git archive` into a temporary folder and run with this
checkout's Python environment (``python -m generator`` from that folder imports its code).

    .venv/bin/python bench/bench_site_cold.py [--rev main] [--pairs 3] [--sops sops]
"""
from __future__ import annotations

import argparse
import filecmp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export(rev: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, check=True,
                             capture_output=True).stdout
    tree = folder / "tree"
    tree.mkdir()
    with tempfile.TemporaryFile() as stream:
        stream.write(archive)
        stream.seek(0)
        with tarfile.open(fileobj=stream) as tar:
            tar.extractall(tree, filter="data")
    return tree


def run(tree: Path, sops: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one cold `--only site` build of ``sops`` by ``tree``."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "SOPKIT_TODAY": "2026-12-01"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(sops), "--out",
                    str(out / "dist"), "--cache", str(out / "cache"), "--only", "site", "-q"],
                   cwd=tree, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (empty: byte-identical)."""
    found = []
    compared = filecmp.dircmp(a, b)
    found += [str(Path(a, n)) for n in compared.left_only + compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    found += [str(Path(a, n)) for n in mismatch + errors]
    for sub in compared.common_dirs:
        found += same_tree(a / sub, b / sub)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rev", default="main")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--sops", type=Path, default=ROOT / "sops")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        other = export(args.rev, Path(folder))
        sops = args.sops.resolve()
        times: dict[str, list[tuple[float, float]]] = {args.rev: [], "this tree": []}
        for name, tree in ((args.rev, other), ("this tree", ROOT)):
            run(tree, sops, Path(folder) / name)  # not counted: Python compiles the tree
        for pair in range(args.pairs):
            order = [(args.rev, other), ("this tree", ROOT)]
            for name, tree in order if pair % 2 == 0 else order[::-1]:
                times[name].append(run(tree, sops, Path(folder) / name))
                print(f"pair {pair + 1}: {name}: {times[name][-1][0]:.2f} s wall, "
                      f"{times[name][-1][1]:.2f} s CPU, load {os.getloadavg()[0]:.1f}")
        differing = same_tree(Path(folder) / args.rev / "dist" / "site",
                              Path(folder) / "this tree" / "dist" / "site")
        for name, found in times.items():
            print(f"{name}: median {statistics.median(w for w, _ in found):.2f} s wall, "
                  f"{statistics.median(c for _, c in found):.2f} s CPU")
        ratio = statistics.median(c for _, c in times["this tree"]) / \
            statistics.median(c for _, c in times[args.rev])
        print(f"CPU this tree / {args.rev}: {100 * ratio:.1f} %")
        print("sites byte-identical" if not differing else f"sites differ: {differing[:10]}")


if __name__ == "__main__":
    main()

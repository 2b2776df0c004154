"""Time every chart of a knowledge base: the sample (target ≤ 2 s) and a synthetic base of
300 workflows (target ≤ 60 s), with an empty content store so every chart is laid out and
drawn. Results go in bench/RESULTS.md.

    .venv/bin/python bench/bench_charts.py [--roles 1000 --workflows 300 --forms 200]

Three figures each: the placing of boxes and routing of connectors in Python (DOT source
only), the whole `sopkit build --only diagrams` command (SVG + PNG per chart, cold process,
empty store), and the chart count.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from synthetic import generate  # noqa: E402

from generator.diagrams.catalog import diagrams  # noqa: E402
from generator.diagrams.render import to_svg  # noqa: E402
from generator.pipeline import check  # noqa: E402

SOPKIT = Path(sys.executable).parent / "sopkit"
SAMPLE = Path(__file__).resolve().parent.parent / "sops"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(root: Path, label: str) -> None:
    """Wall time, and CPU time (what a shared, loaded machine cannot inflate)."""
    linked = check(root).linked
    start, cpu = time.perf_counter(), time.process_time()
    charts = diagrams(linked)
    placed, placed_cpu = time.perf_counter() - start, time.process_time() - cpu
    with tempfile.TemporaryDirectory() as tmp:  # in this process: every SVG, empty store
        os.environ["SOPKIT_CACHE"] = str(Path(tmp) / "store")
        start, cpu = time.perf_counter(), time.process_time() + children_cpu()
        for chart in charts:
            to_svg(chart.dot)
        drawn = time.perf_counter() - start
        drawn_cpu = time.process_time() + children_cpu() - cpu
    print(f"{label}: every chart as SVG in process (layout + Graphviz), empty store: "
          f"{placed + drawn:.2f} s wall / {placed_cpu + drawn_cpu:.2f} s CPU")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SOPKIT_CACHE": str(Path(tmp) / "store")}
        start, cpu = time.perf_counter(), children_cpu()
        subprocess.run([str(SOPKIT), "build", "--sops", str(root), "--out", str(Path(tmp) / "dist"),
                        "--only", "diagrams", "--quiet"], check=True, env=env)
        built, built_cpu = time.perf_counter() - start, children_cpu() - cpu
        files = len(list((Path(tmp) / "dist" / "diagrams").rglob("*.svg")))
    print(f"{label}: {len(charts)} charts ({files} SVG + PNG pairs); layout in Python "
          f"{placed:.2f} s wall / {placed_cpu:.2f} s CPU; `sopkit build --only diagrams`, "
          f"empty store: {built:.2f} s wall / {built_cpu:.2f} s CPU (all processes); "
          f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--workflows", type=int, default=300)
    parser.add_argument("--forms", type=int, default=200)
    args = parser.parse_args()
    measure(SAMPLE, "sample")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sops"
        generate(root, args.roles, args.workflows, args.forms)
        measure(root, f"synthetic {args.roles} roles + {args.workflows} workflows")


if __name__ == "__main__":
    main()

"""Time every chart of a knowledge base: the sample (target ≤ 2 s) and a synthetic base of
300 workflows (target ≤ 60 s), with an empty content store so every chart is laid out and
drawn. Results go in bench/RESULTS.md.

    .venv/bin/python bench/bench_charts.py [--roles 1000 --workflows 300 --forms 200]

Figures each: the placing of boxes and routing of connectors in Python (DOT source only);
every chart as SVG, drawn the old way (a Graphviz process per chart, one after another) and
the new way (`render.prepare`: one process per core, each reading many graphs), in the same
run so their ratio holds on a loaded machine; Word's 200-dpi PNG of every chart, by
`rsvg-convert` (a process per chart) and by librsvg in process (raster.py), both on a
thread per core as the diagrams renderer draws them, checked to be the same pixels; the
whole `sopkit build --only diagrams` command (SVG + PNG per chart, cold process, empty
store); and the chart count. Wall and CPU time (this process and its children) and the load
average.
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from synthetic import generate  # noqa: E402

from generator.diagrams import raster, render  # noqa: E402
from generator.diagrams.catalog import diagrams  # noqa: E402
from generator.pipeline import check  # noqa: E402

SOPKIT = Path(sys.executable).parent / "sopkit"
SAMPLE = Path(__file__).resolve().parent.parent / "sops"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(root: Path, label: str, build: bool = True) -> None:
    """Wall time, and CPU time (what a shared, loaded machine cannot inflate)."""
    linked = check(root).linked
    start, cpu = time.perf_counter(), time.process_time()
    charts = diagrams(linked)
    placed, placed_cpu = time.perf_counter() - start, time.process_time() - cpu
    sources = [chart.dot for chart in charts]
    start, cpu = time.perf_counter(), time.process_time() + children_cpu()
    alone = [render._layout(source) for source in sources]  # the old way: a process each
    serial, serial_cpu = time.perf_counter() - start, time.process_time() + children_cpu() - cpu
    with tempfile.TemporaryDirectory() as tmp:  # the new way, empty store
        os.environ["SOPKIT_CACHE"] = str(Path(tmp) / "store")
        render._drawn.clear()
        start, cpu = time.perf_counter(), time.process_time() + children_cpu()
        render.prepare(sources)
        drawn = time.perf_counter() - start
        drawn_cpu = time.process_time() + children_cpu() - cpu
        same = all(render._drawn[s] == svg for s, svg in zip(sources, alone, strict=True))
        render._drawn.clear()
    print(f"{label}: {len(charts)} charts as SVG, Graphviz a process per chart serially: "
          f"{serial:.2f} s wall / {serial_cpu:.2f} s CPU; batched, {os.cpu_count()} processes: "
          f"{drawn:.2f} s wall / {drawn_cpu:.2f} s CPU (ratio {serial / drawn:.1f}× wall, "
          f"{serial_cpu / drawn_cpu:.1f}× CPU; same bytes: {same}); with placing: "
          f"{placed + drawn:.2f} s wall / {placed_cpu + drawn_cpu:.2f} s CPU; "
          f"load average {os.getloadavg()[0]:.1f}")
    rasterise(alone, label)
    if not build:
        return
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


def rasterise(svgs: list[bytes], label: str) -> None:
    """Word's PNGs both ways, on a thread per core each, in the same run."""
    timed = {}
    for way, draw in (("rsvg-convert", render._rsvg_convert),
                      ("in process", lambda svg: raster.to_png(svg, render.PRINT_DPI))):
        start, cpu = time.perf_counter(), time.process_time() + children_cpu()
        with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
            pngs = list(pool.map(draw, svgs))
        timed[way] = (time.perf_counter() - start, time.process_time() + children_cpu() - cpu,
                      pngs)
    same = all(pixels(a) == pixels(b) for a, b in zip(timed["rsvg-convert"][2],
                                                      timed["in process"][2], strict=True))
    print(f"{label}: {len(svgs)} PNGs at {render.PRINT_DPI} dpi, " + "; ".join(
        f"{way}: {wall:.2f} s wall / {cpu:.2f} s CPU, {sum(map(len, pngs)) / 2**20:.1f} MiB"
        for way, (wall, cpu, pngs) in timed.items())
        + f"; same pixels: {same}; load average {os.getloadavg()[0]:.1f}")


def pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--workflows", type=int, default=300)
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--build", choices=("all", "sample", "none"), default="all",
                        help="which bases to time `sopkit build --only diagrams` on too")
    args = parser.parse_args()
    measure(SAMPLE, "sample", args.build != "none")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sops"
        generate(root, args.roles, args.workflows, args.forms)
        measure(root, f"synthetic {args.roles} roles + {args.workflows} workflows",
                args.build == "all")


if __name__ == "__main__":
    main()

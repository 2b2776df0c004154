"""Time whole `sopkit build` runs as a writer meets them (issue 14's baseline).

One run measures, on the sample knowledge base and on a synthetic one (bench/synthetic.py):

1. a cold build (fresh output folder, empty SOPKIT_CACHE);
2. a rebuild with nothing changed;
3. a rebuild after editing one role's summary;
4. a rebuild after editing the knowledge base's print.css (``sops/theme/print.css``, which a
   theme adds after the house style: it is written before the cold build so that step 4
   edits a file the cold build already used).

For each: wall time, CPU time of the build process and its workers (RUSAGE_CHILDREN, so
WeasyPrint/LibreOffice/Graphviz children count), the load average before it, and both times
as a ratio to the cold build of the same run. Every build runs on a copy of the content in
a temporary folder; the repository's `sops/` is never edited.

    .venv/bin/python bench/bench_build.py                      # sample + 300 synthetic roles
    .venv/bin/python bench/bench_build.py --roles 40 --workflows 6 --forms 5   # a few minutes
    .venv/bin/python bench/bench_build.py --no-synthetic       # the sample only
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SOPKIT = Path(sys.executable).parent / "sopkit"
TODAY = "2026-11-30"   # pinned, so that every build of a run sees the same content
THEME_CSS = ("/* bench_build.py: a theme addition the benchmark edits */\n"
             "h1 { letter-spacing: 0; }\n")
CSS_EDIT = "h2 { letter-spacing: 0; }\n"
SUMMARY_EDIT = "（修订）"


@dataclass(frozen=True)
class Timing:
    step: str
    wall: float
    cpu: float     # user + system of the sopkit process and everything it started
    load: float    # 1-minute load average just before the step
    ok: bool


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(step: str, sops: Path, out: Path, env: dict[str, str],
                jobs: int | None) -> Timing:
    command = [str(SOPKIT), "build", "--sops", str(sops), "--out", str(out), "--quiet"]
    if jobs:
        command += ["--jobs", str(jobs)]
    load = os.getloadavg()[0]
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode:
        print(f"  {step}: sopkit build failed ({done.returncode}):\n{done.stderr[-2000:]}",
              file=sys.stderr)
    return Timing(step, wall, cpu, load, done.returncode == 0)


def edit_one_summary(sops: Path) -> Path:
    """Append to the first line of the first role's summary (block or one-line form)."""
    for role in sorted((sops / "roles").glob("*.yaml")):
        lines = role.read_text(encoding="utf-8").splitlines(keepends=True)
        for n, line in enumerate(lines):
            found = re.match(r"summary:\s*(\S.*)?$", line.rstrip("\n"))
            if not found:
                continue
            value = found.group(1) or ""
            if value[:1] in "|>":         # a block: edit its first content line
                n += 1
            elif value[:1] in "'\"":     # quoted on one line: edit inside the quotes
                end = line.rstrip("\n").rstrip()
                lines[n] = end[:-1] + SUMMARY_EDIT + end[-1] + "\n"
                role.write_text("".join(lines), encoding="utf-8")
                return role
            lines[n] = lines[n].rstrip("\n") + SUMMARY_EDIT + "\n"
            role.write_text("".join(lines), encoding="utf-8")
            return role
    raise SystemExit(f"no role with a summary in {sops}/roles")


def measure(name: str, source: Path | None, size: tuple[int, int, int] | None,
            jobs: int | None) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        sops = work / "sops"
        if source is not None:
            shutil.copytree(source, sops)
        else:
            assert size is not None
            generate(sops, *size)
        (sops / "theme").mkdir(exist_ok=True)
        css = sops / "theme" / "print.css"
        css.write_text(THEME_CSS, encoding="utf-8")
        env = dict(os.environ, SOPKIT_TODAY=TODAY, SOPKIT_CACHE=str(work / "cache"))
        out = work / "dist"
        print(f"{name}: cold build …", file=sys.stderr, flush=True)
        timings = [timed_build("cold build", sops, out, env, jobs)]
        print(f"{name}: rebuild, nothing changed …", file=sys.stderr, flush=True)
        timings.append(timed_build("rebuild, nothing changed", sops, out, env, jobs))
        edited = edit_one_summary(sops)
        print(f"{name}: rebuild after editing {edited.name} …", file=sys.stderr, flush=True)
        timings.append(timed_build("rebuild, one role's summary edited", sops, out, env, jobs))
        with css.open("a", encoding="utf-8") as stream:
            stream.write(CSS_EDIT)
        print(f"{name}: rebuild after editing print.css …", file=sys.stderr, flush=True)
        timings.append(timed_build("rebuild, print.css edited", sops, out, env, jobs))
        return timings


def table(name: str, timings: list[Timing]) -> str:
    cold = timings[0]
    rows = [f"### {name}", "",
            "| step | wall | wall / cold | CPU (all processes) | CPU / cold | load before |",
            "|---|---|---|---|---|---|"]
    for t in timings:
        failed = "" if t.ok else " (FAILED)"
        rows.append(f"| {t.step}{failed} | {t.wall:.1f} s | {t.wall / cold.wall:.0%} | "
                    f"{t.cpu:.1f} s | {t.cpu / cold.cpu:.0%} | {t.load:.1f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sops", type=Path, default=REPO / "sops",
                        help="the sample knowledge base (copied, never edited)")
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument("--roles", type=int, default=300)
    parser.add_argument("--workflows", type=int, default=30)
    parser.add_argument("--forms", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None, help="sopkit build --jobs")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start",
          flush=True)
    if not args.no_sample:
        print(table(f"sample ({args.sops})", measure("sample", args.sops, None, args.jobs)),
              "\n", flush=True)
    if not args.no_synthetic:
        size = (args.roles, args.workflows, args.forms)
        name = f"synthetic: {args.roles} roles, {args.workflows} workflows, {args.forms} forms"
        print(table(name, measure("synthetic", None, size, args.jobs)), flush=True)


if __name__ == "__main__":
    main()

"""Time the portal's build cache: `sopkit build --only site` on a copy of the sample.

Each step is a fresh `sopkit build` process (imports, the content check and the portal), its
wall time and CPU time (user + system, all processes) measured, in this order: a clean
`--no-cache` build (today's cold build), a cold build into an empty cache, a rebuild with
nothing changed, a rebuild after one role's summary was edited, and one after
`sops/theme/portal.css` was edited. Prints a Markdown table and what each step re-rendered.

    .venv/bin/python bench/bench_portal_cache.py
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
ROLE, OLD, NEW = "account-manager", "。", "；"


def run(kb: Path, *options: str) -> tuple[float, float, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--sops",
                           str(kb / "sops"), "--out", str(kb / "dist"), "--only", "site",
                           "--today", TODAY, "--format", "json", *options],
                          capture_output=True, text=True, check=True, cwd=kb)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout).get("cache", {}).get("site", {})


def _check_cpu(kb: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "generator", "check", "--sops", str(kb / "sops"),
                    "--today", TODAY, "--quiet"], check=True, cwd=kb)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def edit_summary(kb: Path) -> None:
    role = kb / "sops" / "roles" / f"{ROLE}.yaml"
    lines = role.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("summary:")) + 1
    lines[at] = lines[at].replace(OLD, NEW, 1)
    role.write_text("\n".join(lines), encoding="utf-8")


def edit_css(kb: Path) -> None:
    (kb / "sops" / "theme" / "portal.css").write_text(".md-header { color: #654321; }\n")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-portal-cache-") as folder:
        kb = Path(folder)
        shutil.copytree(ROOT / "sops", kb / "sops")
        (kb / "sops" / "theme").mkdir(exist_ok=True)
        (kb / "sops" / "theme" / "portal.css").write_text(".md-header { color: #123456; }\n")
        cache = ["--cache", str(kb / "cache")]
        env_load = os.getloadavg()[0]
        steps = [("clean build, --no-cache", None, ["--no-cache"]),
                 ("cold build, empty cache", None, cache),
                 ("rebuild, nothing changed", None, cache),
                 (f"rebuild, {ROLE}'s summary edited", edit_summary, cache),
                 ("rebuild, sops/theme/portal.css edited", edit_css, cache)]
        rows, base = [], None
        for label, edit, options in steps:
            if edit is not None:
                edit(kb)
            wall, cpu, tally = run(kb, *options)
            base = base or (wall, cpu)
            rows.append((label, wall, cpu, tally))
        check = _check_cpu(kb)
        print(f"load average before: {env_load:.1f}; `sopkit check` alone (imports and the "
              f"content check, in every step): {check:.1f} s CPU\n")
        print("| step | wall | wall / clean | CPU | CPU / clean | pages rebuilt / reused |")
        print("|---|---|---|---|---|---|")
        for label, wall, cpu, tally in rows:
            print(f"| {label} | {wall:.1f} s | {wall / base[0]:.0%} | {cpu:.1f} s | "
                  f"{cpu / base[1]:.0%} | {tally.get('rebuilt', '-')} / "
                  f"{tally.get('reused', '-')} |")
        for label, _, _, tally in rows:
            if tally.get("made") and len(tally["made"]) < 10:
                print(f"\n{label}: re-rendered {', '.join(tally['made'])}")


if __name__ == "__main__":
    main()

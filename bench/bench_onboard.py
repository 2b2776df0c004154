"""Time `sopkit onboard`: one sales-rep pack (cold process, as HR runs it) and a 50-row
CSV of new hires across the sample's roles. Targets: ≤ 5 s and ≤ 2 minutes on 2 cores.

The blank-form cache (generator/onboarding/formcache.py) lives in a fresh temporary
XDG_CACHE_HOME: the first single-pack run starts cold (every form drawn), the later runs
find all the blanks on disk (warm); the CSV runs once with an empty cache and once warm.

    .venv/bin/python bench/bench_onboard.py
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOPKIT = Path(sys.executable).parent / "sopkit"
ROLES = ("sales-rep", "customer-service", "online-promoter", "account-manager",
         "sales-assistant", "field-rep", "promoter", "county-manager")


def timed(label: str, args: list[str], cache: Path) -> None:
    """Wall time, and CPU time of the command and its worker processes (load from other
    work on the machine stretches the first, not the second)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(SOPKIT), "onboard", "--sops", str(ROOT / "sops"), "-q", *args],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, load {os.getloadavg()[0]:.1f}")


def new_hires(path: Path, rows: int) -> None:
    lines = ["name,role,start,manager,buddy"]
    for n in range(rows):
        lines.append(f"员工{n:02d},{ROLES[n % len(ROLES)]},2026-{9 + n % 4:02d}-{1 + n % 28:02d},"
                     "李四,王五")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        for run in range(3):
            timed(f"one pack (sales-rep, pdf+ics, 13 forms), run {run + 1}, "
                  f"{'cold' if run == 0 else 'warm'} form cache",
                  ["--role", "sales-rep", "--name", "张三", "--start", "2026-09-28",
                   "--out", f"{tmp}/one"], cache)
        csv = Path(tmp) / "new-hires.csv"
        new_hires(csv, 50)
        batch_cache = Path(tmp) / "batch-cache"
        for state in ("cold", "warm"):
            timed(f"50-row CSV (pdf+ics), {state} form cache",
                  ["--csv", str(csv), "--out", f"{tmp}/batch-{state}"], batch_cache)

if __name__ == "__main__":
    main()

"""The build cache for Word, forms, custom JDs, registers and JSON on the sample (issue 14).

    python bench/bench_cache_docx.py

Builds a copy of the sample with `--only docx,forms,custom,registers,json` (which also
builds the diagrams Word embeds): cold with an empty `--cache`, again unchanged, again after
one role's summary is edited, and cold with `--no-cache` for comparison. Each build is a
separate `sopkit` process; wall time, and CPU time of the process and all it started
(workers, LibreOffice, Graphviz), are printed with what the tally says was rebuilt.
"""
from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = "docx,forms,custom,registers,json"
ROLE = "account-manager"


def build(sops: Path, out: Path, *options: str) -> tuple[float, float, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(sops),
                           "--out", str(out), "--only", FORMATS, "--format", "json",
                           *options], capture_output=True, text=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout).get("cache", {})


def edit_summary(sops: Path) -> None:
    role = sops / "roles" / f"{ROLE}.yaml"
    text = role.read_text(encoding="utf-8")
    end = text.index("\n", text.index("summary: |\n") + len("summary: |\n"))
    role.write_text(text[:end] + "（已修订）" + text[end:], encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-cache-docx-") as folder:
        work = Path(folder)
        sops, cache = work / "sops", work / "cache"
        shutil.copytree(ROOT / "sops", sops)
        runs = [("cold (empty cache)", lambda: build(sops, work / "a", "--cache", str(cache))),
                ("unchanged", lambda: build(sops, work / "b", "--cache", str(cache))),
                ("one summary edited", lambda: (edit_summary(sops),
                                                build(sops, work / "c", "--cache",
                                                      str(cache)))[1]),
                ("cold --no-cache", lambda: build(sops, work / "d", "--no-cache"))]
        print("| build | wall | CPU | rebuilt |")
        print("|---|---|---|---|")
        for name, run in runs:
            wall, cpu, tally = run()
            made = sorted(name for fmt in tally.values() for name in fmt.get("made", []))
            shown = ", ".join(made) if len(made) <= 6 else f"{len(made)} files"
            print(f"| {name} | {wall:.1f} s | {cpu:.1f} s | {shown or 'nothing'} |")


if __name__ == "__main__":
    main()

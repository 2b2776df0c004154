"""Time `sopkit check` on a synthetic knowledge base (target: 1,000 roles + 300 workflows
+ 200 forms in ≤ 2 s on the 2-core development machine). Results go in bench/RESULTS.md.

    .venv/bin/python bench/bench_check.py [--roles 1000 --workflows 300 --forms 200 --repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

SOPKIT = Path(sys.executable).parent / "sopkit"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--workflows", type=int, default=300)
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sops"
        generate(root, args.roles, args.workflows, args.forms)
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run([str(SOPKIT), "check", "--sops", str(root)],
                                  capture_output=True, text=True)
            timings.append(time.perf_counter() - start)
        print(done.stderr.strip().splitlines()[-1])  # the "N files checked" summary
        print(f"{args.roles} roles + {args.workflows} workflows + {args.forms} forms: "
              f"median {statistics.median(timings):.2f} s, min {min(timings):.2f} s, "
              f"max {max(timings):.2f} s over {args.repeat} runs (whole command, cold process)")


if __name__ == "__main__":
    main()

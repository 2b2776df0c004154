"""mypy and ruff, as configured in pyproject.toml, find nothing in the package and its tests."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_mypy_finds_no_error_in_the_package():
    mypy = _run("mypy")  # pyproject's `files`: generator/
    lines = (mypy.stdout + mypy.stderr).strip().splitlines()
    assert lines and lines[-1].startswith("Success: no issues found"), "\n".join(lines)
    assert mypy.returncode == 0


def test_ruff_finds_nothing_in_the_package_or_the_tests():
    ruff = _run("ruff", "check", "--output-format", "concise", "generator", "tests", "bench")
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr

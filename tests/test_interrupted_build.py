"""A killed build leaves no process behind, and the next build leaves no staging folder."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_SOPS


def live_processes_in_group(group: int) -> list[int]:
    """Processes of the process group that still run (zombies have finished their work)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, pgid = fields[0], int(fields[2])
        if pgid == group and state != "Z":
            found.append(int(entry.name))
    return found


def start_build(base: Path) -> subprocess.Popen:
    env = {**os.environ, "SOPKIT_CACHE": str(base / "store"), "SOPKIT_TODAY": "2026-11-23"}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--sops", str(SAMPLE_SOPS),
         "--out", str(base / "dist"), "--only", "pdf", "--quiet"],
        cwd=base, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_workers(build: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(live_processes_in_group(build.pid)) >= 3:  # sopkit and two PDF workers
            return
        assert build.poll() is None, "the build ended before its workers started"
        time.sleep(0.2)
    pytest.fail("no PDF workers started")


@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_build_ends_its_workers_and_the_next_build_cleans_up(tmp_path, sent):
    build = start_build(tmp_path)
    wait_for_workers(build)
    os.kill(build.pid, sent)
    build.wait(timeout=10)
    deadline = time.monotonic() + 5
    while live_processes_in_group(build.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert live_processes_in_group(build.pid) == []
    assert list(tmp_path.glob(".dist-building-*")), "the killed build had a staging folder"

    again = start_build(tmp_path)
    assert again.wait(timeout=600) == 0
    assert list(tmp_path.glob(".dist-building-*")) == []
    assert (tmp_path / "dist" / "handbook.pdf").is_file()

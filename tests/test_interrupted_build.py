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
from generator.office.client import SOCKET_ENV, uno_python


def _live_processes(*files: str):
    """(pid, stat fields after the command, the contents of ``files``) of every process
    that still runs (zombies have finished their work); a process gone meanwhile is
    skipped."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            contents = [(entry / name).read_bytes() for name in files]
        except OSError:
            continue
        if fields[0] != "Z":
            yield int(entry.name), fields, contents


def live_processes_in_group(group: int) -> list[int]:
    """Processes of the process group that still run."""
    return [pid for pid, fields, _ in _live_processes() if int(fields[2]) == group]


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


MARK_ENV = "SOPKIT_TEST_BUILD"  # set only for the build under test, inherited by all it starts


def processes_marked(mark: str) -> list[tuple[int, str]]:
    """(pid, command line) of every live process whose environment carries ``mark``: the
    build and all it started, the LibreOffice server (a session of its own) and its
    soffice included, whoever their parent is now."""
    wanted = f"{MARK_ENV}={mark}".encode()
    return [(pid, command.replace(b"\0", b" ").decode())
            for pid, _, (environ, command) in _live_processes("environ", "cmdline")
            if wanted in environ.split(b"\0")]


def start_word_build(base: Path, mark: str) -> subprocess.Popen:
    env = {**os.environ, "SOPKIT_CACHE": str(base / "store"), "SOPKIT_TODAY": "2026-11-23",
           MARK_ENV: mark}
    env.pop(SOCKET_ENV, None)  # a server of its own, not one a `sopkit serve` shares
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--sops", str(SAMPLE_SOPS),
         "--out", str(base / "dist"), "--only", "diagrams,docx", "--quiet"],
        cwd=base, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_office(mark: str, build: subprocess.Popen, timeout: float = 300) -> Path:
    """Until the build's LibreOffice server and its soffice.bin both run: the server's
    private folder (its socket's and LibreOffice profile's)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        commands = [command.split() for _, command in processes_marked(mark)]
        servers = [c for c in commands if any(part.endswith("unoserver.py") for part in c)]
        if servers and any("soffice.bin" in part for c in commands for part in c):
            return Path(servers[0][servers[0].index("--socket") + 1]).parent
        assert build.poll() is None, "the build ended before its LibreOffice started"
        time.sleep(0.2)
    pytest.fail("no LibreOffice server started")


@pytest.mark.skipif(uno_python() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGTERM])
def test_a_build_killed_while_libreoffice_runs_leaves_nothing_running(tmp_path, sent):
    """The server runs in a session of its own (so a Ctrl-C to the build's group does not
    reach LibreOffice mid-document): it ends because its standard input closes when the
    build and its workers (PR_SET_PDEATHSIG) are gone, and takes soffice with it."""
    mark = f"tidy17-{os.getpid()}-{sent.name}"
    build = start_word_build(tmp_path, f"{mark}-1")
    folder = wait_for_office(f"{mark}-1", build)
    assert (folder / "office.sock").exists()
    os.kill(build.pid, sent)
    build.wait(timeout=10)
    deadline = time.monotonic() + 30
    while (processes_marked(f"{mark}-1") or folder.exists()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_marked(f"{mark}-1") == []
    assert not folder.exists(), "the server left its socket and LibreOffice profile"

    again = start_word_build(tmp_path, f"{mark}-2")
    assert again.wait(timeout=900) == 0
    assert (tmp_path / "dist" / "handbook.docx").is_file()
    assert processes_marked(f"{mark}-2") == []


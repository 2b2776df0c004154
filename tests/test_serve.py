"""`sopkit serve`: the real command as a subprocess on a small knowledge base — the served
page and PDF follow a save, a broken file keeps the last good output served and is reported
with file:line:col in the terminal and on the page, Ctrl-C ends it without a traceback."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import write
from generator.office.unoserver import descendants
from generator.serve.rebuild import Rebuilder
from generator.serve.server import BANNER_ID, STATUS_PATH, placeholder, with_live_reload
from generator.serve.state import BuildState, Problem
from generator.serve.watch import changed, snapshot

BUILD_TIMEOUT = 600  # a whole build on a loaded 2-core machine; usually 40 s

ORG = """\
organization:
  name: 测试公司
departments:
  - id: sales
    name: 销售部
"""
ROLE = """\
title: {title}
department: sales
summary: 负责销售部。
duties: [管理销售部]
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        return exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


class Served:
    def __init__(self, base: Path, port: int, sigint_ignored: bool = False) -> None:
        self.base, self.url = base, f"http://127.0.0.1:{port}/"
        self.log = base / "serve.log"
        env = {**os.environ, "SOPKIT_TODAY": "2026-11-23",
               "SOPKIT_CACHE": str(base / "cache")}
        command = [sys.executable, "-m", "generator", "serve", "--sops", "sops",
                   "--port", str(port)]
        if sigint_ignored:  # as a script's background job starts it (`sopkit serve &`)
            command = ["bash", "-c", 'trap "" INT; exec "$@"', "bash", *command]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=base, env=env, stdout=log,
                                            stderr=log)

    def status(self) -> dict:
        answer = fetch(self.url + STATUS_PATH.lstrip("/"))
        return json.loads(answer) if answer else {}

    def wait_for_version(self, version: int) -> dict:
        deadline = time.monotonic() + BUILD_TIMEOUT
        while time.monotonic() < deadline:
            status = self.status()
            if status.get("version", 0) >= version and status["state"] != "building":
                return status
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.5)
        raise AssertionError(f"no build {version} in {BUILD_TIMEOUT} s:\n{self.log.read_text()}")

    def page(self, path: str) -> str:
        return fetch(self.url + path).decode("utf-8")

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
            self.process.wait(60)
        return self.process.returncode, self.log.read_text()


@pytest.fixture
def served(tmp_path: Path, request):
    write(tmp_path / "sops" / "org.yaml", ORG)
    write(tmp_path / "sops" / "roles" / "boss.yaml", ROLE.format(title="经理"))
    server = Served(tmp_path, free_port(), getattr(request, "param", False))
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def has_uno() -> bool:
    return subprocess.run(["/usr/bin/python3", "-c", "import uno"], capture_output=True,
                          check=False).returncode == 0 and shutil.which("soffice") is not None


def libreoffices(pid: int) -> set[int]:
    """The soffice.bin processes under ``pid``."""
    found = set()
    for child in descendants(pid):
        try:
            if b"soffice.bin" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
        except OSError:
            continue
    return found


def test_edit_save_see_then_break_then_stop(served: Served) -> None:
    status = served.wait_for_version(1)
    assert status["state"] == "ok", served.log.read_text()
    # one LibreOffice, kept by serve for every rebuild's Word handbook (generator/office/)
    office = libreoffices(served.process.pid)
    assert len(office) == (1 if has_uno() else 0), office
    page = served.page("roles/boss.html")
    assert "经理" in page and STATUS_PATH in page and BANNER_ID not in page
    assert "经理" in pdf_text(fetch(served.url + "downloads/roles/boss.pdf"))

    role = served.base / "sops" / "roles" / "boss.yaml"
    role.write_text(ROLE.format(title="销售总监"), encoding="utf-8")
    assert served.wait_for_version(2)["state"] == "ok", served.log.read_text()
    page = served.page("roles/boss.html")
    assert "<h1" in page and "销售总监" in page and "经理" not in page.split("<h1")[1][:200]
    assert "销售总监" in pdf_text(fetch(served.url + "downloads/roles/boss.pdf"))
    assert libreoffices(served.process.pid) == office, "the same LibreOffice laid it out"

    role.write_text("title: [销售总监\ndepartment: sales\n", encoding="utf-8")  # unclosed [
    status = served.wait_for_version(3)
    assert status["state"] == "failed"
    where = [problem["where"] for problem in status["problems"]]
    assert any(place.startswith("sops/roles/boss.yaml:2:") for place in where), status
    page = served.page("roles/boss.html")
    assert "销售总监" in page, "the last good page stays served"
    assert BANNER_ID in page and "sops/roles/boss.yaml:2:" in page
    assert "销售总监" in pdf_text(fetch(served.url + "downloads/roles/boss.pdf"))

    code, log = served.stop()
    assert code == 0
    assert "Traceback" not in log and "stopped" in log.splitlines()[-1]
    assert "sops/roles/boss.yaml:2:" in log and "[yaml-syntax]" in log
    assert "rebuilt" in log
    assert not [pid for pid in office if Path(f"/proc/{pid}").exists()], "LibreOffice ended"


@pytest.mark.parametrize("served", [False, True], indirect=True,
                         ids=["from-a-terminal", "started-with-sigint-ignored"])
def test_ctrl_c_during_the_first_build_leaves_no_staging_folder(served: Served) -> None:
    deadline = time.monotonic() + 120
    while served.status().get("state") != "building" and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(3)  # into the build child
    code, log = served.stop()
    assert code == 0, log
    assert "Traceback" not in log and log.splitlines()[-1] == "stopped"
    assert not [p.name for p in served.base.iterdir() if "-building-" in p.name]


def test_a_busy_port_is_a_message(tmp_path: Path) -> None:
    write(tmp_path / "sops" / "org.yaml", ORG)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "generator", "serve", "--sops", "sops",
                               "--port", str(port)], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port" in done.stderr and "Traceback" not in done.stderr


def test_the_banner_escapes_content_and_uses_the_catalog() -> None:
    state = BuildState()
    state.finished(False, (Problem("sops/roles/a.yaml:3:7", "error",
                                   "`<script>alert(1)</script>` is not a role", "x"),), 1.0,
                   "en")
    page = with_live_reload("<html><body class=x><h1>Old</h1></body></html>", state)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert page.index(BANNER_ID) < page.index("<h1>Old</h1>") < page.index(STATUS_PATH)
    assert "The last save did not build." in page and "sops/roles/a.yaml:3:7" in page
    state.finished(True, (), 1.0, "zh-Hans")
    assert BANNER_ID not in with_live_reload("<body></body>", state)


def test_the_watcher_sees_edits_additions_and_deletions(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", "title: a\n")
    write(tmp_path / ".git" / "HEAD", "x")
    before = snapshot([tmp_path])
    assert list(before) == [str(first)]
    first.write_text("title: ab\n", encoding="utf-8")
    second = write(tmp_path / "b.yaml", "title: b\n")
    write(tmp_path / ".a.yaml.swp", "x")
    assert changed(before, snapshot([tmp_path])) == [str(first), str(second)]
    first.unlink()
    assert str(first) in changed(before, snapshot([tmp_path]))


def test_the_page_shown_while_building_speaks_the_knowledge_bases_language(tmp_path: Path):
    write(tmp_path / "sops" / "org.yaml", ORG + "locale: en\n")
    state, said = BuildState(), []
    rebuilder = Rebuilder(tmp_path / "sops", tmp_path / "dist", state, said.append)
    shown = []

    def build() -> tuple[bool, list[Problem]]:  # instead of the child: what is served now
        shown.append(placeholder(state))
        return True, []

    rebuilder._build = build  # type: ignore[method-assign]
    assert rebuilder.run()
    assert "sopkit serve is building the portal" in shown[0] and 'lang="en"' in shown[0]
    assert said[-1].startswith(f"rebuilt {tmp_path / 'dist'} in ")

"""Live editing: `mkdocs serve` rebuilds the portal when a YAML file in sops/ changes or is
added. Runs the real server on a copy of the project's portal source and the sample."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from portal_support import PROJECT_DIR, TODAY, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


@pytest.fixture
def served(tmp_path):
    for name in ("mkdocs.yml",):
        shutil.copy(PROJECT_DIR / name, tmp_path / name)
    shutil.copytree(PROJECT_DIR / "site", tmp_path / "site")
    shutil.copytree(PROJECT_DIR / "sops", tmp_path / "sops")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(tmp_path / "mkdocs.yml"),
         "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SOPKIT_TODAY": TODAY})
    try:
        yield tmp_path, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_serve_rebuilds_when_sops_change(served):
    folder, base = served
    assert wait_for(lambda: "销售副总经理" in fetch(base + "roles/sales-vp.html"), timeout=90)
    role = folder / "sops" / "roles" / "sales-vp.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace("title: 销售副总经理",
                                                             "title: 销售副总裁"),
                    encoding="utf-8")
    assert wait_for(lambda: "销售副总裁" in fetch(base + "roles/sales-vp.html"), timeout=90)
    (folder / "sops" / "roles" / "trainee.yaml").write_text(
        "title: 销售实习生\ndepartment: sales\nreports_to: sales-supervisor\n"
        "duties: [协助销售员跟进客户]\n", encoding="utf-8")
    assert wait_for(lambda: "销售实习生" in fetch(base + "roles/trainee.html"), timeout=90)

"""Shared helpers: small knowledge bases written into ``tmp_path``.

Every fixture KB starts from a minimal valid one (org.yaml with two departments and one role
with duties), so a test only writes what it is about. Tests ``chdir`` into ``tmp_path`` so
that paths in messages read ``sops/roles/a.yaml:3:13``, exactly as users see them.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.pipeline import CheckResult, check

# One build cache for the whole run, outside the repository: sopkit's default, .sopkit-cache/
# beside sops/, would be the repository itself for every test that builds the sample.
# Tests of the default location set or unset it themselves.
os.environ.setdefault("SOPKIT_CACHE", tempfile.mkdtemp(prefix="sopkit-test-cache-"))

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_SOPS = PROJECT_DIR / "sops"
TODAY = dt.date(2026, 11, 23)

ORG_YAML = """\
organization:
  name: 测试公司
departments:
  - id: sales
    name: 销售部
  - id: hr
    name: 人事部
"""

BOSS_YAML = """\
title: 经理
department: sales
duties: [管理销售部]
"""


def write(path: Path, content: str | dict | bytes) -> Path:
    """Write ``content`` (text is dedented; a dict is dumped as YAML) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    else:
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return path


class KB:
    """A knowledge base under ``<tmp_path>/sops``; the working directory is ``tmp_path``."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = base / "sops"

    def write(self, relative: str, content: str | dict | bytes) -> Path:
        return write(self.root / relative, content)

    def check(self, today: dt.date = TODAY) -> CheckResult:
        return check(self.root, today=today)

    def lines(self, today: dt.date = TODAY) -> list[str]:
        """Every diagnostic, formatted exactly as `sopkit check` prints it."""
        return [d.format() for d in self.check(today).diagnostics.items]

    def errors(self, today: dt.date = TODAY) -> list[str]:
        return [d.format() for d in self.check(today).diagnostics.errors]

    def warnings(self, today: dt.date = TODAY) -> list[str]:
        return [d.format() for d in self.check(today).diagnostics.warnings]


@pytest.fixture
def make_kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., KB]:
    """``make_kb({"roles/a.yaml": "...", ...})`` writes a KB on top of a minimal valid one.

    ``org=None`` leaves org.yaml out; ``boss=False`` leaves the default role out.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOPKIT_TODAY", raising=False)

    def make(files: dict[str, str | dict | bytes] | None = None, *,
             org: str | dict | None = ORG_YAML, boss: bool = True) -> KB:
        kb = KB(tmp_path)
        kb.root.mkdir(exist_ok=True)
        if org is not None:
            kb.write("org.yaml", org)
        if boss:
            kb.write("roles/boss.yaml", BOSS_YAML)
        for relative, content in (files or {}).items():
            kb.write(relative, content)
        return kb

    return make


@pytest.fixture
def kb(make_kb) -> KB:
    """The minimal valid knowledge base, ready for a test to add files to."""
    return make_kb()


@pytest.fixture(scope="session")
def sample_result() -> CheckResult:
    """The bundled sample, checked once for the whole session."""
    return check(SAMPLE_SOPS, today=TODAY)


@pytest.fixture(scope="session")
def scheduled_result() -> CheckResult:
    """The sample with a dated training plan (see scheduled_kb.py), checked once."""
    from scheduled_kb import scheduled_sample
    return check(scheduled_sample(), today=TODAY)


def build_sample(tmp_path_factory: pytest.TempPathFactory, formats: str) -> Path:
    """`sopkit build --only FORMATS` of the sample into a fresh folder; its dist/ path."""
    from click.testing import CliRunner

    from generator.cli import main
    out = tmp_path_factory.mktemp(formats.replace(",", "-")) / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(SAMPLE_SOPS), "--out", str(out),
                                       "--only", formats, "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one profile per test module (see portal_support)."""
    from portal_support import launch_chromium

    with launch_chromium() as context:
        yield context


@pytest.fixture
def page(browser):
    """A fresh page; whatever the test did, no request may have left the machine."""
    from portal_support import is_local, open_page, requested_urls

    with open_page(browser) as page:
        yield page
    assert [u for u in requested_urls(browser) if not is_local(u)] == []


@pytest.fixture(scope="session")
def small_book(tmp_path_factory: pytest.TempPathFactory):
    """The handbook of a synthetic knowledge base small enough to print in one part per
    item quickly, as a print job, and its diagrams."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from synthetic import generate

    from generator.documents import render_documents
    from generator.pdf import PrintJob, diagram_svgs
    root = tmp_path_factory.mktemp("small-book") / "sops"
    generate(root, 6, 2, 2)
    linked = check(root).linked
    handbook = [d for d in render_documents(linked) if d.path == "handbook"][0]
    return PrintJob(handbook.path, handbook.html, dict(handbook.meta)), diagram_svgs(linked)

"""docs/zh/快速上手.md, the guide for HR: its screenshots are there, small, and what it
promises `sopkit theme init` writes is what it writes."""
from __future__ import annotations

import re

from click.testing import CliRunner
from PIL import Image

from conftest import PROJECT_DIR
from generator.cli import main

GUIDE = PROJECT_DIR / "docs/zh/快速上手.md"


def test_every_screenshot_in_the_guide_exists_and_is_small():
    text = GUIDE.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text)
    assert len(images) >= 3  # portal home, a handbook page, a printed register
    for name in images:
        path = GUIDE.parent / name
        assert path.suffix == ".png" and path.is_file(), name
        with Image.open(path) as image:
            assert image.width <= 1280, name
        assert path.stat().st_size < 120_000, name  # quantised, not a raw screenshot


def test_the_theme_files_the_guide_names_are_the_ones_theme_init_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--department", "财务部"]).exit_code == 0
    written = runner.invoke(main, ["theme", "init"]).stdout.split()
    named = re.findall(r"^- `([a-z]+\.[a-z]+)`", GUIDE.read_text(encoding="utf-8"), re.M)
    assert [w.removeprefix("sops/theme/") for w in written] == named

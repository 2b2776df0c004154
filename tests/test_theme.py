"""`sops/theme/`: a knowledge base restyles its own outputs (issue 19)."""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import RGBColor
from PIL import Image

from generator.cli import main

TODAY = ["--today", "2026-11-23"]
RED = (0xC0, 0x10, 0x10)


def sopkit(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def red_pixels(pdf: Path, folder: Path) -> int:
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "3", "-png", str(pdf),
                    str(folder / "p")], check=True)
    count = 0
    for png in folder.glob("p*.png"):
        image = Image.open(png).convert("RGB")
        count += sum(1 for pixel in image.get_flattened_data()
                     if abs(pixel[0] - RED[0]) < 40 and pixel[1] < 70 and pixel[2] < 70)
    return count


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert sopkit("init", "--department", "财务部").exit_code == 0
    return tmp_path


def test_theme_init_copies_the_defaults_and_keeps_edits(base):
    result = sopkit("theme", "init")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["sops/theme/reference.docx", "sops/theme/print.css",
                                          "sops/theme/portal.css"]
    (base / "sops/theme/print.css").write_text("h1 { color: red; }\n", encoding="utf-8")
    again = sopkit("theme", "init")
    assert "kept sops/theme/print.css (already there)" in again.stderr
    assert (base / "sops/theme/print.css").read_text(encoding="utf-8") == "h1 { color: red; }\n"
    assert sopkit("check", "--strict", *TODAY).exit_code == 0  # theme/ is no stray folder


def test_a_theme_restyles_the_word_and_pdf_headings(base, tmp_path):
    plain = tmp_path / "plain"
    assert sopkit("build", "-q", "--only", "pdf", "--out", str(plain), *TODAY).exit_code == 0
    assert sopkit("theme", "init").exit_code == 0
    reference = base / "sops/theme/reference.docx"
    document = docx.Document(str(reference))
    document.styles["Heading 1"].font.color.rgb = RGBColor(*RED)
    document.save(str(reference))
    (base / "sops/theme/print.css").write_text(
        "h1, h2, h3 { color: #c01010 !important; }\n", encoding="utf-8")
    result = sopkit("build", "-q", "--only", "pdf,docx", *TODAY)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(base / "dist/handbook.docx") as built:
        styles = built.read("word/styles.xml").decode("utf-8")
    assert 'w:color w:val="C01010"' in styles
    heading = docx.Document(str(base / "dist/handbook.docx")).styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(*RED)
    (tmp_path / "themed").mkdir()
    (tmp_path / "before").mkdir()
    assert red_pixels(base / "dist/handbook.pdf", tmp_path / "themed") > 20
    assert red_pixels(plain / "handbook.pdf", tmp_path / "before") == 0

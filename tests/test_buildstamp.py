"""An unchanged rebuild is answered from the build stamp (generator/buildstamp.py): nothing
is checked or rendered, and anything the build reads or wrote being different makes it a
real build again, whose output equals a clean one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

TODAY = ["--today", "2026-11-23"]
ONLY = ["--only", "json,registers"]   # small, but two renderers and real workbooks
NO_DUTIES = "title: 销售员\ndepartment: sales\nreports_to: boss\n"


def build(cache: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["build", *ONLY, *TODAY, "--cache", str(cache),
                                       "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def up_to_date(document: dict) -> bool:
    """Answered from the stamp: nothing checked, nothing rendered, nothing written."""
    return document.get("up_to_date", False)


def test_an_unchanged_rebuild_renders_nothing_and_leaves_dist_as_it_was(kb,
                                                                       tmp_path):
    cache = tmp_path / "cache"
    first = build(cache)
    assert not up_to_date(first) and first["diagnostics"] == []  # only a clean build stamps
    before = {path: path.stat().st_mtime_ns for path in Path("dist").rglob("*")}
    second = build(cache)
    assert up_to_date(second)
    assert {fmt: entry["reused"] for fmt, entry in second["cache"].items()} == \
        {fmt: entry["rebuilt"] + entry["reused"] for fmt, entry in first["cache"].items()}
    assert second["files"] == first["files"] and second["written"] == first["written"]
    assert {path: path.stat().st_mtime_ns for path in Path("dist").rglob("*")} == before


@pytest.mark.parametrize("change", ["content", "output", "option"])
def test_a_change_anywhere_makes_it_a_real_build_again(kb, tmp_path, change):
    cache = tmp_path / "cache"
    build(cache)
    if change == "content":
        role = Path("sops/roles/boss.yaml")
        role.write_text(role.read_text(encoding="utf-8").replace("管理销售部", "领导销售部"),
                        encoding="utf-8")
    elif change == "output":
        Path("dist/sops.json").write_text("{}", encoding="utf-8")
    again = build(cache, *(["--jobs", "1"] if change == "option" else []))
    assert not up_to_date(again)
    if change != "content":   # the same content: every output came from the cache
        assert all(entry["rebuilt"] == 0 for entry in again["cache"].values())
    built = files(Path("dist"))
    clean = CliRunner().invoke(main, ["build", *ONLY, *TODAY, "--no-cache", "--out",
                                      str(tmp_path / "clean"), "-q"])
    assert clean.exit_code == 0, clean.output
    assert built == files(tmp_path / "clean")


def test_a_build_with_warnings_is_never_skipped(kb, tmp_path):
    kb.write("roles/rep.yaml", NO_DUTIES)
    cache = tmp_path / "cache"
    build(cache)
    result = CliRunner().invoke(main, ["build", *ONLY, *TODAY, "--cache", str(cache)])
    assert "no-duties" in result.stderr and "up to date" not in result.stdout


def test_no_cache_never_skips(kb, tmp_path):
    cache = tmp_path / "cache"
    build(cache)
    for _ in range(2):
        result = CliRunner().invoke(main, ["build", *ONLY, *TODAY, "--no-cache"])
        assert result.exit_code == 0 and "up to date" not in result.stdout
    # the files --no-cache wrote are not the ones stamped: built again (from the cache)
    assert not up_to_date_text(cache) and up_to_date_text(cache)


def up_to_date_text(cache: Path) -> bool:
    result = CliRunner().invoke(main, ["build", *ONLY, *TODAY, "--cache", str(cache)])
    assert result.exit_code == 0, result.output
    return "is up to date" in result.stdout

"""The build cache as `sopkit build --only pdf` uses it (issue 14).

A rebuild must print only what an edit touched and be byte-identical to a clean
`--no-cache` build of the same content. The sample is built once cold into its own cache,
then unchanged, then with one role's summary edited (and a clean build of that); the core's
options, default folder and pruning are tried on a two-document knowledge base.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import SAMPLE_SOPS
from generator import store
from generator.buildcache import prune
from generator.cli import main

TODAY = "2026-11-23"
EDITED_ROLE = "sales-rep"
EDITED_TEXT = "缓存测试新增的一句摘要。"


def build(sops: Path, out: Path, *cache_args: str, text: bool = False):
    """`sopkit build --only pdf`; its JSON report (or, ``text``, the click result)."""
    args = ["build", "--sops", str(sops), "--out", str(out), "--only", "pdf", "--jobs", "2",
            "--today", TODAY, *cache_args]
    result = CliRunner().invoke(main, [*args, *([] if text else ["--format", "json"])])
    assert result.exit_code == 0, result.output
    return result if text else json.loads(result.stdout)


def pdf_files(out: Path) -> dict[str, bytes]:
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*.pdf"))}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def same_bytes(left: Path, right: Path) -> None:
    ours, theirs = pdf_files(left), pdf_files(right)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []


# ---------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample built cold, again unchanged, then with one role's summary edited (with its
    cache), and the edited content built clean; each build's folder and JSON report."""
    base = tmp_path_factory.mktemp("cache-sample")
    sops = base / "sops"
    shutil.copytree(SAMPLE_SOPS, sops)
    cache = ("--cache", str(base / "cache"))
    builds = {"cold": build(sops, base / "cold", *cache),
              "same": build(sops, base / "same", *cache)}
    role = sops / "roles" / f"{EDITED_ROLE}.yaml"
    text = role.read_text(encoding="utf-8")
    assert "\nsummary: |\n" in text
    role.write_text(text.replace("\nsummary: |\n", f"\nsummary: |\n  {EDITED_TEXT}\n", 1),
                    encoding="utf-8")
    builds["edited"] = build(sops, base / "edited", *cache)
    builds["clean"] = build(sops, base / "clean", "--no-cache")
    return base, builds


def test_cold_build_prints_everything_and_the_handbook_in_parts(sample):
    base, builds = sample
    tally = builds["cold"]["cache"]
    files = pdf_files(base / "cold")
    assert tally["pdf"]["reused"] == 0
    assert sorted(tally["pdf"]["made"]) == sorted(files) and len(files) > 30
    parts = [name for name in tally["pdf-parts"]["made"] if " part " in name]
    assert len(parts) >= 2 and all(name.startswith("handbook.pdf part ") for name in parts)


def test_unchanged_rebuild_is_all_from_the_cache(sample):
    base, builds = sample
    tally = builds["same"]["cache"]
    assert tally == {"pdf": {"rebuilt": 0, "reused": len(pdf_files(base / "cold")),
                             "made": []}}  # the handbook: one lookup, no parts
    same_bytes(base / "same", base / "cold")


def test_summary_edit_reprints_that_role_and_the_part_holding_it(sample):
    base, builds = sample
    tally = builds["edited"]["cache"]
    assert tally["pdf"]["made"] == ["handbook.pdf", f"roles/{EDITED_ROLE}.pdf"]
    assert tally["pdf"]["reused"] == len(pdf_files(base / "cold")) - 2
    reprinted = tally["pdf-parts"]["made"]
    assert len(reprinted) == 1 and reprinted[0].startswith("handbook.pdf part "), reprinted
    assert tally["pdf-parts"]["reused"] >= 3  # the other parts, contents and footers
    for path in ("handbook.pdf", f"roles/{EDITED_ROLE}.pdf"):
        assert EDITED_TEXT in pdf_text(base / "edited" / path).replace(" ", "")
        assert EDITED_TEXT not in pdf_text(base / "cold" / path).replace(" ", "")
    same_bytes(base / "edited", base / "clean")


# ---------------------------------------------------------------- a small knowledge base


WORKER_YAML = """\
title: 助理
department: hr
reports_to: boss
summary: 协助经理。
duties: [整理档案]
"""


@pytest.fixture
def small(make_kb):
    kb = make_kb({"roles/helper.yaml": WORKER_YAML})
    return kb.root


def test_theme_print_css_edit_reprints_every_pdf(small, tmp_path):
    cache = ("--cache", str(tmp_path / "cache"))
    first = build(small, tmp_path / "first", *cache)
    names = sorted(pdf_files(tmp_path / "first"))
    assert first["cache"]["pdf"]["made"] == names and len(names) >= 3
    theme = small / "theme" / "print.css"
    theme.parent.mkdir()
    theme.write_text("h1 { color: #0000ff; }\n", encoding="utf-8")
    again = build(small, tmp_path / "again", *cache)
    assert again["cache"]["pdf"] == {"rebuilt": len(names), "reused": 0, "made": names}
    build(small, tmp_path / "clean", "--no-cache")
    same_bytes(tmp_path / "again", tmp_path / "clean")
    before, after = pdf_files(tmp_path / "first"), pdf_files(tmp_path / "again")
    assert all(before[name] != after[name] for name in names)  # the theme reached each one


def test_pdf_variant_is_part_of_the_key(small, tmp_path):
    cache = ("--cache", str(tmp_path / "cache"))
    build(small, tmp_path / "plain", *cache)
    archival = build(small, tmp_path / "archival", *cache, "--pdf-variant", "pdf/a-3b")
    assert archival["cache"]["pdf"]["reused"] == 0
    intents = {name: "/OutputIntents" in PdfReader(tmp_path / name / "handbook.pdf").root_object
               for name in ("plain", "archival")}
    assert intents == {"plain": False, "archival": True}  # PDF/A's colour profile


def test_no_cache_writes_nothing_into_the_cache_folder(small, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    report = build(small, tmp_path / "out", "--cache", str(folder), "--no-cache")
    assert report["cache"]["pdf"]["reused"] == 0
    assert list(folder.rglob("*")) == []


def test_default_cache_is_beside_sops(small, tmp_path, monkeypatch):
    monkeypatch.delenv("SOPKIT_CACHE", raising=False)
    build(small, tmp_path / "out")
    kept = small.parent / ".sopkit-cache"
    assert sorted(path.name for path in (kept / "pdf").iterdir()) != []
    assert build(small, tmp_path / "again")["cache"]["pdf"]["rebuilt"] == 0
    assert "SOPKIT_CACHE" not in os.environ  # the command gave the environment back


def test_cache_option_names_the_folder(small, tmp_path):
    build(small, tmp_path / "out", "--cache", str(tmp_path / "mine"))
    assert len(list((tmp_path / "mine" / "pdf").iterdir())) == len(pdf_files(tmp_path / "out"))
    other = build(small, tmp_path / "other", "--cache", str(tmp_path / "elsewhere"))
    assert other["cache"]["pdf"]["reused"] == 0


def test_deleting_the_cache_between_builds_is_harmless(small, tmp_path):
    folder = tmp_path / "cache"
    build(small, tmp_path / "first", "--cache", str(folder))
    shutil.rmtree(folder)
    again = build(small, tmp_path / "again", "--cache", str(folder))
    assert again["cache"]["pdf"]["reused"] == 0
    same_bytes(tmp_path / "again", tmp_path / "first")
    assert (folder / "pdf").is_dir()  # kept again for the next build


def test_cli_prints_one_line_per_format(small, tmp_path):
    cache = ("--cache", str(tmp_path / "cache"))
    first = build(small, tmp_path / "first", *cache, text=True)
    count = len(pdf_files(tmp_path / "first"))
    assert f"pdf: {count} rebuilt, 0 from cache" in first.stderr.splitlines()
    again = build(small, tmp_path / "again", *cache, text=True)
    assert f"pdf: 0 rebuilt, {count} from cache" in again.stderr.splitlines()


def test_prune_deletes_the_least_recently_used_first(tmp_path, monkeypatch):
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "store"))
    monkeypatch.delenv("SOPKIT_NO_CACHE", raising=False)
    block = b"x" * 400 * 1024
    for age, name in enumerate(["oldest", "middle", "newest"]):
        store.save("pdf", name, block)
        os.utime(store.entry_path("pdf", name), (1_000_000 + age, 1_000_000 + age))
    assert store.load("pdf", "oldest") == block  # reading it makes it the most recent
    assert prune(limit_mb=1) == 1  # 1.2 MB down to 0.8 MB: one entry goes
    assert not store.entry_path("pdf", "middle").exists()
    assert store.entry_path("pdf", "oldest").exists() and store.entry_path("pdf", "newest").exists()
    assert prune(limit_mb=0) == 2 and list((tmp_path / "store").rglob("*.*")) == []

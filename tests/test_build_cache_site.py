"""The portal from the build cache (issue 14): what an edit re-renders, and that the result is
byte for byte the site a clean `--no-cache` build makes of the same content.

One copy of the sample (with its own mkdocs.yml, docs folder and theme CSS, so that those
can be edited too) is built once into its own cache; each test copies it, makes one edit,
builds again with that cache and compares every file of `dist/site` with a clean build.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from portal_support import PROJECT_DIR, TODAY

SUMMARY_ROLE = "sales-rep"
SUMMARY_OLD = "一线力量"
SUMMARY_NEW = "一线核心力量"


def build(kb: Path, out: Path, *cache: str) -> dict:
    """`sopkit build --only site` with the given cache options; the JSON report."""
    result = CliRunner().invoke(main, ["build", "--sops", str(kb / "sops"), "--out", str(out),
                                       "--only", "site", "--today", TODAY, "--format", "json",
                                       *cache])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["cache"]["site"]


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def pages_of(site: Path) -> set[str]:
    return {f"site/{name}" for name in files_of(site)
            if name.endswith(".html") and name != "404.html"}


def copy_kb(source: Path, target: Path) -> Path:
    for name in ("sops", "site"):
        shutil.copytree(source / name, target / name)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The sample with a portal configuration of its own, built once into its cache."""
    kb = tmp_path_factory.mktemp("base")
    shutil.copytree(PROJECT_DIR / "sops", kb / "sops")
    shutil.copytree(PROJECT_DIR / "site", kb / "site")
    shutil.copy(PROJECT_DIR / "mkdocs.yml", kb / "mkdocs.yml")
    (kb / "sops" / "theme").mkdir()
    (kb / "sops" / "theme" / "portal.css").write_text(".md-header { color: #123456; }\n")
    cold = build(kb, kb / "dist", "--cache", str(kb / "cache"))
    assert cold["reused"] == 0 and cold["rebuilt"] == len(pages_of(kb / "dist" / "site"))
    return kb


def rebuild(base: Path, tmp_path: Path, edit=None) -> tuple[Path, dict, dict[str, bytes]]:
    """A copy of ``base``, edited, built with ``base``'s cache; also built clean. Returns the
    copy, the cache report and the clean site's files."""
    kb = copy_kb(base, tmp_path / "kb")
    if edit is not None:
        edit(kb)
    report = build(kb, kb / "dist", "--cache", str(base / "cache"))
    build(kb, tmp_path / "clean", "--no-cache")
    clean = files_of(tmp_path / "clean" / "site")
    assert files_of(kb / "dist" / "site") == clean  # byte for byte, every file
    return kb, report, clean


def test_unchanged_portal_is_restored_whole(base, tmp_path):
    kb, report, clean = rebuild(base, tmp_path)
    assert report["rebuilt"] == 0 and report["made"] == []
    assert report["reused"] == len(pages_of(kb / "dist" / "site")) > 50
    assert files_of(base / "dist" / "site") == clean  # the cold cached build was right too


def test_the_pages_bytes_are_kept_once(base):
    """A page the page cache keeps is named in the site's manifest by that entry, not kept
    again among the site's files (at 300 roles those copies were 50 MB per build)."""
    cache, site = base / "cache", base / "dist" / "site"
    manifests = [json.loads(path.read_bytes()) for path in (cache / "site").iterdir()]
    assert len(manifests) == 1
    named = manifests[0]["files"]
    pages = {name for name in pages_of(site)}
    by_page = {f"site/{name}": value for name, value in named.items()
               if value.startswith("page:")}
    assert set(by_page) == pages
    for name, value in by_page.items():
        kept = cache / "site-page" / value.removeprefix("page:")
        assert kept.read_bytes() == (base / "dist" / name).read_bytes()
    kept_files = {path.read_bytes() for path in (cache / "site-file").iterdir()}
    assert not kept_files & {(base / "dist" / name).read_bytes() for name in pages}


def test_summary_edit_rerenders_the_pages_showing_it(base, tmp_path):
    def edit(kb: Path) -> None:
        role = kb / "sops" / "roles" / f"{SUMMARY_ROLE}.yaml"
        text = role.read_text(encoding="utf-8")
        assert SUMMARY_OLD in text
        role.write_text(text.replace(SUMMARY_OLD, SUMMARY_NEW, 1), encoding="utf-8")

    kb, report, clean = rebuild(base, tmp_path, edit)
    before = files_of(base / "dist" / "site")
    changed = {f"site/{name}" for name, data in clean.items()
               if name.endswith(".html") and before.get(name) != data}
    showing = {f"site/{name}" for name, data in clean.items()
               if name.endswith(".html") and SUMMARY_NEW.encode() in data}
    # exactly the pages that show the summary, which are the pages that changed
    assert set(report["made"]) == showing == changed
    assert f"site/roles/{SUMMARY_ROLE}.html" in showing
    assert report["reused"] == len(pages_of(kb / "dist" / "site")) - len(showing)
    # the search index is made again from the new page
    assert SUMMARY_NEW in clean["search/search_index.json"].decode("utf-8")


def test_title_edit_rerenders_every_page(base, tmp_path):
    """Every page shows the navigation, which shows every title."""
    def edit(kb: Path) -> None:
        role = kb / "sops" / "roles" / f"{SUMMARY_ROLE}.yaml"
        text = role.read_text(encoding="utf-8")
        assert "\ntitle: 销售员\n" in text
        role.write_text(text.replace("\ntitle: 销售员\n", "\ntitle: 销售员（一线）\n", 1),
                        encoding="utf-8")

    kb, report, clean = rebuild(base, tmp_path, edit)
    assert "销售员（一线）" in clean["forms/index.html"].decode("utf-8")  # in its navigation
    assert report["reused"] == 0
    assert set(report["made"]) == pages_of(kb / "dist" / "site")


def test_theme_css_edit_rebuilds_the_site_not_the_pages(base, tmp_path):
    """The pages link the stylesheet by name: its new rules are in the site, the pages are
    the ones already made."""
    def edit(kb: Path) -> None:
        (kb / "sops" / "theme" / "portal.css").write_text(".md-header { color: #654321; }\n")

    kb, report, clean = rebuild(base, tmp_path, edit)
    assert b"#654321" in clean["stylesheets/sops-theme.css"]
    assert report["rebuilt"] == 0 and report["reused"] == len(pages_of(kb / "dist" / "site"))


def test_theme_override_edit_rerenders_every_page(base, tmp_path):
    marker = "<!-- sopkit cache test: the override changed -->"

    def edit(kb: Path) -> None:
        override = kb / "site" / "overrides" / "main.html"
        text = override.read_text(encoding="utf-8")
        assert "{% block htmltitle %}\n" in text
        override.write_text(text.replace("{% block htmltitle %}\n",
                                         "{% block htmltitle %}\n" + marker + "\n", 1),
                            encoding="utf-8")

    kb, report, clean = rebuild(base, tmp_path, edit)
    pages = pages_of(kb / "dist" / "site")
    assert all(marker.encode() in clean[name.removeprefix("site/")] for name in pages)
    assert report["reused"] == 0 and set(report["made"]) == pages


def test_a_refused_site_is_not_served_from_the_cache(base, tmp_path):
    """A broken link fails the strict build; built again, the page must not come back from
    the cache without its warning, so the build is refused again."""
    kb = copy_kb(base, tmp_path / "kb")
    (kb / "site" / "extra.md").write_text("# Extra\n\n[gone](missing.md)\n", encoding="utf-8")
    for _ in range(2):
        result = CliRunner().invoke(main, ["build", "--sops", str(kb / "sops"), "--out",
                                           str(kb / "dist"), "--only", "site", "--today",
                                           TODAY, "--cache", str(base / "cache")])
        assert result.exit_code != 0
        assert "missing.md" in result.output


def test_changed_download_is_served_new(base, tmp_path):
    """A document another renderer wrote again (same name, new bytes) is copied into the
    site again; the pages linking it are unchanged, so they are the cached ones."""
    kb = copy_kb(base, tmp_path / "kb")
    build(kb, kb / "dist", "--cache", str(base / "cache"))  # dist/ is sopkit's now
    document = kb / "dist" / "roles" / "sales-manager.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 first\n")
    first = build(kb, kb / "dist", "--cache", str(base / "cache"))
    assert "site/roles/sales-manager.html" in first["made"]  # it links the document now
    document.write_bytes(b"%PDF-1.4 second\n")
    again = build(kb, kb / "dist", "--cache", str(base / "cache"))
    site = kb / "dist" / "site"
    assert (site / "downloads" / "roles" / "sales-manager.pdf").read_bytes() == \
        b"%PDF-1.4 second\n"
    assert again["rebuilt"] == 0 and again["reused"] == len(pages_of(site))
    clean = tmp_path / "clean"
    shutil.copytree(kb / "dist", clean)  # the same documents; the site made again
    build(kb, clean, "--no-cache")
    assert files_of(site) == files_of(clean / "site")

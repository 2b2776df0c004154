"""The portal is built while the Word files are still being made (issue 14), and still offers
this build's Word files, never an earlier build's or none.

The Word handbook's LibreOffice pass runs in a worker process for seconds; the portal only
links to the Word files and copies them into ``site/downloads``, so it is built meanwhile
(``RenderContext.promised``) and copies them at its end, once they are written. With
``--only`` the build starts from a copy of the previous output, so the previous Word files
are there while the new ones are made: a copy taken too early would be a stale download.
"""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import generator.renderers.site_renderer as site_renderer
from generator.cli import main

REP = """\
title: 销售代表
department: sales
reports_to: boss
summary: {summary}
duties: [拜访客户, 完成销售目标]
"""


def _build(kb, out: Path, *cache: str) -> dict:
    result = CliRunner().invoke(main, ["build", "--sops", str(kb.root), "--out", str(out),
                                       "--only", "docx,site", "--today", "2026-11-23",
                                       "--format", "json", *cache])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["cache"]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _word_downloads(out: Path) -> dict[str, bytes]:
    downloads = out / "site" / "downloads"
    return {name: data for name, data in _files(downloads).items() if name.endswith(".docx")}


def _word_files(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in _files(out).items()
            if name.endswith(".docx") and not name.startswith("site/")}


def test_portal_is_built_meanwhile_and_serves_this_builds_word_files(make_kb, tmp_path,
                                                                      monkeypatch):
    kb = make_kb({"roles/rep.yaml": REP.format(summary="负责开发新客户。")})
    promised_while_built: list[list[str]] = []
    real_build = site_renderer._build

    def spy(config, plugin, *rest):
        promised_while_built.append(sorted(plugin.promised))
        return real_build(config, plugin, *rest)

    monkeypatch.setattr(site_renderer, "_build", spy)
    out, cache = tmp_path / "dist", str(tmp_path / "cache")
    _build(kb, out, "--cache", cache)
    # the site was built while the Word files were still being made
    assert {"handbook.docx", "roles/rep.docx"} <= set(promised_while_built[-1])
    first = _word_files(out)
    assert set(first) >= {"handbook.docx", "roles/rep.docx", "roles/boss.docx"}
    assert _word_downloads(out) == first  # every one copied, once written
    page = (out / "site" / "roles" / "rep.html").read_text(encoding="utf-8")
    assert "downloads/roles/rep.docx" in page

    kb.write("roles/rep.yaml", REP.format(summary="负责开发新客户，维护老客户。"))
    report = _build(kb, out, "--cache", cache)  # --only: the old Word files are in staging
    assert "roles/rep.docx" in report["docx"]["made"]
    assert "roles/rep.docx" in promised_while_built[-1]
    second = _word_files(out)
    assert second["roles/rep.docx"] != first["roles/rep.docx"]
    assert _word_downloads(out) == second  # this build's files, not the previous ones
    # linked, not copied: the download is the document's own file (sitecache.copy_download)
    for name in ("roles/rep.docx", "handbook.docx"):
        assert (out / "site" / "downloads" / name).samefile(out / name)

    clean = tmp_path / "clean"
    _build(kb, clean, "--no-cache")
    assert _files(out / "site") == _files(clean / "site")  # byte for byte


def test_forms_zip_is_kept_by_the_forms_bytes(tmp_path, monkeypatch):
    """The portal's "all forms" zip comes from the cache while the forms are the same; a
    form with new bytes is a new zip, the one a clean (--no-cache) build makes."""
    import io
    import zipfile

    from generator.portal.downloads import Downloads

    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SOPKIT_NO_CACHE", raising=False)
    form = tmp_path / "dist" / "forms" / "leave.pdf"
    form.parent.mkdir(parents=True)
    form.write_bytes(b"%PDF-1.7 first")
    downloads = Downloads({"forms/leave.pdf": form, "roles/a.pdf": tmp_path / "a.pdf"})
    first = downloads.forms_zip()
    assert first is not None
    assert list((tmp_path / "cache" / "site-forms-zip").iterdir())  # kept
    assert downloads.forms_zip() == first
    form.write_bytes(b"%PDF-1.7 second")
    second = downloads.forms_zip()
    assert second is not None
    assert zipfile.ZipFile(io.BytesIO(second)).read("leave.pdf") == b"%PDF-1.7 second"
    monkeypatch.setenv("SOPKIT_NO_CACHE", "1")
    assert downloads.forms_zip() == second  # byte for byte what a clean build makes


def test_a_download_is_linked_and_replaces_what_was_there(tmp_path, monkeypatch):
    from generator.portal import sitecache

    document = tmp_path / "dist" / "roles" / "a.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF new")
    target = tmp_path / "dist" / "site" / "downloads" / "roles" / "a.pdf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"%PDF old")  # an earlier build's, in a site built over (serve)
    sitecache.copy_download(document, target)
    assert target.samefile(document) and target.read_bytes() == b"%PDF new"
    sitecache.copy_download(document, target)  # already the same file: left as it is
    assert target.samefile(document)
    sitecache.copy_download(target, target)
    assert document.read_bytes() == b"%PDF new"

    def no_links(source, link):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(sitecache.os, "link", no_links)
    other = tmp_path / "other.pdf"
    sitecache.copy_download(document, other)  # a file system without links: a copy
    assert other.read_bytes() == b"%PDF new" and not other.samefile(document)

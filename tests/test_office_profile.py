"""The LibreOffice profile a server starts from (generator/office/): the first server keeps
a copy of the profile its LibreOffice made in the build cache, the next ones start from a
copy of it (a new profile costs the start ~0.2 s more CPU: bench/RESULTS.md, docx17) and lay
documents out as a new profile does; every profile names the installed version, so that
LibreOffice skips its graphics self-test (docx19)."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.docx.tocpages import heading_pages, layout_copy, print_pdf
from generator.office import OfficeServer
from generator.office.client import ask, headings_with_server, profile_template
from generator.office.profiles import (
    LAST_VERSION,
    installed_version,
    keep_template,
    seed_profile,
    skip_render_tests,
)
from test_office import compact, handbook_docx, has_uno, read_cmdline

MARKER = Path("user", "sopkit-test-marker")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> bytes:
    return handbook_docx(ROOT / "sops", tmp_path_factory.mktemp("sample") / "dist")


def started() -> OfficeServer:
    server = OfficeServer.start()
    assert server is not None
    ask(server.socket_path, {"op": "ping"})  # answered once its LibreOffice has started
    return server


@pytest.mark.skipif(not has_uno(), reason="LibreOffice with python3-uno is not installed")
def test_the_first_server_keeps_its_profile_and_the_next_start_from_a_copy(
        tmp_path, monkeypatch, sample_docx):
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "cache"))
    template = Path(profile_template())
    assert template.is_relative_to(tmp_path / "cache") and not template.exists()
    first = started()
    try:
        made = (template / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
        # not the lock of the LibreOffice it was copied from, nor its restart in progress
        assert not (template / ".lock").exists() and "OfficeRestartInProgress" not in made
        fresh = compact(headings_with_server(first.socket_path, layout_copy(sample_docx)))
    finally:
        first.close()
    assert not any(str(first.folder) in read_cmdline(path)
                   for path in Path("/proc").glob("[0-9]*/cmdline"))
    (template / MARKER).write_text("seeded", encoding="utf-8")
    second = started()
    try:
        assert (second.folder / "profile" / MARKER).read_text(encoding="utf-8") == "seeded"
        seeded = compact(headings_with_server(second.socket_path, layout_copy(sample_docx)))
    finally:
        second.close()
    assert len(seeded) > 20
    assert seeded == fresh == heading_pages(print_pdf(sample_docx))


def test_without_the_cache_every_server_makes_its_own_profile(monkeypatch):
    monkeypatch.setenv("SOPKIT_NO_CACHE", "1")
    assert profile_template() == ""


def test_a_template_is_used_only_whole_and_never_replaced(tmp_path):
    template, profile = tmp_path / "template", tmp_path / "profile"
    (template / "user").mkdir(parents=True)
    # a template without its settings (a copy cut short) is not started from
    assert not seed_profile(str(template), str(profile)) and not profile.exists()
    (template / "user" / "registrymodifications.xcu").write_text("<items/>\n", encoding="utf-8")
    assert seed_profile(str(template), str(profile))
    assert (profile / "user" / "registrymodifications.xcu").is_file()
    # a profile already there (LibreOffice started again after a crash) is kept as it is
    (profile / "user" / "registrymodifications.xcu").write_text("mine", encoding="utf-8")
    assert not seed_profile(str(template), str(profile))
    assert (profile / "user" / "registrymodifications.xcu").read_text() == "mine"
    # a template that exists is not replaced by another server's profile
    keep_template(str(profile), str(template))
    assert (template / "user" / "registrymodifications.xcu").read_text() == "<items/>\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["profile", "template"]


@pytest.mark.skipif(not has_uno(), reason="LibreOffice with python3-uno is not installed")
def test_a_server_s_libreoffice_skips_its_graphics_self_test(tmp_path, monkeypatch):
    # LibreOffice runs its drawing self-tests, and logs them in the profile, at every start
    # whose profile names no version or an older one: most of its start's CPU
    monkeypatch.setenv("SOPKIT_NO_CACHE", "1")  # a new profile, as a --no-cache build's
    server = started()
    try:
        user = server.folder / "profile" / "user"
        settings = (user / "registrymodifications.xcu").read_text(encoding="utf-8")
        assert not (user / "GraphicsRenderTests.log").exists()
        assert (f'oor:name="ooSetupLastVersion" oor:op="fuse"><value>{installed_version()}'
                '</value>') in settings
        assert "ooSetupInstCompleted" in settings  # LibreOffice's own settings kept with it
    finally:
        server.close()


def test_the_version_is_added_once_to_settings_it_can_read(tmp_path):
    version = installed_version()
    if version is None:
        pytest.skip("LibreOffice is not installed")
    settings = tmp_path / "profile" / "user" / "registrymodifications.xcu"
    assert skip_render_tests(str(tmp_path / "profile"))  # a new profile: settings made
    made = settings.read_text(encoding="utf-8")
    assert made.count(f"<value>{version}</value>") == 1 and made.rstrip().endswith("</oor:items>")
    assert skip_render_tests(str(tmp_path / "profile"))
    assert settings.read_text(encoding="utf-8") == made  # not twice
    settings.write_text(made.replace(LAST_VERSION.format(version), "<item oor:path='/x'/>\n"),
                        encoding="utf-8")
    assert skip_render_tests(str(tmp_path / "profile"))
    kept = settings.read_text(encoding="utf-8")
    assert "<item oor:path='/x'/>" in kept and kept.count("ooSetupLastVersion") == 1
    settings.write_text("not settings", encoding="utf-8")  # left to LibreOffice as it is
    assert not skip_render_tests(str(tmp_path / "profile"))
    assert settings.read_text(encoding="utf-8") == "not settings"

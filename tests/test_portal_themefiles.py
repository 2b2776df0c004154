"""MkDocs lists the theme's files without walking its hidden folders (generator/portal/themefiles.py)."""
from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from conftest import PROJECT_DIR
from generator.portal import themefiles


def _theme_files(config) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((f.src_uri, f.abs_src_path) for f in files)


def test_the_theme_files_are_those_mkdocs_keeps_without_its_hidden_folders(tmp_path):
    config = load_config(str(PROJECT_DIR / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    # an overrides folder with a hidden folder, a hidden file and a file of its own
    overrides = tmp_path / "overrides"
    (overrides / ".hidden" / "deep").mkdir(parents=True)
    (overrides / ".hidden" / "deep" / "x.css").write_text("x")
    (overrides / "assets" / ".cache").mkdir(parents=True)
    (overrides / "assets" / ".cache" / "y.js").write_text("y")
    (overrides / ".dotfile.css").write_text("z")
    (overrides / "assets" / "own.css").write_text("w")
    config.theme.dirs.insert(0, str(overrides))
    before = _theme_files(config)
    hidden = config.theme.get_env().list_templates()
    themefiles.install(config.theme)
    themefiles.install(config.theme)  # twice is once
    assert _theme_files(config) == before
    assert ("assets/own.css", str(overrides / "assets" / "own.css")) in before
    listed = config.theme.get_env().list_templates()
    assert len(hidden) > 10_000 and len(listed) < 1_000  # Material's .icons are not walked
    assert ".dotfile.css" in listed  # a hidden file is MkDocs' filter's to refuse
    assert set(listed) <= set(hidden)
    assert {name for name in hidden if name.startswith(".") or "/." in name} >= \
        set(hidden) - set(listed)

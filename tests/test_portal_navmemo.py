"""The navigation memo (generator/portal/navmemo.py) changes how often Material's navigation is
rendered, never what it renders: a site built with it is byte for byte the site built without."""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.portal import navmemo
from portal_support import PROJECT_DIR, TODAY

SAMPLE = PROJECT_DIR / "sops"


def _material_partial() -> str:
    import material
    folder = Path(material.__file__).parent / "templates"
    return (folder / navmemo.PARTIAL).read_text(encoding="utf-8")


def test_the_installed_material_partial_is_memoised():
    """A Material release that renames what the memo relies on would quietly make every page
    render the whole navigation again: this fails first."""
    source = navmemo.memoised_source(_material_partial())
    assert source is not None
    assert source.count("{% macro render_each(") == 1
    assert source.count("{% macro render(") == 1
    # a section's children are looped over in Python (NavMemo.children), not by Jinja
    assert navmemo._LOOP in _material_partial()
    assert navmemo._RECURSION not in source and source.count(navmemo._DIRECT) == 1
    jinja2.Environment().parse(source)  # still a template


def test_an_unexpected_partial_is_left_alone():
    assert navmemo.memoised_source("{% macro render(nav_item) %}{% endmacro %}") is None


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _built(out: Path) -> dict[str, bytes]:
    """The portal alone, built without the build cache: both sites made, neither restored."""
    result = CliRunner().invoke(main, ["build", "--sops", str(SAMPLE), "--out", str(out),
                                       "--only", "site", "--no-cache", "--quiet",
                                       "--today", TODAY])
    assert result.exit_code == 0, result.output
    return _pages(out / "site")


def test_a_site_built_with_the_memo_is_the_site_built_without(tmp_path, monkeypatch):
    made: list[int] = []
    real_call = navmemo.NavMemo.__call__

    def counted(self, *args):
        made.append(len(self._kept))
        return real_call(self, *args)

    monkeypatch.setattr(navmemo.NavMemo, "__call__", counted)
    with_memo = _built(tmp_path / "with")
    assert made and max(made) > 0, "the memo was not used"
    monkeypatch.setattr(navmemo, "memoised_source", lambda source: None)
    made.clear()
    without = _built(tmp_path / "without")
    assert not made
    assert with_memo.keys() == without.keys()
    differing = [name for name in with_memo if with_memo[name] != without[name]]
    assert differing == []
    assert sum(name.endswith(".html") for name in with_memo) > 50


@pytest.mark.parametrize("url, folder", [("roles/sales-rep.html", ("page", "roles")),
                                         ("index.html", ("page", "")),
                                         ("roles/", ("page", "roles/"))])
def test_links_are_kept_per_folder_the_url_filter_makes_them_relative_to(url, folder):
    page = type("Page", (), {"url": url})()
    assert navmemo._folder(page, "..") == folder
    assert navmemo._folder(None, "..") == ("base", "..")

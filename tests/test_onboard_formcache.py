"""The onboarding packs' disk cache of blank fillable forms (generator/onboarding/formcache.py):
a cached blank is byte for byte the one generator.forms draws, and a pack made from a cold
cache, a warm one or an unusable one has the same files."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLE_SOPS
from generator.cli import main
from generator.forms import fillable_pdf
from generator.forms.pdf import fillable_job
from generator.onboarding import formcache, formfiles

START = "2026-09-28"


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "xdg-cache"
    monkeypatch.delenv("SOPKIT_CACHE", raising=False)   # conftest's run-wide cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _forms(sample_result, count=2):
    linked = sample_result.linked
    return linked, [linked.kb.forms[form_id] for form_id in sorted(linked.kb.forms)[:count]]


def test_cached_blank_is_byte_identical_to_an_uncached_one(sample_result, cache_home):
    linked, forms = _forms(sample_result)
    for form in forms:
        uncached = fillable_pdf(linked, form)
        cold = formcache.cached_fillable_pdf(linked, form)     # draws and stores
        stored = cache_home / "sopkit" / "forms" / f"{formcache.form_key(linked, form)}.pdf"
        assert stored.read_bytes() == uncached
        warm = formcache.cached_fillable_pdf(linked, form)     # read back from disk
        assert cold == warm == uncached


def test_unwritable_cache_just_renders(sample_result, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.delenv("SOPKIT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    linked, forms = _forms(sample_result, 1)
    assert formcache.cached_fillable_pdf(linked, forms[0]) == fillable_pdf(linked, forms[0])
    assert formcache.load(formcache.form_key(linked, forms[0])) is None


def test_key_follows_what_the_form_is_drawn_from(sample_result):
    linked, forms = _forms(sample_result, 2)
    html, css, slots, locale = fillable_job(linked, forms[0])
    key = formcache.job_key((html, css, slots, locale))
    assert key == formcache.form_key(linked, forms[0])          # deterministic
    assert key != formcache.form_key(linked, forms[1])
    assert key != formcache.job_key((html + " ", css, slots, locale))
    assert key != formcache.job_key((html, css + " ", slots, locale))
    assert key != formcache.job_key((html, css, slots, "zh-Hant"))


def _pack(out: Path) -> dict[str, bytes]:
    formfiles._BLANKS.clear()   # nothing drawn earlier in this process: only the disk cache
    result = CliRunner().invoke(main, [
        "onboard", "--sops", str(SAMPLE_SOPS), "--role", "sales-rep", "--name", "张三",
        "--start", START, "--out", str(out), "--formats", "pdf,ics", "-q"])
    assert result.exit_code == 0, result.output
    folder = out / f"{START}-sales-rep-张三"
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_pack_is_the_same_from_a_cold_and_a_warm_cache(cache_home, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")   # the .ics DTSTAMP: build time
    cold = _pack(tmp_path / "cold")
    cached = sorted((cache_home / "sopkit" / "forms").glob("*.pdf"))
    assert len(cached) == sum(1 for name in cold if name.startswith("forms/"))
    warm = _pack(tmp_path / "warm")
    assert cold.keys() == warm.keys()
    for name in cold:
        assert cold[name] == warm[name], name

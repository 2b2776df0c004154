"""The build cache for Word, forms, custom JDs, registers and JSON (issue 14).

A copy of the sample, with a theme (a reference document and a print.css of its own), is
built with its own ``--cache``; then rebuilt unchanged, after an edit of the theme's Word
reference document, of its print.css, and of one role's summary. Each rebuild must make
again exactly the outputs that read what changed and take the rest from the cache, and the
last one must be byte for byte a clean ``--no-cache`` build of the edited content.

The builds are slow (the handbook is paged by LibreOffice), so they run once for the module
and the tests read what they left.
"""
from __future__ import annotations

import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Pt

from conftest import SAMPLE_SOPS, TODAY
from generator.cli import main
from generator.docx import REFERENCE_PATH
from generator.i18n import Labels

FORMATS = ("docx", "forms", "custom", "registers", "json")
ROLE = "account-manager"  # no custom JD extends it (sops/custom/)
EDITED_SUMMARY = "（本句为缓存测试所加）"
NEW_SIZE = Pt(11.5)  # the theme's Normal style after the edit: w:sz 23 half-points
CSS_BEFORE, CSS_AFTER = "body { color: #000001; }\n", "body { color: #000002; }\n"


@dataclass
class Build:
    cache: dict           # `build --format json`'s "cache": per format rebuilt/reused/made
    files: dict           # path under dist/ → bytes, for the files of FORMATS


def _build(sops: Path, out: Path, *cache_options: str) -> Build:
    result = CliRunner().invoke(main, [
        "build", "--sops", str(sops), "--out", str(out), "--only", ",".join(FORMATS),
        "--today", TODAY.isoformat(), "--format", "json", *cache_options])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return Build(report["cache"], _files(out))


def _files(out: Path) -> dict[str, bytes]:
    """Every file the build wrote except the diagrams (built too, as Word needs them)."""
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and path.relative_to(out).parts[0] not in ("diagrams", "assets")}


def _made(build: Build) -> dict[str, set[str]]:
    return {fmt: set(build.cache.get(fmt, {}).get("made", [])) for fmt in FORMATS}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    root = tmp_path_factory.mktemp("cache-docx")
    sops, cache = root / "sops", root / "cache"
    shutil.copytree(SAMPLE_SOPS, sops)
    theme = sops / "theme"
    theme.mkdir()
    shutil.copy(REFERENCE_PATH, theme / "reference.docx")
    (theme / "print.css").write_text(CSS_BEFORE, encoding="utf-8")
    with_cache = ("--cache", str(cache))
    done = {"cold": _build(sops, root / "cold", *with_cache),
            "unchanged": _build(sops, root / "unchanged", *with_cache)}

    reference = docx.Document(str(theme / "reference.docx"))
    reference.styles["Normal"].font.size = NEW_SIZE
    reference.save(str(theme / "reference.docx"))
    done["reference"] = _build(sops, root / "reference", *with_cache)

    (theme / "print.css").write_text(CSS_AFTER, encoding="utf-8")
    done["css"] = _build(sops, root / "css", *with_cache)

    role = sops / "roles" / f"{ROLE}.yaml"
    text = role.read_text(encoding="utf-8")
    start = text.index("summary: |\n") + len("summary: |\n")
    end = text.index("\n", start)
    role.write_text(text[:end] + EDITED_SUMMARY + text[end:], encoding="utf-8")
    done["summary"] = _build(sops, root / "summary", *with_cache)
    done["clean"] = _build(sops, root / "clean", "--no-cache")
    return done


def test_a_cold_build_makes_every_file_and_keeps_it(builds):
    cold = builds["cold"]
    assert set(cold.cache) == set(FORMATS)
    assert all(cold.cache[fmt]["reused"] == 0 for fmt in FORMATS)
    made = set().union(*_made(cold).values())
    assert made == set(cold.files) - {name for name in cold.files if name.startswith(".")}


def test_an_unchanged_rebuild_reuses_everything_with_the_same_bytes(builds):
    cold, unchanged = builds["cold"], builds["unchanged"]
    for fmt in FORMATS:
        assert unchanged.cache[fmt]["rebuilt"] == 0, unchanged.cache[fmt]["made"]
        assert unchanged.cache[fmt]["reused"] == cold.cache[fmt]["rebuilt"]
    assert unchanged.files == cold.files


def test_an_edited_word_reference_rebuilds_the_word_documents_only(builds):
    before, after = builds["unchanged"], builds["reference"]
    made = _made(after)
    documents = {name for name in made["docx"]}
    # every document and the handbook, and the custom JDs (same converter); not the redlines
    # or the forms, which python-docx writes without the reference document
    assert documents == {name for name in before.files if name.endswith(".docx")
                         and not name.startswith(("forms/", "roles/custom/"))}
    assert "handbook.docx" in documents
    assert made["custom"] == {"roles/custom/customer-service-hk.docx",
                              "roles/custom/sales-rep-shanghai.docx"}
    assert made["forms"] == made["registers"] == made["json"] == set()
    styles = zipfile.ZipFile(io.BytesIO(after.files[f"roles/{ROLE}.docx"])).read(
        "word/styles.xml").decode("utf-8")
    assert f'w:val="{int(NEW_SIZE.pt * 2)}"' in styles  # the edit is in the rebuilt file
    _only_made_ones_changed(before, after)


def test_an_edited_print_css_rebuilds_the_printed_custom_jds_only(builds):
    before, after = builds["reference"], builds["css"]
    made = _made(after)
    assert made["custom"] == {f"roles/custom/{jd}{suffix}.pdf"
                              for jd in ("customer-service-hk", "sales-rep-shanghai")
                              for suffix in ("", "-redline")}
    assert made["docx"] == made["forms"] == made["registers"] == made["json"] == set()
    _only_made_ones_changed(before, after)


def test_an_edited_summary_rebuilds_exactly_what_shows_it(builds):
    before, after = builds["css"], builds["summary"]
    roles_register = f"registers/{Labels('zh-Hans')('register_roles_file')}.xlsx"
    assert _made(after) == {"docx": {f"roles/{ROLE}.docx", "handbook.docx"},
                            "forms": set(), "custom": set(), "registers": {roles_register},
                            "json": {"sops.json"}}
    for fmt in FORMATS:  # the rest came from the cache
        assert (after.cache[fmt]["rebuilt"] + after.cache[fmt]["reused"]
                == builds["cold"].cache[fmt]["rebuilt"])
    role_xml = zipfile.ZipFile(io.BytesIO(after.files[f"roles/{ROLE}.docx"])).read(
        "word/document.xml").decode("utf-8")
    assert EDITED_SUMMARY in role_xml
    assert EDITED_SUMMARY in json.loads(after.files["sops.json"])["roles"][ROLE]["summary"]
    _only_made_ones_changed(before, after)


def test_the_incremental_build_is_byte_identical_to_a_clean_one(builds):
    incremental, clean = builds["summary"], builds["clean"]
    # --no-cache: nothing is found, everything made
    assert all(clean.cache[fmt]["reused"] == 0 for fmt in FORMATS)
    assert _made(clean) == _made(builds["cold"])
    assert sorted(incremental.files) == sorted(clean.files)
    different = [name for name in clean.files if incremental.files[name] != clean.files[name]]
    assert different == []


def _only_made_ones_changed(before: Build, after: Build) -> None:
    """Reused files are the bytes of the build before; every rebuilt one changed."""
    made = set().union(*_made(after).values())
    assert sorted(after.files) == sorted(before.files)
    for name, data in after.files.items():
        if name in made:
            assert data != before.files[name], f"{name} was rebuilt but did not change"
        else:
            assert data == before.files[name], f"{name} changed but was not rebuilt"

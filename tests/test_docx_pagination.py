"""The Word handbook's TOC pages, paged unit by unit (generator/docx/pagination.py), are
the pages LibreOffice prints the whole file on: on the sample and on a synthetic knowledge
base, from a cold cache (one whole print), after an edit that moves pages (only the edited
units printed, the rest from the cache), and with every unit printed on its own. Also: the
initialised LibreOffice profile is kept and reused, and a build without the cache numbers
the TOC exactly like one with it."""
from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import SAMPLE_SOPS, TODAY
from generator import store
from generator.cli import main
from generator.documents import render_documents
from generator.docx import html_to_docx, libreoffice, number_toc_pages, pagination
from generator.docx.pageunits import Split
from generator.docx.tocpages import heading_pages, print_pdf
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
# long enough to add lines to the role's chapter, so the pages after it move
LONGER = "。".join(["这一句只为测试分页而加长岗位概述，让本章多出几行并把后面的标题推到下一页"] * 40)

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


def handbook_docx(sops: Path, assets: Path) -> bytes:
    """The Word handbook as the converter writes it, before its TOC is numbered."""
    result = check(sops, today=TODAY)
    assert result.ok, result.diagnostics.items
    handbook = next(doc for doc in render_documents(result.linked) if doc.path == "handbook")
    return html_to_docx(handbook.html, assets, name="handbook")


def diagrams(sops: Path, out: Path) -> Path:
    """The PNG twins the handbook's figures embed."""
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "diagrams", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def lengthen_summary(role: Path) -> None:
    text = role.read_text(encoding="utf-8")
    start = text.index("summary: |\n") + len("summary: |\n")
    role.write_text(f"{text[:start]}  {LONGER}\n{text[start:]}", encoding="utf-8")


def edited_pair(sops: Path, role: str, folder: Path) -> tuple[bytes, bytes]:
    """The handbook before and after lengthening ``role``'s summary."""
    copy = folder / "sops"
    shutil.copytree(sops, copy)
    assets = diagrams(copy, folder / "dist")
    before = handbook_docx(copy, assets)
    lengthen_summary(copy / "roles" / f"{role}.yaml")
    return before, handbook_docx(copy, assets)


@pytest.fixture(scope="module")
def sample_pair(tmp_path_factory) -> tuple[bytes, bytes]:
    return edited_pair(SAMPLE_SOPS, "sales-rep", tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def synthetic_pair(tmp_path_factory) -> tuple[bytes, bytes]:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    folder = tmp_path_factory.mktemp("synthetic")
    generate(folder / "base", roles=24, workflows=6, forms=4)
    return edited_pair(folder / "base", "role-3", folder)


@pytest.fixture
def prints(monkeypatch, tmp_path) -> list[int]:
    """A new cache; how many files each ``soffice`` call printed."""
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SOPKIT_NO_CACHE", raising=False)
    calls: list[int] = []
    real = libreoffice.print_pdfs

    def counted(documents: list[bytes], what: str = "the handbook") -> list[bytes]:
        calls.append(len(documents))
        return real(documents, what)
    monkeypatch.setattr(libreoffice, "print_pdfs", counted)
    return calls


def whole(docx_bytes: bytes) -> list[tuple[str, int]]:
    """The reference: the whole file printed by LibreOffice, its outline read."""
    return heading_pages(print_pdf(docx_bytes))


def check_edit(pair: tuple[bytes, bytes], prints: list[int]) -> None:
    before, after = pair
    expected_before, expected_after = whole(before), whole(after)
    assert expected_before != expected_after, "the edit was meant to move pages"
    assert len(expected_after) == len(expected_before) > 10
    prints.clear()
    assert pagination.heading_pages(before) == expected_before
    assert prints == [1]  # cold: the whole file once, every unit kept from it
    assert pagination.heading_pages(before) == expected_before
    assert prints == [1]  # nothing printed: every unit from the cache
    assert pagination.heading_pages(after) == expected_after
    units = len(Split(after).units)
    assert len(prints) == 2 and 1 <= prints[1] <= 2 < units, (prints, units)


@needs_soffice
def test_sample_pages_match_whole_print_before_and_after_an_edit(sample_pair, prints):
    check_edit(sample_pair, prints)


@needs_soffice
def test_synthetic_pages_match_whole_print_before_and_after_an_edit(synthetic_pair, prints):
    check_edit(synthetic_pair, prints)


def check_each_unit_alone(docx_bytes: bytes, tmp_path: Path, monkeypatch) -> None:
    """Every unit printed in a file of its own gives the pages the whole print gives it
    (and its entry equals the one derived from the whole print)."""
    expected = whole(docx_bytes)
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "from-whole"))
    assert pagination.heading_pages(docx_bytes) == expected
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "one-by-one"))
    monkeypatch.setattr(pagination, "_whole_is_cheaper", lambda book, missing: False)
    assert pagination.heading_pages(docx_bytes) == expected
    entries = [{path.name: path.read_bytes()
                for path in (tmp_path / folder / pagination.KIND).iterdir()}
               for folder in ("from-whole", "one-by-one")]
    assert entries[0] == entries[1]
    assert len(entries[0]) == len(Split(docx_bytes).units) > 5


@needs_soffice
def test_sample_units_printed_alone_match_whole_print(sample_pair, tmp_path, monkeypatch):
    check_each_unit_alone(sample_pair[1], tmp_path, monkeypatch)


@needs_soffice
def test_synthetic_units_printed_alone_match_whole_print(synthetic_pair, tmp_path,
                                                         monkeypatch):
    check_each_unit_alone(synthetic_pair[0], tmp_path, monkeypatch)


@needs_soffice
def test_profile_is_kept_and_numbering_equals_a_no_cache_build(synthetic_pair, prints,
                                                               monkeypatch, tmp_path):
    before = synthetic_pair[0]
    cached = number_toc_pages(before)
    profile = store.store_root() / libreoffice.PROFILE_KIND
    kept = list(profile.iterdir())
    assert len(kept) == 1
    with zipfile.ZipFile(io.BytesIO(cached)) as archive:
        assert b"PAGEREF" in archive.read("word/document.xml")
    restored = tmp_path / "restored"
    assert libreoffice._restore_profile(restored)
    assert (restored / "user" / "registrymodifications.xcu").is_file()
    assert not list(restored.rglob(".lock"))
    assert number_toc_pages(before) == cached  # from the kept units
    monkeypatch.setenv("SOPKIT_NO_CACHE", "1")
    assert number_toc_pages(before) == cached  # printed whole, in a new profile
    assert prints == [1, 1]


# ---------------------------------------------------------------- the unit rules
def small_docx(list_style: str) -> bytes:
    """Two pages, the second started by a page break, a list running across both."""
    document = docx.Document()
    document.add_paragraph("一", style=list_style)
    second = document.add_paragraph("二", style=list_style)
    second.paragraph_format.page_break_before = True
    document.add_section()  # a section break: a third unit starts after it
    document.add_paragraph("三")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_bullets_do_not_join_units_but_a_numbered_list_does():
    assert len(Split(small_docx("List Bullet")).units) == 3
    assert len(Split(small_docx("List Number")).units) == 2


def test_a_unit_after_a_section_break_is_printed_behind_that_section():
    book = Split(small_docx("List Bullet"))
    assert [(unit.lead, unit.trail) for unit in book.units] == [(0, 1), (1, 1), (1, 0)]
    with zipfile.ZipFile(io.BytesIO(book.file(book.units[2]))) as archive:
        body = archive.read("word/document.xml")
    assert body.count(b"<w:sectPr") == 2  # the lead page ends the previous section


def picture_docx(colours: tuple[str, str]) -> bytes:
    """Two pages, one picture on each."""
    from PIL import Image
    document = docx.Document()
    for page, colour in enumerate(colours):
        picture = io.BytesIO()
        Image.new("RGB", (8, 8), colour).save(picture, "PNG")
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.page_break_before = page > 0
        paragraph.add_run().add_picture(picture)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_changed_picture_changes_only_the_key_of_the_unit_showing_it():
    before, after = Split(picture_docx(("red", "blue"))), Split(picture_docx(("red", "green")))
    assert [before.fingerprint(unit) == after.fingerprint(other)
            for unit, other in zip(before.units, after.units, strict=True)] == [True, False]
    with zipfile.ZipFile(io.BytesIO(before.file(before.units[0]))) as archive:
        assert len([name for name in archive.namelist() if name.startswith("word/media/")]) == 1

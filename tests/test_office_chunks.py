"""The Word handbook laid out by LibreOffice in chunks cut at its forced page breaks
(generator/docx/tocchunks.py): every chunk laid out alone gives the pages a layout of the
whole book gives, the TOC numbered from cached chunks is the TOC a fresh `soffice
--convert-to pdf` numbers, and an edit lays out only the chunk it changed, even when it
moves every later chapter's pages."""
from __future__ import annotations

import copy
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.docx import number_toc_pages
from generator.docx.chunkparts import counters
from generator.docx.tocchunks import MARK, Book, _joined, _split, chunked_headings, runs
from generator.docx.tocpages import (
    _match_pages,
    _run_layout,
    heading_pages,
    layout_copy,
    print_pdf,
)
from generator.office import OfficeServer
from generator.office.client import layout_with_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_office import handbook_docx, has_uno  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not has_uno(),
                                reason="LibreOffice with python3-uno is not installed")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def server():
    started = OfficeServer.start()
    assert started is not None
    yield started
    started.close()


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> bytes:
    return handbook_docx(ROOT / "sops", tmp_path_factory.mktemp("sample") / "dist")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, bytes]:
    """A base whose roles chapter prints in many groups (each a chunk)."""
    sops = tmp_path_factory.mktemp("synthetic") / "sops"
    generate(sops, 40, 6, 5)
    return sops, handbook_docx(sops, sops.parent / "dist")


def book_of(docx: bytes) -> Book:
    with zipfile.ZipFile(io.BytesIO(layout_copy(docx))) as archive:
        return Book({name: archive.read(name) for name in archive.namelist()})


def whole_layout(server, docx: bytes, levels: int) -> list[tuple[str, int]]:
    answer = layout_with_server(server.socket_path, layout_copy(docx), MARK, levels)
    return [(title, page) for title, page in answer["headings"]]


@pytest.mark.parametrize("base", ["sample", "synthetic"])
def test_each_chunk_laid_out_alone_has_the_pages_of_the_whole_book(
        server, base, sample_docx, synthetic):
    # the sample has landscape sections (a chart on a full page, then an empty paragraph
    # ending its section: laid out as an empty line at the end of a document, and as
    # nothing before the next section), the cover's first-page header, the front matter;
    # the synthetic base a roles chapter of many print groups
    docx = sample_docx if base == "sample" else synthetic[1]
    book = book_of(docx)
    assert book.chunk_count() >= (40 if base == "sample" else 20)
    alone = []
    for chunk in range(book.chunk_count()):
        laid = _run_layout(server.socket_path, book.run_docx(chunk, chunk), book.levels)
        found = _split(laid, chunk, chunk)
        assert found is not None, f"chunk {chunk} is not one page run"
        alone += found
    whole = whole_layout(server, docx, book.levels)
    assert len(whole) > 50
    assert _joined(alone) == whole
    assert sum(layout.pages for layout in alone) >= 80


def test_the_toc_from_cached_chunks_is_the_toc_a_fresh_soffice_numbers(
        server, synthetic, tmp_path, monkeypatch):
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SOPKIT_NO_CACHE", raising=False)
    docx = synthetic[1]
    fresh = number_toc_pages(docx)  # no server: a new soffice prints the whole book
    assert fresh != docx
    assert number_toc_pages(docx, server.socket_path, "paging") == fresh  # all laid out
    assert len(list((tmp_path / "cache" / "docx-toc-chunk").iterdir())) == \
        book_of(docx).chunk_count()
    assert number_toc_pages(docx, server.socket_path, "paging") == fresh  # all cached


def test_an_edit_that_moves_later_pages_lays_out_its_chunk_only(
        server, synthetic, tmp_path, monkeypatch):
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SOPKIT_NO_CACHE", raising=False)
    sops, before = synthetic
    laid_out: list[tuple[int, int]] = []

    def lay_out(run: bytes, levels: int):
        laid = _run_layout(server.socket_path, run, levels)
        laid_out.append((len(laid[1]), laid[2]))  # chunks and pages of the run
        return laid

    chunked_headings(layout_copy(before), "paging", lay_out)
    assert sum(chunks for chunks, _ in laid_out) == book_of(before).chunk_count()
    edited = tmp_path / "sops"
    _copy_tree(sops, edited)
    role = edited / "roles" / "role-3.yaml"
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("summary: |\n", "summary: |\n" + "  很长的岗位概述。" * 700
                                 + "\n", 1), encoding="utf-8")  # about three pages more
    after = handbook_docx(edited, tmp_path / "dist")
    laid_out.clear()
    pages = chunked_headings(layout_copy(after), "paging", lay_out)
    assert pages is not None
    # laid out: the chunks whose content changed (the role's, and those of the roles after
    # it that printgroups.py groups anew), not the chapters after the roles
    new = [key not in book_of(before).keys("paging") for key in book_of(after).keys("paging")]
    assert sum(chunks for chunks, _ in laid_out) == sum(new)
    assert 1 <= sum(new) <= len(new) // 2 and not any(new[-5:])
    # the pages a fresh soffice prints each of these headings on
    printed = heading_pages(print_pdf(after))
    assert _match_pages([title for title, _ in pages], printed) == [page for _, page in pages]
    earlier = dict(whole_layout(server, before, book_of(before).levels))
    title, page = pages[-1]
    assert page >= earlier[title] + 2  # the chapters after the edit begin pages later


def test_a_numbered_list_going_on_across_a_break_keeps_its_chunks_together(synthetic):
    with zipfile.ZipFile(io.BytesIO(synthetic[1])) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    book = Book(parts)
    counter = counters(parts)
    root = etree.fromstring(parts["word/document.xml"])
    blocks = [block for block in root.find(f"{{{W}}}body") if block.tag == f"{{{W}}}p"
              or block.tag == f"{{{W}}}tbl"]
    first = next(i for i, block in enumerate(blocks) if block.tag == f"{{{W}}}p"
                 and counter(block) is not None)  # an item of a numbered list
    owner = next(c for c in range(book.chunk_count()) if first in book.span(c))
    assert owner + 3 < book.chunk_count()
    # the chunk three on starts with an item of the same list, numbered on from it
    heading = blocks[book.span(owner + 3).start]
    properties = heading.find(f"{{{W}}}pPr")
    properties.append(copy.deepcopy(blocks[first].find(f"{{{W}}}pPr/{{{W}}}numPr")))
    assert counter(heading) == counter(blocks[first])
    joined = Book({**parts, "word/document.xml": etree.tostring(root)})
    assert joined.chunk_count() == book.chunk_count() - 3
    assert joined.span(owner) == range(book.span(owner).start, book.span(owner + 3).stop)


def test_a_field_counting_across_the_book_leaves_it_whole(synthetic):
    with zipfile.ZipFile(io.BytesIO(synthetic[1])) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert Book(parts).chunk_count() > 1
    xml = parts["word/document.xml"].replace(
        b"</w:body>", b'<w:p><w:fldSimple w:instr=" SEQ Figure "><w:r><w:t>1</w:t></w:r>'
        b"</w:fldSimple></w:p></w:body>")
    assert Book({**parts, "word/document.xml": xml}).chunk_count() == 1


def test_keys_follow_what_a_chunk_reads(synthetic):
    docx = synthetic[1]
    book = book_of(docx)
    keys = book.keys("paging")
    assert len(set(keys)) == len(keys)
    assert book.keys("another LibreOffice") != keys
    # the ids that only name things (bookmarks, pictures) renumbered: the same keys
    parts = dict(book.parts)
    parts["word/document.xml"] = re.sub(
        rb'(<w:bookmark(?:Start|End) w:id=")(\d+)"',
        lambda m: m.group(1) + str(int(m.group(2)) + 7).encode() + b'"',
        parts["word/document.xml"])
    assert Book(parts).keys("paging") == keys
    # one chunk's text changed: its key only
    index = book.chunk_count() // 2
    span = book.span(index)
    root = etree.fromstring(book.parts["word/document.xml"])
    body = root.find("w:body", {"w": W})
    text = next(body[span.start].iter(f"{{{W}}}t"))
    text.text = (text.text or "") + "改"
    changed = Book({**book.parts, "word/document.xml": etree.tostring(root)}).keys("paging")
    assert [i for i, (a, b) in enumerate(zip(keys, changed, strict=True)) if a != b] == [index]


def test_runs_group_neighbours_up_to_a_size():
    missing = [None, None, object(), None, None, None]
    assert runs(missing, [10] * 6) == [(0, 1), (3, 5)]
    assert runs(missing, [1_500_000] * 6) == [(0, 0), (1, 1), (3, 3), (4, 4), (5, 5)]


def _copy_tree(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if path.is_file():
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            (target / path.relative_to(source)).write_bytes(path.read_bytes())

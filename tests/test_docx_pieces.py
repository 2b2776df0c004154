"""The Word handbook joined from items kept in the build cache (generator/docx/pieces.py).

On the sample and on a synthetic base (roles with numbered duties, workflows with charts,
drafts with page marks), converting the handbook with its items written afresh, with every
item written and kept, and with every item taken from the cache must give the same bytes:
the same document.xml, numbering, relationships and pictures. After one role's summary is
edited, exactly one item is made again, and the joined file is the fresh conversion of the
edited handbook.
"""
from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PROJECT_DIR, SAMPLE_SOPS, TODAY
from generator.cli import main
from generator.documents import render_documents
from generator.docx import html_to_docx
from generator.docx.pieces import KIND
from generator.pipeline import check


def _base(tmp_path_factory: pytest.TempPathFactory, name: str) -> tuple[str, Path]:
    """The handbook's HTML and a dist/ with the diagrams its figures embed."""
    root = tmp_path_factory.mktemp(name)
    sops = SAMPLE_SOPS
    if name == "synthetic":
        sys.path.insert(0, str(PROJECT_DIR / "bench"))
        from synthetic import generate
        sops = root / "sops"
        generate(sops, roles=24, workflows=4, forms=3)
    out = root / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "diagrams", "--quiet", "--no-cache"])
    assert result.exit_code == 0, result.output
    checked = check(sops, today=TODAY)
    book = next(doc for doc in render_documents(checked.linked) if doc.path == "handbook")
    return book.html, out


@pytest.fixture(scope="module", params=["sample", "synthetic"])
def handbook(request, tmp_path_factory):
    return _base(tmp_path_factory, request.param)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SOPKIT_NO_CACHE", raising=False)
    return tmp_path / "cache" / KIND


def _pieces(cache: Path) -> set[str]:
    return {path.name for path in cache.iterdir()} if cache.is_dir() else set()


def test_joined_from_pieces_is_the_whole_conversion(handbook, cache, tmp_path):
    html, dist = handbook
    whole = html_to_docx(html, dist, name="handbook")
    assert not _pieces(cache)  # written afresh: nothing kept
    # each build writes into a new folder: the pieces must not point into the last one's
    first = shutil.copytree(dist, tmp_path / "first")
    kept = html_to_docx(html, first, name="handbook", pieces=True)
    items = html.count('class="item-title')
    assert len(_pieces(cache)) >= items - 12  # every item of a chapter of three or more
    later = first.rename(tmp_path / "later")
    joined = html_to_docx(html, later, name="handbook", pieces=True)
    assert kept == whole
    assert _parts(joined) == _parts(whole)  # told part by part when they differ
    assert joined == whole


def _item_spans(html: str) -> list[tuple[int, int]]:
    """Where each chapter item's HTML is: from its title to the next title (or the end of
    its chapter)."""
    starts = [found.start() for found in re.finditer(r'<h2 [^>]*class="item-title', html)]
    return [(start, min([html.index("</section>", start), *[s for s in starts if s > start]]))
            for start in starts]


def _retitled(html: str) -> str:
    """The second item's title changed, as a summary edit changes an item's text."""
    title_end = html.index("</h2>", _item_spans(html)[1][0])
    return html[:title_end] + "（改）" + html[title_end:]


def _copied(html: str) -> str:
    """The second item once more, its ids renamed, before the third: every later item's
    bookmarks, lists and pictures are numbered on from further."""
    start, end = _item_spans(html)[1]
    copy = re.sub(r'id="([^"]+)"', r'id="\1-copy"', html[start:end])
    return html[:end] + copy + html[end:]


def _swapped(html: str) -> str:
    """The chapter's first item and its first item that starts a page (not run on) in the
    other order: that one now follows the chapter's title, which starts the page for it."""
    spans = _item_spans(html)
    first, end = spans[0]
    later = next(span for span in spans[1:] if html.startswith('class="item-title"', html.index(
        "class=", span[0])))
    assert "</section>" not in html[first:later[0]]  # the same chapter
    return (html[:first] + html[later[0]:later[1]] + html[end:later[0]] + html[first:end]
            + html[later[1]:])


@pytest.mark.parametrize("edit, made", [(_retitled, 1), (_copied, 1), (_swapped, None)])
def test_edited_items_are_made_again_and_joined_right(handbook, cache, edit, made):
    html, dist = handbook
    html_to_docx(html, dist, name="handbook", pieces=True)
    before = _pieces(cache)
    edited = edit(html)
    assert edited != html
    joined = html_to_docx(edited, dist, name="handbook", pieces=True)
    if made is not None:
        assert len(_pieces(cache) - before) == made
    whole = html_to_docx(edited, dist, name="handbook")
    assert _parts(joined) == _parts(whole)
    assert joined == whole


def test_no_pieces_without_a_cache(handbook, cache, monkeypatch):
    html, dist = handbook
    monkeypatch.setenv("SOPKIT_NO_CACHE", "1")
    assert html_to_docx(html, dist, name="handbook", pieces=True) \
        == html_to_docx(html, dist, name="handbook")
    assert not _pieces(cache)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}

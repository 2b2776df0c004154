"""Parts of a book printed without font subsets of their own (generator/pdf/partfonts.py):
the joined book embeds the same fonts, pages and objects as when every part cut its
subsets (only its /ID, a digest of the parts' bytes, differs); a part embeds placeholders
and leaves the full programs for the join; a placeholder the join cannot replace is an
error, never a book without glyphs."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.pdf import page_css, partfonts, print_documents
from generator.pdf.join import join
from generator.pdf.weasy import print_part

TRAILER_ID = re.compile(rb"/ID\s*\[[^\]]*\]")


def _font_programs(reader: PdfReader) -> dict[str, bytes]:
    """Each embedded font's program by the font's PDF name."""
    found = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            type0 = ref.get_object()
            descriptor = type0["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            stream = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            found[str(type0["/BaseFont"])] = stream.get_object().get_data()
    return found


def _book(job, svgs, placeholders: bool) -> bytes:
    partfonts.switch(placeholders)  # before the pool forks: the workers inherit it
    try:
        return dict(print_documents([job], svgs, part_weight=1))["handbook"]
    finally:
        partfonts.switch(True)


def test_the_book_is_the_same_whether_parts_cut_their_subsets_or_not(small_book):
    job, svgs = small_book
    cut_in_parts, joined_only = _book(job, svgs, False), _book(job, svgs, True)
    assert TRAILER_ID.search(joined_only)
    assert TRAILER_ID.sub(b"", joined_only) == TRAILER_ID.sub(b"", cut_in_parts)
    programs = _font_programs(PdfReader(BytesIO(joined_only)))
    assert programs and all(not partfonts.is_placeholder(p) for p in programs.values())
    assert all(p[:4] == b"OTTO" and len(p) > 10_000 for p in programs.values())


def _part(job, svgs, font_dir: Path, joined_fonts: bool):
    css = (page_css(job.meta, footer=False),)
    return print_part(job.html, list(css), svgs, None, str(font_dir), True, joined_fonts)


def test_a_part_embeds_placeholders_and_leaves_the_programs(small_book, tmp_path):
    job, svgs = small_book
    (tmp_path / "own").mkdir()
    (tmp_path / "joined").mkdir()
    own = _part(job, svgs, tmp_path / "own", False)
    placeholder = _part(job, svgs, tmp_path / "joined", True)
    own_programs = _font_programs(PdfReader(BytesIO(own.pdf)))
    placeholders = _font_programs(PdfReader(BytesIO(placeholder.pdf)))
    assert set(placeholders) == set(own_programs) and len(placeholders) >= 2
    assert all(p == b"OTTO" for p in placeholders.values())
    assert all(len(p) > 10_000 for p in own_programs.values())
    assert len(placeholder.pdf) < len(own.pdf) - 100_000
    # the full programs the join cuts from, one per font, in both cases
    assert placeholder.fonts == own.fonts
    assert all((tmp_path / "joined" / name).stat().st_size > 1_000_000
               for name in placeholder.fonts)
    # the footer sheet's fonts go into the book as they are: cut in its own print
    assert _part(job, svgs, tmp_path / "joined", False).pdf == own.pdf


def test_a_placeholder_the_join_cannot_replace_is_an_error(small_book, tmp_path):
    job, svgs = small_book
    (tmp_path / "fonts").mkdir()
    part = _part(job, svgs, tmp_path / "fonts", True)
    for program in (tmp_path / "fonts").iterdir():
        program.unlink()  # the full programs gone: nothing to cut from
    with pytest.raises(RuntimeError, match="placeholder"):
        join([part, part], None, tmp_path / "fonts")

"""Font subsets cut in one HarfBuzz pass where WeasyPrint's two give the same bytes
(generator/pdf/onepass.py, hbsubset.py): the same PDFs as WeasyPrint's own code, whether
the second pass was needed or not, and the join's subsets the same as its two passes."""
from __future__ import annotations

import random

import pytest
from weasyprint import HTML

from generator.pdf import hbsubset, onepass
from generator.pdf.layoutfont import face_bytes, faces_css, family_list

FAMILY = "Noto Sans CJK SC"
# '、' maps (with U+FE01) to a variant glyph far above the other glyphs of this text: the
# first pass keeps it, so the second must run. The full-width colon's own glyph is higher
# than its variant's: one pass is all.
NEEDS_SECOND = "流程、步骤"
ONE_IS_ALL = "岗位职责：销售"


def _html(text: str) -> str:
    faces = faces_css(FAMILY, "https://sopkit.invalid/dist/")
    return (f"<style>{faces} p {{ font-family: {family_list(FAMILY)} }}</style>"
            f"<p>{text}</p><p style='font-weight: bold'>{text} 2026</p>")


def _fetch(url, headers=None):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from generator.pdf.layoutfont import font_file
    font = font_file(url.split("/dist/", 1)[1]) if "/dist/" in url else None
    if font is None:
        return URLFetcher().fetch(url, headers)
    return URLFetcherResponse(url, font, {"Content-Type": "font/otf"})


def _print(text: str, one_pass: bool) -> bytes:
    onepass.switch(one_pass)  # printed off, then on: left on as the build has it
    return HTML(string=_html(text), url_fetcher=_fetch).write_pdf()


@pytest.mark.parametrize(("text", "second_pass"), [(NEEDS_SECOND, True), (ONE_IS_ALL, False)])
def test_a_pdf_is_the_same_bytes_cut_in_one_pass(text, second_pass, monkeypatch):
    if face_bytes(FAMILY, "regular") is None:
        pytest.skip("no Noto Sans CJK SC installed")
    before = _print(text, one_pass=False)
    settled = []
    check = hbsubset._as_second_pass_leaves_it
    monkeypatch.setattr(hbsubset, "_as_second_pass_leaves_it",
                        lambda font, last: (settled.append(check(font, last)), settled[-1])[1])
    after = _print(text, one_pass=True)
    assert after == before
    assert len(settled) == 2  # both weights went through the one pass
    assert (False in settled) == second_pass


def _two_passes(font: bytes, glyphs: set[int]) -> bytes:
    """WeasyPrint's subset, pass for pass (weasyprint/pdf/fonts.py, 70.0)."""
    ffi, hb, hb_subset = hbsubset._libraries()
    data = ffi.from_buffer(font)
    blob = hb.hb_blob_create(data, len(font), hbsubset.MEMORY_MODE_READONLY, ffi.NULL, ffi.NULL)
    face = hb.hb_face_create(blob, 0)
    kept = hbsubset._subset_face(ffi, hb, hb_subset, face, sorted(glyphs), hbsubset.RETAIN_GIDS
                                 | hbsubset.PASSTHROUGH_UNRECOGNIZED | hbsubset.DESUBROUTINIZE,
                                 drop=True)
    final = hbsubset._subset_face(ffi, hb, hb_subset, kept, list(range(max(glyphs) + 1)),
                                  hbsubset._FINAL, drop=True)
    content = hbsubset._face_bytes(ffi, hb, final)
    hb.hb_face_destroy(face)
    hb.hb_blob_destroy(blob)
    return content


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_the_joins_subset_is_the_two_passes_result(weight):
    font = face_bytes(FAMILY, weight)
    if font is None:
        pytest.skip("no Noto Sans CJK SC installed")
    rng = random.Random(5)
    sets = [set(rng.sample(range(1, 18900), size)) | {0} for size in (1, 40, 400, 2000)]
    sets += [{0, 792, 800, 5000}, {0, 18740}, {0, 18746, 100}]  # variants above, at, below
    needed = []
    ffi, hb, hb_subset = hbsubset._libraries()
    face = _face(font)
    for glyphs in sets:
        first = hbsubset._subset_face(ffi, hb, hb_subset, face, sorted(glyphs),
                                      hbsubset.RETAIN_GIDS | hbsubset._FINAL, drop=True)
        first_bytes = hbsubset._face_bytes(ffi, hb, first)
        needed.append(not hbsubset._as_second_pass_leaves_it(first_bytes, max(glyphs)))
        assert hbsubset.subset(font, 0, glyphs) == _two_passes(font, glyphs), sorted(glyphs)[:9]
    assert True in needed and False in needed  # both ways were taken
    assert hbsubset.subset(font, 0, set()) is None


def _face(font: bytes):
    ffi, hb, _ = hbsubset._libraries()
    data = ffi.from_buffer(font)
    blob = ffi.gc(hb.hb_blob_create(data, len(font), hbsubset.MEMORY_MODE_READONLY,
                                    ffi.NULL, ffi.NULL), hb.hb_blob_destroy)
    _face.keep = (data, blob)  # type: ignore[attr-defined]  # alive while the face is used
    return ffi.gc(hb.hb_face_create(blob, 0), hb.hb_face_destroy)


def test_a_truetype_font_always_takes_the_second_pass():
    path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    try:
        with open(path, "rb") as file:
            font = file.read()
    except OSError:
        pytest.skip("no DejaVu Sans installed")
    glyphs = {0, 36, 37, 38, 68, 69}
    assert hbsubset.subset(font, 0, glyphs) == _two_passes(font, glyphs)
    assert not hbsubset._as_second_pass_leaves_it(font, 6252)

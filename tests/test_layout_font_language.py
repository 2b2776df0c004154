"""A layout copy per Chinese document language (generator/pdf/layoutfont.py): only that
language's OpenType language system kept, so ~8,500 glyphs of the other regions' forms go;
text in that language prints the same pixels and text as from the full copy, and the copy
of one language is not the copy of the other."""
from __future__ import annotations

import io
import subprocess
import time
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
from weasyprint import HTML

from generator.pdf import layoutfont
from generator.pdf.hbsubset import subset_to_characters

FAMILY = "Noto Sans CJK SC"
BASE = "https://sopkit.invalid/dist/"
# Straight and curly quotes, dashes, digits, ellipsis: what Noto Sans CJK's locl lookups for
# ZHS and the Latin default change; hanzi whose forms differ between regions.
TEXT = ("“门户”与‘说明’ \"quote\" 'x' — 0123456789… 骨 直 说 写 将 户 次 吴 角 "
        "负责人：张三（2026年） Job: KPI 3.5%")


@pytest.fixture(scope="module", autouse=True)
def installed():
    if layoutfont.face_bytes(FAMILY, "regular") is None:
        pytest.skip(f"{FAMILY} is not installed")


def _fetch(url, headers=None):
    from weasyprint.urls import URLFetcherResponse
    font = layoutfont.font_file(url[len(BASE):])
    assert font is not None, url
    return URLFetcherResponse(url, font, {"Content-Type": "font/otf"})


def _pages(tmp_path: Path, name: str, lang: str, copy: str | None) -> tuple[list, str]:
    """``TEXT`` in ``lang`` laid out with the copy of ``copy`` (None: the full copy): the
    pages at 100 dpi and pdftotext's text."""
    html = (f"<html lang='{lang}'><style>{layoutfont.faces_css(FAMILY, BASE, copy)}\n"
            f"body {{ font-family: {layoutfont.family_list(FAMILY)}; font-size: 13pt }}"
            f"</style><p>{TEXT}</p><p style='font-weight: bold'>{TEXT}</p>"
            f"<p style='writing-mode: horizontal-tb'>{TEXT * 3}</p></html>")
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(HTML(string=html, base_url=BASE, url_fetcher=_fetch).write_pdf())
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / name)],
                   check=True)
    images = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob(f"{name}-*.png"))]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return images, text


def _same(first: list, second: list) -> bool:
    return len(first) == len(second) and all(
        a.size == b.size and ImageChops.difference(a, b).getbbox() is None
        for a, b in zip(first, second, strict=True))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_text_in_the_copys_language_prints_as_from_the_full_copy(lang, tmp_path):
    full, full_text = _pages(tmp_path, "full", lang, None)
    own, own_text = _pages(tmp_path, "own", lang, lang)
    assert _same(full, own)
    assert own_text == full_text and "门户" in own_text


def test_the_other_languages_copy_would_print_other_forms(tmp_path):
    """What the key by language is for: zh-Hant text from the zh-Hans copy loses its
    traditional forms (and punctuation placement)."""
    full, _ = _pages(tmp_path, "full", "zh-Hant", None)
    other, _ = _pages(tmp_path, "other", "zh-Hant", "zh-Hans")
    assert not _same(full, other)


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_a_languages_copy_keeps_its_language_system_and_every_character(weight):
    full = TTFont(io.BytesIO(layoutfont.face_bytes(FAMILY, weight)))
    for lang, system in layoutfont.LANGUAGE_SYSTEMS.items():
        own = TTFont(io.BytesIO(layoutfont.face_bytes(FAMILY, weight, lang)))
        assert own.getBestCmap().keys() == full.getBestCmap().keys()
        assert own["maxp"].numGlyphs < 0.75 * full["maxp"].numGlyphs  # ZHS 10,452, ZHT 13,758
        systems = {record.LangSysTag.strip() for script in own["GSUB"].table.ScriptList
                   .ScriptRecord for record in script.Script.LangSysRecord}
        assert systems == {system}


def test_a_languages_copy_is_cut_the_same_every_time_from_either_source():
    path, index = layoutfont._installed(FAMILY, "regular")
    installed = Path(path).read_bytes()
    first = layoutfont._one_language(installed, index, "ZHS")
    time.sleep(1.1)  # a font tool stamping the time would write another 'head'
    assert first is not None and layoutfont._one_language(installed, index, "ZHS") == first
    assert first == layoutfont.face_bytes(FAMILY, "regular", "zh-Hans")
    # Cut from the full copy, and the records dropped by fontTools instead of in the
    # table's bytes (as until session 35): HarfBuzz writes the same font either way.
    full = layoutfont.face_bytes(FAMILY, "regular")
    assert layoutfont._one_language(full, 0, "ZHS") == first
    assert _dropped_by_fonttools(full, "ZHS") == first


def _dropped_by_fonttools(font: bytes, system: str) -> bytes | None:
    parsed = TTFont(io.BytesIO(font), lazy=True, recalcTimestamp=False)
    for record in parsed["GSUB"].table.ScriptList.ScriptRecord:
        kept = [own for own in record.Script.LangSysRecord if own.LangSysTag.strip() == system]
        record.Script.LangSysRecord, record.Script.LangSysCount = kept, len(kept)
    pruned = io.BytesIO()
    parsed.save(pruned)
    return subset_to_characters(pruned.getvalue(), 0, layoutfont.characters())


def test_each_language_has_its_own_url_and_english_keeps_the_full_copy():
    rules = {lang: layoutfont.faces_css(FAMILY, BASE, lang) for lang in ("zh-Hans", "zh-Hant")}
    assert rules["zh-Hans"] != rules["zh-Hant"] and "/zh-Hans/" in rules["zh-Hans"]
    assert layoutfont.faces_css(FAMILY, BASE, "en") == layoutfont.faces_css(FAMILY, BASE)
    assert "/en/" not in layoutfont.faces_css(FAMILY, BASE, "en")
    for lang, css in rules.items():
        path = css.split(BASE, 1)[1].split('"', 1)[0]
        assert layoutfont.font_file(path) == layoutfont.face_bytes(FAMILY, "regular", lang)
    assert layoutfont.face_bytes(FAMILY, "regular", "en") == layoutfont.face_bytes(FAMILY,
                                                                                  "regular")

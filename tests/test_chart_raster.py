"""Word's PNG twins drawn in process (generator/diagrams/raster.py) are the pixels
`rsvg-convert` draws, whichever thread draws them, and say their print size."""
from __future__ import annotations

import io
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx.image.image import Image as DocxImage
from PIL import Image

from chart_support import ROOT
from generator.diagrams import raster, render
from generator.diagrams.catalog import diagrams
from generator.pipeline import check

pytestmark = pytest.mark.skipif(shutil.which("rsvg-convert") is None or not raster.available(),
                                reason="librsvg not installed")


@pytest.fixture(scope="module")
def svgs() -> list[bytes]:
    result = check(ROOT / "sops")
    assert result.ok
    charts = diagrams(result.linked)
    render.prepare([chart.dot for chart in charts])
    return [chart.svg() for chart in charts]


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    image = Image.open(io.BytesIO(png))
    return image.size, image.convert("RGB").tobytes()


def test_every_sample_chart_has_rsvg_converts_pixels_drawn_on_two_threads(svgs):
    assert len(svgs) >= 20
    with ThreadPoolExecutor(max_workers=2) as pool:  # as the diagrams renderer draws them
        ours = list(pool.map(lambda svg: raster.to_png(svg, render.PRINT_DPI), svgs))
    theirs = [render._rsvg_convert(svg) for svg in svgs]
    for svg, mine, reference in zip(svgs, ours, theirs, strict=True):
        assert mine is not None
        assert pixels(mine) == pixels(reference), svg[:300]
    # not blank: the charts' text and boxes are drawn (a white PNG would pass the above
    # only if rsvg-convert drew nothing too)
    colours = Image.open(io.BytesIO(ours[0])).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 10


def test_png_records_its_print_resolution_for_word(svgs):
    png = raster.to_png(svgs[0], render.PRINT_DPI)
    assert png is not None
    image = DocxImage.from_blob(png)
    assert (image.horz_dpi, image.vert_dpi) == (render.PRINT_DPI, render.PRINT_DPI)
    assert Image.open(io.BytesIO(png)).mode == "RGB"


def test_png_is_not_larger_than_a_fifth_above_rsvg_converts(svgs):
    ours = sum(len(raster.to_png(svg, render.PRINT_DPI) or b"") for svg in svgs)
    theirs = sum(len(render._rsvg_convert(svg)) for svg in svgs)
    assert ours < 1.2 * theirs


def test_an_svg_without_a_size_of_its_own_is_left_to_rsvg_convert(tmp_path, monkeypatch):
    logo = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
            b'<rect width="40" height="20" fill="#c00"/></svg>')
    assert raster.to_png(logo, render.PRINT_DPI) is None
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "store"))
    assert pixels(render.svg_to_png(logo)) == pixels(render._rsvg_convert(logo))


def test_without_librsvg_in_process_rsvg_convert_draws(svgs, tmp_path, monkeypatch):
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "store"))
    monkeypatch.setattr(raster, "_libraries", lambda: None)
    assert not raster.available()
    assert render.svg_to_png(svgs[1]) == render._rsvg_convert(svgs[1])


def test_an_svg_librsvg_cannot_read_is_an_error_naming_why():
    with pytest.raises(raster.RasterError, match=r"\S"):
        raster.to_png(b"<svg this is not XML", render.PRINT_DPI)

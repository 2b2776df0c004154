"""DOT source → SVG and PNG: one Graphviz layout per chart, shared by every output.

`dot` lays a chart out once, as SVG; the Word renderer's PNG is that SVG rasterised by
librsvg (the same Pango and fonts Graphviz uses), not a second layout, so every output
shows the same drawing. librsvg is called in process (raster.py: the same pixels as
`rsvg-convert`, a PNG written several times faster), `rsvg-convert` where it cannot be.
Both are kept in the content store (generator/store.py) under the DOT source and the
tools' versions, so the PDF workers and the portal reuse what the diagrams renderer made,
and an unchanged chart is not laid out again on the next build.

Starting Graphviz costs more than drawing a chart: each process loads fontconfig and the
CJK fonts (about 30 ms of CPU, against 3 ms to draw a swimlane). :func:`prepare` draws
many charts with one process per core, each reading a stream of graphs, and keeps the
SVGs for :func:`to_svg`; they are the same bytes one process per chart writes
(tests/test_chart_speed.py).
"""
from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import graphviz

from .. import store
from ..errors import SetupError
from . import orgedges, raster

PRINT_DPI = 200  # PNG for Word: sharp when printed at the size Word places it
RSVG = "rsvg-convert"


class GraphvizMissing(SetupError):
    """`dot` is not installed: a set-up problem the user can fix."""


class RsvgMissing(SetupError):
    """`rsvg-convert` is not installed: a set-up problem the user can fix."""


@lru_cache(maxsize=1)
def _graphviz_version() -> str:
    try:
        return ".".join(map(str, graphviz.version()))
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("Graphviz `dot` is not installed: "
                              "run `apt-get install graphviz`") from None


@lru_cache(maxsize=1)
def _rsvg_version() -> str:
    try:
        return subprocess.run([RSVG, "--version"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise RsvgMissing("`rsvg-convert` is not installed: "
                          "run `apt-get install librsvg2-bin`") from None


PINNED = "layout=neato"  # a chart placed by hand (swimlanes): drawn where it was put


def _pinned(source: str) -> bool:
    return PINNED in source.split("\n", 2)[1]


def _layout(source: str) -> bytes:
    """`dot` lays out org charts; a pinned chart is drawn as given by `neato -n2`."""
    try:
        if _pinned(source):
            return graphviz.pipe("neato", "svg", source.encode("utf-8"), quiet=True,
                                 neato_no_op=2)
        return orgedges.redraw(source, graphviz.pipe("dot", "svg", source.encode("utf-8"),
                                                     quiet=True))
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("Graphviz `dot` is not installed: "
                              "run `apt-get install graphviz`") from None


XML_START = b"<?xml "
# Every graph after the first of a stream gets this id for its drawing (Graphviz numbers
# "pages" across the stream); a chart drawn alone has "graph0".
LATER_GRAPH = re.compile(rb'<g id="page\d+,\d+_graph0" class="graph"')
_drawn: dict[str, bytes] = {}  # SVGs :func:`prepare` made this run, by DOT source


def _layout_many(sources: list[str]) -> list[bytes]:
    """The SVG of each source, from one Graphviz process reading them all (all pinned, or
    none); one process per chart again if the stream fails, so an error names its chart."""
    stream = "\n".join(sources).encode("utf-8")
    try:
        if _pinned(sources[0]):
            out = graphviz.pipe("neato", "svg", stream, quiet=True, neato_no_op=2)
        else:
            out = graphviz.pipe("dot", "svg", stream, quiet=True)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("Graphviz `dot` is not installed: "
                              "run `apt-get install graphviz`") from None
    except graphviz.CalledProcessError:
        return [_layout(source) for source in sources]
    pieces = [XML_START + piece for piece in out.split(XML_START)[1:]]
    if len(pieces) != len(sources):  # not one drawing per graph: do not guess which is which
        return [_layout(source) for source in sources]
    return [orgedges.redraw(source, LATER_GRAPH.sub(b'<g id="graph0" class="graph"', piece,
                                                    count=1))
            for source, piece in zip(sources, pieces, strict=True)]


def _svg_key(source: str) -> str:
    """The chart's entry in the content store."""
    return store.key_of("graphviz", _graphviz_version(), source) + ".svg"


def prepare(sources: Iterable[str], workers: int | None = None) -> None:
    """Draw every chart not in the content store yet, a Graphviz process per core for all
    of them, so the :func:`to_svg` calls that follow find them made."""
    todo = sorted({s for s in sources if s not in _drawn
                   and store.load("svg", _svg_key(s)) is None})
    if not todo:
        return
    count = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    batches = [batch for kind in (True, False)
               for batch in _deal([s for s in todo if _pinned(s) == kind], count)]
    with ThreadPoolExecutor(max_workers=count) as pool:  # each thread waits on a process
        for batch, svgs in zip(batches, pool.map(_layout_many, batches), strict=True):
            for source, svg in zip(batch, svgs, strict=True):
                _drawn[source] = svg
                store.save("svg", _svg_key(source), svg)


def _deal(sources: list[str], count: int) -> list[list[str]]:
    """`count` batches of about equal size (none empty)."""
    return [batch for batch in (sources[k::count] for k in range(count)) if batch]


def _rasterise(svg: bytes) -> bytes:
    _rsvg_version()  # says how to install it before a bare FileNotFoundError could
    return raster.to_png(svg, PRINT_DPI) or _rsvg_convert(svg)


def _rsvg_convert(svg: bytes) -> bytes:
    return subprocess.run([RSVG, "--format", "png", "--dpi-x", str(PRINT_DPI),
                           "--dpi-y", str(PRINT_DPI), "--background-color", "white"],
                          input=svg, capture_output=True, check=True).stdout


def _png_key(svg: bytes) -> str:
    """The PNG's entry in the content store: the drawing tool and how the file is written."""
    writer = raster.ENCODING if raster.available() else RSVG
    return store.key_of("rsvg", _rsvg_version(), str(PRINT_DPI), writer, svg) + ".png"


def svg_to_png(svg: bytes) -> bytes:
    """Any SVG (a logo) at print resolution, for Word, which cannot be relied on for SVG."""
    return store.load_or_make("png", _png_key(svg), lambda: _rasterise(svg))


@lru_cache(maxsize=256)
def to_svg(source: str) -> bytes:
    if source in _drawn:
        return _drawn[source]
    return store.load_or_make("svg", _svg_key(source), lambda: _layout(source))


@lru_cache(maxsize=64)
def to_png(source: str) -> bytes:
    return svg_to_png(to_svg(source))

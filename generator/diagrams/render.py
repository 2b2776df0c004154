"""DOT source → SVG and PNG: one Graphviz layout per chart, shared by every output.

`dot` lays a chart out once, as SVG; the Word renderer's PNG is that SVG rasterised by
librsvg (the same Pango and fonts Graphviz uses), not a second layout, so every output
shows the same drawing. Both are kept in the content store (generator/store.py) under the
DOT source and the tools' versions, so the PDF workers and the portal reuse what the
diagrams renderer made, and an unchanged chart is not laid out again on the next build.
"""
from __future__ import annotations

import subprocess
from functools import lru_cache

import graphviz

from .. import store
from ..errors import SetupError

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


def _layout(source: str) -> bytes:
    """`dot` lays out org charts; a pinned chart is drawn as given by `neato -n2`."""
    pinned = PINNED in source.split("\n", 2)[1]
    try:
        if pinned:
            return graphviz.pipe("neato", "svg", source.encode("utf-8"), quiet=True,
                                 neato_no_op=2)
        return graphviz.pipe("dot", "svg", source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("Graphviz `dot` is not installed: "
                              "run `apt-get install graphviz`") from None


def _rasterise(svg: bytes) -> bytes:
    _rsvg_version()  # says how to install it before a bare FileNotFoundError could
    return subprocess.run([RSVG, "--format", "png", "--dpi-x", str(PRINT_DPI),
                           "--dpi-y", str(PRINT_DPI), "--background-color", "white"],
                          input=svg, capture_output=True, check=True).stdout


def svg_to_png(svg: bytes) -> bytes:
    """Any SVG (a logo) at print resolution, for Word, which cannot be relied on for SVG."""
    key = store.key_of("rsvg", _rsvg_version(), str(PRINT_DPI), svg)
    return store.load_or_make("png", f"{key}.png", lambda: _rasterise(svg))


@lru_cache(maxsize=256)
def to_svg(source: str) -> bytes:
    key = store.key_of("graphviz", _graphviz_version(), source)
    return store.load_or_make("svg", f"{key}.svg", lambda: _layout(source))


@lru_cache(maxsize=64)
def to_png(source: str) -> bytes:
    svg = to_svg(source)
    key = store.key_of("rsvg", _rsvg_version(), str(PRINT_DPI), svg)
    return store.load_or_make("png", f"{key}.png", lambda: _rasterise(svg))

"""DOT source → SVG and PNG with Graphviz's `dot`; same DOT in, same bytes out."""
from __future__ import annotations

import graphviz

from ..errors import SetupError

PRINT_DPI = 200  # PNG for Word: sharp when printed at the size Word places it


class GraphvizMissing(SetupError):
    """`dot` is not installed: a set-up problem the user can fix."""


def _pipe(source: str, fmt: str, renderer: str | None = None) -> bytes:
    try:
        return graphviz.pipe("dot", fmt, source.encode("utf-8"), renderer=renderer, quiet=True)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("Graphviz `dot` is not installed: run `apt-get install graphviz`") from None


def to_svg(source: str) -> bytes:
    return _pipe(source, "svg")


def to_png(source: str) -> bytes:
    # Resolution only matters for the bitmap, so it is added here, not in the shared DOT.
    return _pipe(source.replace("{", f"{{\n\tgraph [dpi={PRINT_DPI}]", 1), "png", renderer="cairo")

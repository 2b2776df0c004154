"""Graphviz SVGs for the portal, kept by their DOT source.

Running `dot` is most of the plugin's own build time, and most charts are unchanged from one
build (or `mkdocs serve` rebuild) to the next. The same DOT and the same Graphviz always give
the same SVG, so an SVG is stored under a hash of both, in memory and in the user's cache
folder; a changed chart simply gets a new key.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import graphviz

from ..diagrams.render import to_svg
from ..outputs import write_atomic


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sopkit" / "svg"


@lru_cache(maxsize=1)
def _graphviz_version() -> str:
    try:
        return ".".join(map(str, graphviz.version()))
    except graphviz.ExecutableNotFound:
        return "missing"  # to_svg will say how to install it


@lru_cache(maxsize=512)
def svg(dot: str) -> bytes:
    key = hashlib.sha256(f"{_graphviz_version()}\n{dot}".encode("utf-8")).hexdigest()
    path = cache_folder() / f"{key}.svg"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = to_svg(dot)
    try:
        write_atomic(path, data)
    except OSError:
        pass  # no writable cache folder: the next build runs `dot` again, nothing worse
    return data

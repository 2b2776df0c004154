"""Graphviz SVGs for the portal: the same content-stored layouts every output uses.

Running `dot` is most of the plugin's own build time; `mkdocs serve` rebuilds often and most
charts are unchanged, so the SVGs come from the content store (generator/diagrams/render.py),
where `sopkit build`'s diagrams renderer has usually left them already.
"""
from __future__ import annotations

from ..diagrams.render import to_svg


def svg(dot: str) -> bytes:
    return to_svg(dot)

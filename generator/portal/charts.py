"""Graphviz SVGs for the portal: the same content-stored layouts every output uses, shown
inline so their boxes are links.

Running `dot` is most of the plugin's own build time; `mkdocs serve` rebuilds often and most
charts are unchanged, so the SVGs come from the content store (generator/diagrams/render.py),
where `sopkit build`'s diagrams renderer has usually left them already.

A chart's boxes carry `sop:step/ID`, `sop:role/ID` or `sop:form/ID` links (the diagrams
know items, not pages); here they become the page's own anchors and site links.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from ..diagrams.render import to_svg

# The placeholder the page templates write; its content (a plain picture link, for a page
# read without this step) is replaced by the chart itself.
PLACEHOLDER = re.compile(r'<div class="sop-diagram sop-chart" data-chart="([^"]+)"[^>]*>'
                         r'.*?</div>', re.DOTALL)
LINK = re.compile(r'xlink:href="sop:(step|role|form)/([a-z0-9-]+)"')
PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)  # XML declaration, DOCTYPE, comments


def svg(dot: str) -> bytes:
    return to_svg(dot)


def inline(svg_bytes: bytes, link: Callable[[str, str], str | None], prefix: str) -> str:
    """The SVG as HTML: no prologue, links resolved by `link(kind, id)` (a link that leads
    nowhere is dropped), ids made unique on the page with `prefix`."""
    text = PROLOGUE.sub("", svg_bytes.decode("utf-8"), count=1)

    def resolve(match: re.Match) -> str:
        target = link(match.group(1), match.group(2))
        return f'xlink:href="{target}"' if target else ""
    text = LINK.sub(resolve, text)
    text = re.sub(r'(<[^>]*\s)id="', rf'\1id="{prefix}', text)
    return text.replace("<svg ", '<svg role="img" ', 1)


ZOOMS = ("in", "out", "reset")  # charts.js: what each button does


def toolbar(label: Callable[[str], str]) -> str:
    """The zoom buttons, in a bar above a chart, so they never cover what it says (drawn
    inside, svg-pan-zoom's own buttons sat over chart text on a phone). Hidden until
    charts.js starts zoom and pan; `label(key)` is the locale's label."""
    buttons = "".join(f'<button type="button" class="md-button" data-zoom="{zoom}">'
                      f'{escape(label(f"chart_zoom_{zoom}"))}</button>' for zoom in ZOOMS)
    return f'<div class="sop-chart-tools" hidden data-search-exclude>{buttons}</div>'


def inline_charts(html: str, svgs: dict[str, bytes],
                  link: Callable[[str, str], str | None], tools: str = "") -> str:
    """Every chart placeholder of a page's HTML replaced by its chart, `tools` (the
    :func:`toolbar`) before it."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        uri = match.group(1)
        if uri not in svgs:
            return match.group(0)
        count += 1
        return (f'{tools}<div class="sop-diagram sop-chart" data-chart="{uri}" '
                f'data-search-exclude>'
                f"{inline(svgs[uri], link, f'chart{count}-')}</div>")
    return PLACEHOLDER.sub(replace, html)

"""Document HTML → PDF with WeasyPrint: print.css plus per-document page furniture.

Diagrams are served from memory (the same Graphviz SVG the diagrams renderer writes), so a
PDF never depends on what happens to be in `dist/` already.
"""
from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .paths import TEMPLATES_DIR

DOCUMENTS_DIR = TEMPLATES_DIR / "documents"
BASE_URL = "https://sopkit.invalid/dist/"  # never fetched: the fetcher serves it from memory


def css_string(value: str) -> str:
    """A CSS string literal: quotes and backslashes escaped, newlines as \\A."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


@cache
def _page_template():
    env = Environment(loader=FileSystemLoader(DOCUMENTS_DIR), undefined=StrictUndefined,
                      autoescape=False)
    env.filters["cssstr"] = css_string
    return env.get_template("page.css.j2")


def page_css(meta: dict) -> str:
    before, middle, after = _split_footer(meta["footer"])
    return _page_template().render(
        font=meta["font"], organization=meta["organization"], title=meta["title"],
        number=meta["number"], version=meta["version"], watermark=meta.get("watermark"),
        footer_before=before, footer_middle=middle, footer_after=after)


def _split_footer(pattern: str) -> tuple[str, str, str]:
    """"第 {page} 页 共 {pages} 页" → the text around the two counters."""
    match = re.fullmatch(r"(.*)\{page\}(.*)\{pages\}(.*)", pattern, re.S)
    if not match:
        raise ValueError(f"footer pattern needs {{page}} and {{pages}}: {pattern!r}")
    return match.group(1), match.group(2), match.group(3)


def _fetcher(svgs: dict[str, bytes]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DiagramFetcher(URLFetcher):
        """Serves diagrams from memory and refuses the network: a PDF build never waits on
        (or leaks to) another host."""

        def fetch(self, url, headers=None):
            if not url.startswith(BASE_URL):
                raise ValueError(f"refusing to fetch {url}: documents only embed diagrams")
            path = url[len(BASE_URL):]
            if path not in svgs:
                raise KeyError(f"no diagram {path}")
            return URLFetcherResponse(url, svgs[path], {"Content-Type": "image/svg+xml"})

    return DiagramFetcher()


def render_pdf(html: str, meta: dict, svgs: dict[str, bytes], variant: str | None = None,
               extra_css: tuple = ()) -> bytes:
    """Print document HTML in the house style; ``extra_css`` (paths) adds a feature's own
    stylesheet after print.css and the page furniture."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher(svgs))
    stylesheets = [CSS(filename=str(DOCUMENTS_DIR / "print.css")), CSS(string=page_css(meta)),
                   *(CSS(filename=str(path)) for path in extra_css)]
    options = {"pdf_variant": variant} if variant else {}
    return document.write_pdf(stylesheets=stylesheets, **options)


def diagram_svgs(linked) -> dict[str, bytes]:
    """Every diagram's SVG keyed by the path document HTML uses in <img src>."""
    from .diagrams.catalog import diagrams
    return {f"diagrams/{d.path}.svg": d.svg() for d in diagrams(linked)}

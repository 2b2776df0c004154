"""Document HTML → PDF with WeasyPrint: print.css plus per-document page furniture.

Diagrams are served from memory (the same Graphviz SVG the diagrams renderer writes), so a
PDF never depends on what happens to be in `dist/` already.
"""
from __future__ import annotations

import atexit
import logging
import re
import shutil
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..cellends import join_cell_ends
from ..errors import OutputError
from ..logo import MEDIA_TYPE, image_format, logo_bytes, logo_dist_path
from ..paths import TEMPLATES_DIR
from . import (
    backfast,
    cascadeshare,
    drawfast,
    htmlscan,
    layoutfont,
    linememo,
    onepass,
    pageshare,
    pangocache,
    partfonts,
    percentfast,
    streamlevel,
    stylefast,
    subsetarrays,
    svgfast,
    uasheet,
    widthmemo,
)

DOCUMENTS_DIR = TEMPLATES_DIR / "documents"
BASE_URL = "https://sopkit.invalid/dist/"  # never fetched: the fetcher serves it from memory
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 per inch); PDF user space is 72


def css_string(value: str) -> str:
    """A CSS string literal: quotes and backslashes escaped, newlines as \\A."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


@cache
def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(DOCUMENTS_DIR), undefined=StrictUndefined,
                      autoescape=False)
    env.filters["cssstr"] = css_string
    return env


def page_css(meta: dict, footer: bool = True, continued: bool = False,
             footer_sheet: str | None = None) -> str:
    """The page furniture of one document. ``footer=False`` leaves the page numbers out (a
    part of a split book gets them stamped later); ``continued`` marks a part that does
    not start the document, so its first page keeps the running header."""
    before, middle, after = split_footer(meta["footer"])
    furniture = _templates().get_template("page.css.j2").render(
        fonts=layoutfont.family_list(meta["font"]),
        organization=meta["organization"], title=meta["title"],
        number=meta["number"], version=meta["version"], watermark=meta.get("watermark"),
        footer=footer, continued=continued, footer_sheet=footer_sheet,
        logo=BASE_URL + meta["logo"] if meta.get("logo") else None,
        logo_size=_header_logo_size(meta),
        footer_before=before, footer_middle=middle, footer_after=after)
    faces = layoutfont.faces_css(meta["font"], BASE_URL, meta.get("lang"))
    return faces + FACES_END + furniture + _theme_css(meta)


# page_css starts with the @font-face rules of the layout font (layoutfont.py), up to this
# line: the same text for every document, so each process parses them (and loads the font)
# once, into the one FontConfiguration all its layouts share.
FACES_END = "/* end of font faces */\n"


HEADER_LOGO_MM = (7.0, 36.0)  # height, widest: a wide word mark gets less height


def _header_logo_size(meta: dict) -> tuple[float, float]:
    """Width and height in mm of the logo in the running header."""
    height, widest = HEADER_LOGO_MM
    aspect = float(meta.get("logo-aspect") or 1)
    width = min(height * aspect, widest)
    return round(width, 2), round(width / aspect, 2)


def _theme_css(meta: dict) -> str:
    """The knowledge base's print.css additions (sops/theme/), last so that they win."""
    path = meta.get("theme-css")
    if not path:
        return ""
    try:
        return "\n/* sops/theme/print.css */\n" + Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OutputError(f"{path}: cannot read the theme's print.css ({exc}); fix or "
                          "delete it") from None


def split_footer(pattern: str) -> tuple[str, str, str]:
    """"第 {page} 页 共 {pages} 页" → the text around the two counters."""
    match = re.fullmatch(r"(.*)\{page\}(.*)\{pages\}(.*)", pattern, re.S)
    if not match:
        raise ValueError(f"footer pattern needs {{page}} and {{pages}}: {pattern!r}")
    return match.group(1), match.group(2), match.group(3)


def _fetcher(svgs: dict[str, bytes], data_urls: bool = False):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DiagramFetcher(URLFetcher):
        """Serves diagrams from memory and refuses the network: a PDF build never waits on
        (or leaks to) another host. Shared font rules may hold a data: URL (the forms'
        placeholder font): read in place there, refused in documents as before."""

        def fetch(self, url, headers=None):
            if data_urls and url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(BASE_URL):
                raise ValueError(f"refusing to fetch {url}: documents only embed diagrams")
            path = url[len(BASE_URL):]
            font = layoutfont.font_file(path)
            if font is not None:
                return URLFetcherResponse(url, font, {"Content-Type": "font/otf"})
            if path not in svgs:
                raise KeyError(f"no diagram {path}")
            kind = image_format(svgs[path]) or "svg"
            data = layoutfont.svg_for_layout(svgs[path]) if kind == "svg" else svgs[path]
            return URLFetcherResponse(url, data, {"Content-Type": MEDIA_TYPE[kind]})

    return DiagramFetcher()


@cache
def _html_class():
    from weasyprint import HTML

    class CutSheetHTML(HTML):
        """A document matched against only the user-agent rules that can match it."""

        def _ua_stylesheets(self, forms=False):
            return uasheet.for_document(self.etree_element, super()._ua_stylesheets(forms))

    return CutSheetHTML


def install_patches() -> None:
    """sopkit's WeasyPrint patches (weasypatch.py), each printing the bytes WeasyPrint's own
    code prints (tests/test_pdf_patches.py, test_forms_patches.py) but streamlevel, which
    compresses the same streams at other levels; installing is idempotent.
    Every printing path calls this: documents, handbook parts and the fillable forms."""
    subsetarrays.install()  # the PDF written from this layout cuts its fonts faster
    htmlscan.install()  # the HTML parser finds the patterns it keeps
    pangocache.install()  # text layouts share their Pango context and font description
    percentfast.install()  # used lengths of boxes resolved without two calls per property
    cascadeshare.install()  # an element sharing a computed style skips merging its rules
    stylefast.install()  # plain computed values made without WeasyPrint's general path
    backfast.install()  # a box without a background gets none without the general path
    widthmemo.install()  # text's min-/max-content widths measured once per font set
    linememo.install()  # a line of text split once per font set (widthmemo's forgetting)
    pageshare.install()  # pages cascaded alike share their and their margin boxes' styles
    svgfast.install()  # a chart's letters and lengths laid out once per process
    partfonts.install()  # a part whose fonts the join cuts embeds no subsets of its own
    onepass.install()  # each font subset cut in one HarfBuzz pass where two give the same
    drawfast.install()  # numbers and colours written to page content without re-parsing
    streamlevel.install()  # font programs Flate level 1, other streams 6 (pydyf: all 9)


def _layout(html: str, svgs: dict[str, bytes], stylesheets: list):
    HTML = _html_class()  # noqa: N806 (WeasyPrint's HTML, its user-agent sheet cut)
    install_patches()
    # no cell's text may end in a line of one Chinese character (cellends.py)
    document = HTML(string=join_cell_ends(html), base_url=BASE_URL, url_fetcher=_fetcher(svgs))
    sheets, fonts = [_parsed_file(DOCUMENTS_DIR / "print.css")], None
    for sheet in stylesheets:
        if isinstance(sheet, str) and FACES_END in sheet:
            faces, sheet = sheet.split(FACES_END, 1)
            faces_sheet, fonts = _faces(faces)
            sheets.insert(0, faces_sheet)
        sheets.append(_parsed(sheet) if isinstance(sheet, str) else _parsed_file(Path(sheet)))
    return document.render(stylesheets=sheets, font_config=fonts)


def shared_fonts(rules: str):
    """``rules`` (@font-face only: the layout font's, a form's placeholder font) parsed
    into the one FontConfiguration of this process they name: a (sheet, fonts) pair
    for ``render(stylesheets=[sheet, …], font_config=fonts)``."""
    return _faces(rules)


@lru_cache(maxsize=4)
def _faces(rules: str):
    """The @font-face rules parsed into this process's FontConfiguration, which every
    layout then shares (its fonts loaded once; WeasyPrint also caches line metrics in it).
    WeasyPrint writes @font-face fonts to a temporary folder that it removes only when
    the configuration is collected: this one lives as long as the process, so the folder
    is removed when the process ends (workers included: multiprocessing runs these)."""
    from multiprocessing.util import Finalize

    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    fonts = FontConfiguration()
    sheet = CSS(string=rules, base_url=BASE_URL, url_fetcher=_fetcher({}, data_urls=True),
                font_config=fonts)
    folder = getattr(fonts, "_folder", None)
    if folder is not None:
        Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=0)
    return sheet, fonts



# dropped while the interpreter still runs: collected at its teardown, WeasyPrint's
# FontConfiguration.__del__ finds its modules gone and prints a TypeError
atexit.register(_faces.cache_clear)

def _parsed_file(path: Path):
    """A stylesheet file, parsed once per process while its text stays the same (a test
    may edit a template between builds in one process)."""
    return _parsed(path.read_text(encoding="utf-8"), path.resolve().as_uri())


# Parsing print.css and compiling its selectors costs ~40 ms, paid for every document and
# every part of the handbook; a parsed sheet is only read by a layout, so one serves them
# all. The parts of one book share their page furniture too. By text (and the URL relative
# references resolve against), so an edited sheet is parsed again.
@lru_cache(maxsize=64)
def _parsed(text: str, base_url: str | None = None):
    from weasyprint import CSS
    return CSS(string=text, base_url=base_url)


def warm() -> None:
    """Import WeasyPrint and parse print.css (and the user-agent sheet cut for sopkit's
    documents) in this process before it forks workers:
    each inherits them instead of paying ~0.9 s of CPU for the import."""
    _parsed_file(DOCUMENTS_DIR / "print.css")
    uasheet.house_sheet()
    install_patches()


def _options(variant: str | None) -> dict:
    return {"pdf_variant": variant} if variant else {}


def render_pdf(html: str, meta: dict, svgs: dict[str, bytes], variant: str | None = None,
               extra_css: tuple = ()) -> bytes:
    """Print one document in the house style, in this process; ``extra_css`` (paths) adds a
    feature's own stylesheet after print.css and the page furniture."""
    return _layout(html, svgs, [page_css(meta), *extra_css]).write_pdf(**_options(variant))


@dataclass(frozen=True)
class PrintedPart:
    """One part of a split document, printed, with what joining the parts needs to know.
    Positions are CSS pixels from the top-left of a page; page indexes count from 0 within
    the part."""
    pdf: bytes
    page_heights: tuple[float, ...]
    bottom_margins: tuple[float, ...]
    anchors: dict[str, tuple[int, float, float]]
    outside_links: tuple[tuple[int, str, tuple[float, float, float, float]], ...]
    bookmarks: tuple[tuple[int, str, int, float, float, str], ...]
    fonts: tuple[str, ...] = ()  # the full font programs it left in the font folder


class _DropMissingAnchors(logging.Filter):
    """A part links to anchors in other parts; the join resolves (and reports) those."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("No anchor #"))


def print_part(html: str, stylesheets: list, svgs: dict[str, bytes],
               variant: str | None, font_dir: str | None = None,
               write: bool = True, joined_fonts: bool = False) -> PrintedPart:
    """Print one part; leave each font's full program in ``font_dir`` (once per font), so
    that the join can embed one subset for all parts (fontmerge.py); ``joined_fonts``: the
    join makes every font of this part (partfonts.py), which embeds placeholders.
    ``write=False`` only lays it out (no PDF): enough to learn its pages."""
    weasy_log, drop = logging.getLogger("weasyprint"), _DropMissingAnchors()
    weasy_log.addFilter(drop)
    try:
        document = _layout(html, svgs, stylesheets)
        with partfonts.placeholders(font_dir if joined_fonts else None):
            pdf = document.write_pdf(**_options(variant)) if write else b""
    finally:
        weasy_log.removeFilter(drop)
    fonts = _keep_font_programs(document, font_dir) if font_dir else ()
    anchors: dict[str, tuple[int, float, float]] = {}
    for index, page in enumerate(document.pages):
        for name, (x, y, *_rest) in page.anchors.items():
            anchors.setdefault(name, (index, x, y))
    outside = tuple((index, target, tuple(rect)) for index, page in enumerate(document.pages)
                    for kind, target, rect, _box in page.links
                    if kind == "internal" and target not in anchors)
    bookmarks = tuple((level, label, index, x, y, state)
                      for index, page in enumerate(document.pages)
                      for level, label, (x, y), state in page.bookmarks)
    # The used bottom margin (from print.css) is where the stamped footer goes.
    margins = tuple(page._page_box.margin_bottom for page in document.pages)
    return PrintedPart(pdf, tuple(page.height for page in document.pages), margins, anchors,
                       outside, bookmarks, fonts)


def _keep_font_programs(document, font_dir: str) -> tuple[str, ...]:
    """The names of the font programs the document uses, each written once."""
    names = []
    for font in document.fonts.values():
        names.append(partfonts.program_name(font))
        partfonts.keep_program(font, font_dir)
    return tuple(sorted(set(names)))


def diagram_svgs(linked) -> dict[str, bytes]:
    """Every diagram's SVG keyed by the path document HTML uses in <img src>, and the
    logo (any of its formats) under its path in the build."""
    from ..diagrams.catalog import diagrams
    from ..diagrams.render import prepare
    charts = diagrams(linked)
    prepare(d.dot for d in charts)  # those the diagrams renderer has not drawn, all at once
    images = {f"diagrams/{d.path}.svg": d.svg() for d in charts}
    logo = logo_bytes(linked.kb)
    if logo is not None:
        images[logo_dist_path(logo[0])] = logo[1]
    return images

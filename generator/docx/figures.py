"""``<figure class="diagram">`` → the PNG twin of the SVG, sized to fit, and its caption.

Word cannot be relied on to render SVG (older Word and many viewers show nothing), so the
diagrams renderer writes a 200-dpi PNG beside every SVG and Word embeds that. A chart is
shown at its natural print size, shrunk to fit the text width and a maximum height that
leaves room for the heading and caption on the same page. A chart measured too wide for a
portrait page (``class="diagram landscape"``) gets a landscape section of its own.
"""
from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path, PurePosixPath

from docx.image.image import Image
from docx.shared import Emu
from lxml import etree

from ..diagrams.render import PRINT_DPI
from .context import Context
from .errors import MissingDiagram, TemplateBug, unexpected
from .inline import has_text, inline_content
from .marks import remember
from .ooxml import EMU_PER_TWIP, el, find_required, paragraph, qn
from .source import element_children

EMU_PER_INCH = 914400
EMU_PER_MM = 36000
MAX_HEIGHT_SHARE = 0.94  # of the text height: the caption fits under it (pages.py measured
                         # charts against the same area less the caption)
UNRECORDED_DPI = 72      # what python-docx reports for a PNG without a pHYs chunk
EMU_PER_MM = 36000
_MAX_HEIGHT = re.compile(r"max-height\s*:\s*([\d.]+)mm")


COVER_LOGO_MM = (60, 24)  # widest, tallest: print.css's figure.logo img
COVER_LOGO_BEFORE_TWIPS = 1700  # ~30 mm, print.css's cover padding
HEADER_LOGO_MM = 7        # height in the running header (page.css.j2's, through weasy.py)


def write_figure(context: Context, figure: etree._Element) -> None:
    classes = (figure.get("class") or "").split()
    if classes == ["logo"]:
        write_logo(context, figure)
        return
    if "diagram" not in classes or not set(classes) <= {"diagram", "landscape"}:
        raise unexpected(figure, "(figures need class diagram, and may be landscape)")
    landscape = "landscape" in classes
    images = [child for child in element_children(figure) if child.tag == "img"]
    others = [child for child in element_children(figure)
              if child.tag not in ("img", "figcaption")]
    if others or len(images) != 1:
        raise unexpected(others[0] if others else figure, "(a figure is one <img> and "
                         "an optional <figcaption>)")
    if landscape:
        heading = _heading_before(context)
        end_section(context, turned=False)
        if heading is not None:   # the chart's heading goes onto its landscape page
            context.section_properties.addprevious(heading)
    context.add(paragraph("Figure", [picture_run(context, images[0], landscape)]), "figure")
    for caption in figure.iterfind("figcaption"):
        if has_text(caption):
            context.add(paragraph("Caption", inline_content(context, caption)), "figcaption")
    if landscape:
        end_section(context, turned=True)
    context.keeping_head = False   # the Figure style keeps the chart with its caption


def _heading_before(context: Context) -> etree._Element | None:
    """The heading written right before a landscape chart, taken out of the body: it
    would end the portrait page alone (订单处理流程's 作业流程图, issue 16)."""
    previous = context.section_properties.getprevious()
    if context.last_block not in ("h2", "h3", "h4") or previous is None \
            or previous.tag != qn("w:p"):
        return None
    context.body.remove(previous)
    return previous


def write_logo(context: Context, figure: etree._Element) -> None:
    """``<figure class="logo">`` on the cover: the organisation's logo, centred."""
    images = [child for child in element_children(figure) if child.tag == "img"]
    if len(images) != 1 or len(element_children(figure)) != 1:
        raise unexpected(figure, "(a logo figure is one <img>)")
    path = logo_file(context.assets, images[0].get("src") or "")
    image = Image.from_file(str(path))
    widest, tallest = (value * EMU_PER_MM for value in COVER_LOGO_MM)
    aspect = image.px_width / image.px_height
    width = min(widest, tallest * aspect)
    inline = context.picture(path, Emu(int(width)), Emu(int(width / aspect)))
    find_required(inline, "wp:docPr").set("descr", images[0].get("alt") or "")
    # the logo takes the space above the organisation's name (Cover Organization's own
    # space before), so the two stay together, as in print.css
    space = el("w:spacing", {"w:before": COVER_LOGO_BEFORE_TWIPS, "w:after": 240})
    context.add(paragraph("Figure", [el("w:r", None, el("w:drawing", None, inline))], space),
                "logo")


def logo_file(assets: Path, src: str) -> Path:
    """The logo in the build; an SVG one by its PNG twin (diagrams_renderer.py writes it)."""
    relative = PurePosixPath(src)
    if relative.is_absolute() or ".." in relative.parts or relative.parts[:1] != ("assets",):
        raise TemplateBug(f'<img src="{src}">: the logo is a path under dist/assets/')
    if relative.suffix == ".svg":
        relative = relative.with_suffix(".png")
    path = assets.joinpath(*relative.parts)
    if not path.is_file():
        raise MissingDiagram(f"{relative} is not in the build output, but a document shows "
                             "it; build it together with Word: `sopkit build --only "
                             "diagrams,docx`")
    return path


def end_section(context: Context, turned: bool) -> None:
    """End the section here: a paragraph carrying the section's properties, as OOXML keeps
    them. The document's own (portrait) properties, or the same turned to landscape."""
    if not context.written:
        return
    properties = deepcopy(context.section_properties)
    if turned:
        size = find_required(properties, "w:pgSz")
        width, height = size.get(qn("w:w")) or "", size.get(qn("w:h")) or ""
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
        size.set(qn("w:orient"), "landscape")
    context.add(paragraph(None, [], properties), "section")
    remember(context, properties)  # a landscape chart inside a draft keeps the mark


def png_twin(assets: Path, src: str) -> Path:
    relative = PurePosixPath(src)
    if relative.is_absolute() or ".." in relative.parts or "://" in src:
        raise TemplateBug(f'<img src="{src}">: images are paths inside dist/')
    if relative.suffix not in (".svg", ".png"):
        raise TemplateBug(f'<img src="{src}">: only diagrams (.svg with a .png twin)')
    path = assets.joinpath(*relative.with_suffix(".png").parts)
    if not path.is_file():
        raise MissingDiagram(
            f"{relative.with_suffix('.png')} is not in the build output, but a document "
            f"shows it; build the diagrams together with Word: "
            f"`sopkit build --only diagrams,docx`")
    return path


def picture_run(context: Context, img: etree._Element,
                landscape: bool = False) -> etree._Element:
    path = png_twin(context.assets, img.get("src") or "")
    width, height = fitted_size(context, Image.from_file(str(path)), landscape,
                                _max_height_mm(img))
    inline = context.picture(path, Emu(width), Emu(height))
    find_required(inline, "wp:docPr").set("descr", img.get("alt") or "")
    return el("w:r", None, el("w:drawing", None, inline))


def _max_height_mm(img: etree._Element) -> float | None:
    """The ``max-height:Nmm`` a chart that shrinks onto its page carries
    (generator/documents/chartroom.py)."""
    match = _MAX_HEIGHT.search(img.get("style") or "")
    return float(match.group(1)) if match else None


def fitted_size(context: Context, image: Image, landscape: bool = False,
                max_height_mm: float | None = None) -> tuple[int, int]:
    """Natural print size in EMU, scaled down (never up) to the text area (of a landscape
    page: the text area turned, its margins staying where they were) and to
    ``max_height_mm``."""
    dpi = PRINT_DPI if image.horz_dpi == UNRECORDED_DPI else image.horz_dpi
    width = image.px_width * EMU_PER_INCH / dpi
    height = image.px_height * EMU_PER_INCH / dpi
    layout = context.layout.turned() if landscape else context.layout
    max_width = layout.text_width * EMU_PER_TWIP
    max_height = layout.text_height * EMU_PER_TWIP * MAX_HEIGHT_SHARE
    if max_height_mm is not None:
        max_height = min(max_height, max_height_mm * EMU_PER_MM)
    scale = min(1.0, max_width / width, max_height / height)
    return int(width * scale), int(height * scale)

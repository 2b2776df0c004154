"""``<figure class="diagram">`` → the PNG twin of the SVG, sized to fit, and its caption.

Word cannot be relied on to render SVG (older Word and many viewers show nothing), so the
diagrams renderer writes a 200-dpi PNG beside every SVG and Word embeds that. A chart is
shown at its natural print size, shrunk to fit the text width and a maximum height that
leaves room for the heading and caption on the same page.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from docx.image.image import Image
from docx.shared import Emu
from lxml import etree

from ..diagrams.render import PRINT_DPI
from .context import Context
from .errors import MissingDiagram, TemplateBug, unexpected
from .inline import has_text, inline_content
from .ooxml import EMU_PER_TWIP, el, find_required, paragraph
from .source import element_children

EMU_PER_INCH = 914400
MAX_HEIGHT_SHARE = 0.8   # of the text height: a heading and the caption fit beside it
UNRECORDED_DPI = 72      # what python-docx reports for a PNG without a pHYs chunk


def write_figure(context: Context, figure: etree._Element) -> None:
    if figure.get("class") != "diagram":
        raise unexpected(figure, "(figures need class diagram)")
    images = [child for child in element_children(figure) if child.tag == "img"]
    others = [child for child in element_children(figure)
              if child.tag not in ("img", "figcaption")]
    if others or len(images) != 1:
        raise unexpected(others[0] if others else figure, "(a figure is one <img> and "
                         "an optional <figcaption>)")
    context.add(paragraph("Figure", [picture_run(context, images[0])]), "figure")
    for caption in figure.iterfind("figcaption"):
        if has_text(caption):
            context.add(paragraph("Caption", inline_content(context, caption)), "figcaption")


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


def picture_run(context: Context, img: etree._Element) -> etree._Element:
    path = png_twin(context.assets, img.get("src") or "")
    width, height = fitted_size(context, Image.from_file(str(path)))
    inline = context.document.part.new_pic_inline(str(path), Emu(width), Emu(height))
    find_required(inline, "wp:docPr").set("descr", img.get("alt") or "")
    return el("w:r", None, el("w:drawing", None, inline))


def fitted_size(context: Context, image: Image) -> tuple[int, int]:
    """Natural print size in EMU, scaled down (never up) to the text area."""
    dpi = PRINT_DPI if image.horz_dpi == UNRECORDED_DPI else image.horz_dpi
    width = image.px_width * EMU_PER_INCH / dpi
    height = image.px_height * EMU_PER_INCH / dpi
    max_width = context.layout.text_width * EMU_PER_TWIP
    max_height = context.layout.text_height * EMU_PER_TWIP * MAX_HEIGHT_SHARE
    scale = min(1.0, max_width / width, max_height / height)
    return int(width * scale), int(height * scale)

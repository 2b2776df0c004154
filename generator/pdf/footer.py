"""Page numbers for a book printed in parts.

No part knows its first page number or the book's total until every part is laid out,
and laying a part out twice would cost what splitting saves. So the parts are printed
without the "第 X 页 共 Y 页" footer and the footers are stamped afterwards: WeasyPrint
prints all of them, one line each, on a few "footer sheet" pages, in the same font and
style as the footer box; each line becomes a form XObject, which its book page draws in its
bottom margin.
"""
from __future__ import annotations

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    RectangleObject,
)

from .objects import dictionary
from .weasy import PX_TO_PT, PrintedPart, _templates, split_footer

LINE_PX = 24  # height of one footer line on the sheet


def footer_sheet_html(meta: dict, total: int) -> str:
    before, middle, after = split_footer(meta["footer"])
    lines = [f"{before}{page}{middle}{total}{after}" for page in range(1, total + 1)]
    return _templates().get_template("footer-sheet.html.j2").render(
        lang=meta.get("lang", "zh-Hans"), lines=lines)


def footer_sheet_css() -> dict:
    """Keyword arguments for page_css that turn it into the sheet's stylesheet."""
    return {"footer": False, "continued": False, "footer_sheet": f"{LINE_PX}px"}


def _line_contents(page, tops: list[float]) -> list[bytes]:
    """The sheet page's drawing cut into one content stream per line (``tops``: each
    line's top in CSS pixels): the graphics state before the text, then only the text
    runs whose baseline lies in that line. A whole-sheet XObject clipped to one line
    would look right but carry every page's number in its text.

    WeasyPrint (pydyf) writes one operator a line; reading lines is 20 times faster than
    pypdf's content parser on a 3,000-page book's sheet."""
    lines = _content(page).split(b"\n")
    if b"BT" not in lines:
        raise RuntimeError("footer sheet page without text")
    first_text = lines.index(b"BT")
    prefix = lines[:first_text]
    unclosed = prefix.count(b"q") - prefix.count(b"Q")
    runs: list[tuple[float, list[bytes]]] = []
    font = None
    for line in lines[first_text:]:
        operator = line.rsplit(b" ", 1)[-1]
        if operator == b"Tf":
            font = line
        if operator == b"Tm":
            runs.append((float(line.split()[5]), [font, line] if font else [line]))
        elif runs and operator not in (b"BT", b"ET", b"Q", b"q", b""):
            runs[-1][1].append(line)
    streams = []
    for top in tops:
        text = [op for baseline, ops in runs if top <= baseline < top + LINE_PX for op in ops]
        if not text:
            raise RuntimeError(f"footer sheet: no text for the line at {top}px")
        streams.append(b"\n".join([*prefix, b"BT", *text, b"ET", *[b"Q"] * unclosed]))
    return streams


def _content(page) -> bytes:
    contents = page["/Contents"].get_object()
    if isinstance(contents, ArrayObject):
        return b"\n".join(part.get_object().get_data() for part in contents)
    return contents.get_data()


def _line_forms(writer: PdfWriter, sheet: PrintedPart,
                count: int) -> list[tuple[IndirectObject, int]]:
    """For each book page, a form XObject drawing its footer line, and the sheet page
    it comes from."""
    reader = PdfReader(_bytes_io(sheet.pdf))
    lines = [sheet.anchors[f"footer-{index}"] for index in range(count)]
    forms: list[tuple[IndirectObject, int]] = []
    for number, page in enumerate(reader.pages):
        resources = dictionary(page["/Resources"]).clone(writer)
        tops = [top for sheet_page, _x, top in lines if sheet_page == number]
        for content in _line_contents(page, tops):
            form = DecodedStreamObject()
            form.set_data(content)
            form.update({
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): RectangleObject(page.mediabox),
                NameObject("/Resources"): resources,
            })
            forms.append((writer._add_object(form.flate_encode()), number))
    return forms


def _stream(writer: PdfWriter, data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def stamp_footers(writer: PdfWriter, sheet: PrintedPart, margins: list[float],
                  cover: bool = False) -> None:
    """Draw line i of the sheet in the bottom margin of page i (``margins[i]``: its bottom
    margin in CSS pixels); a cover (print.css: ``@page cover``) gets none."""
    forms = _line_forms(writer, sheet, len(writer.pages))
    save = _stream(writer, b"q\n")  # the page's own drawing may leave its state changed
    for index, page in enumerate(writer.pages):
        if cover and index == 0:
            continue
        form, sheet_page = forms[index]
        _sheet_page, _x, top = sheet.anchors[f"footer-{index}"]
        sheet_height = sheet.page_heights[sheet_page] * PX_TO_PT
        line_centre = sheet_height - (top + LINE_PX / 2) * PX_TO_PT
        shift = margins[index] / 2 * PX_TO_PT - line_centre
        # the sheet is a portrait page; a landscape page (a wide chart) centres its footer
        # on its own width, as the footer box of the whole document does
        bbox = dictionary(form.get_object())["/BBox"]
        assert isinstance(bbox, ArrayObject)  # written above as the sheet page's box
        box = RectangleObject(bbox)
        across = (float(page.mediabox.width) - float(box.width)) / 2
        name = f"/SopkitFooter{index + 1}"
        draw = f"Q q 1 0 0 1 {across:g} {shift:.3f} cm {name} Do Q\n".encode()
        contents = page.raw_get("/Contents")  # the reference: a stream must stay indirect
        old = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) \
            else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *old, _stream(writer, draw)])
        _xobjects(page)[NameObject(name)] = form


def _xobjects(page) -> DictionaryObject:
    """The page's /XObject resources. Pages of a part share one resource dictionary, so
    each page's footer gets a name of its own there (a copy per page would repeat the
    part's whole dictionary on every page)."""
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    return resources["/XObject"].get_object()


def _bytes_io(data: bytes):
    from io import BytesIO
    return BytesIO(data)

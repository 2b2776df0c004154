"""Joining printed parts into one PDF: pages in order, then what WeasyPrint would have
made for the whole document — named destinations, links between parts, the bookmark
outline, the page-number footers — and the first part's catalog entries (XMP metadata and
output intent for PDF/A)."""
from __future__ import annotations

import hashlib
import logging
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .fontmerge import merge_fonts
from .footer import stamp_footers
from .objects import array, dictionary
from .weasy import PX_TO_PT, PrintedPart

# not /MarkInfo: tagged documents are printed whole (book.TAGGED_VARIANTS)
CATALOG_KEYS = ("/Metadata", "/OutputIntents", "/Lang", "/ViewerPreferences")


class _Pages:
    """Global page numbers and points for what the parts report in their own terms."""

    def __init__(self, parts: list[PrintedPart]):
        self.parts = parts
        self.first_page = []
        count = 0
        for part in parts:
            self.first_page.append(count)
            count += len(part.page_heights)
        self.heights = [h for part in parts for h in part.page_heights]
        self.anchors: dict[str, tuple[int, float, float]] = {}
        for number, part in enumerate(parts):
            for name, (page, x, y) in part.anchors.items():
                self.anchors.setdefault(name, (self.first_page[number] + page, x, y))

    def point(self, page: int, x: float, y: float) -> tuple[float, float]:
        """CSS pixels from the page's top-left → PDF points from its bottom-left."""
        return x * PX_TO_PT, (self.heights[page] - y) * PX_TO_PT


def page_numbers(parts: list[PrintedPart], front_pages: int) -> dict[str, str]:
    """The printed page number of every anchor in ``parts``, when ``front_pages`` pages of
    front matter come before them."""
    pages = _Pages(parts)
    return {name: str(front_pages + page + 1) for name, (page, _x, _y) in pages.anchors.items()}


def join(parts: list[PrintedPart], sheet: PrintedPart | None, font_dir=None,
         cover: bool = False) -> bytes:
    """The parts as one PDF; ``font_dir`` holds the full programs of their fonts;
    ``cover``: the first page is a cover, which has no footer."""
    pages = _Pages(parts)
    readers = [PdfReader(BytesIO(part.pdf)) for part in parts]
    writer = PdfWriter()
    merge_fonts(readers, writer, font_dir)
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    _copy_document_entries(writer, readers[0])
    _add_destinations(writer, pages)
    _add_outside_links(writer, pages)
    _add_outline(writer, pages)
    if sheet is not None:
        stamp_footers(writer, sheet, [m for part in parts for m in part.bottom_margins], cover)
    digest = hashlib.sha256(b"".join(part.pdf for part in parts)).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # stable bytes
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_document_entries(writer: PdfWriter, first: PdfReader) -> None:
    writer.pdf_header = first.pdf_header
    if first.metadata:
        writer.add_metadata(dict(first.metadata))
    catalog = dictionary(first.trailer["/Root"])
    for key in CATALOG_KEYS:
        if key in catalog:  # the reference, not the object: a stream must stay indirect
            writer.root_object[NameObject(key)] = catalog.raw_get(key).clone(writer)


def _xyz(writer: PdfWriter, pages: _Pages, page: int, x: float, y: float) -> ArrayObject:
    left, top = pages.point(page, x, y)
    return ArrayObject([writer.pages[page].indirect_reference, NameObject("/XYZ"),
                        FloatObject(round(left, 3)), FloatObject(round(top, 3)),
                        NumberObject(0)])


def _add_destinations(writer: PdfWriter, pages: _Pages) -> None:
    names = ArrayObject()
    for name in sorted(pages.anchors):
        names.append(TextStringObject(name))
        names.append(_xyz(writer, pages, *pages.anchors[name]))
    dests = DictionaryObject({NameObject("/Names"): names})
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): writer._add_object(dests)})


def _add_outside_links(writer: PdfWriter, pages: _Pages) -> None:
    """Links to another part's anchor: WeasyPrint could not resolve them in the part."""
    for number, part in enumerate(pages.parts):
        for page, target, (x, y, width, height) in part.outside_links:
            if target not in pages.anchors:
                logging.getLogger("weasyprint").error(
                    "No anchor #%s for internal URI reference", target)
                continue
            index = pages.first_page[number] + page
            x1, y1 = pages.point(index, x, y + height)
            x2, y2 = pages.point(index, x + width, y)
            annotation = DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(FloatObject(round(v, 3))
                                                 for v in (x1, y1, x2, y2)),
                NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0)}),
                NameObject("/F"): NumberObject(4),  # printable, as PDF/A requires
                NameObject("/Dest"): TextStringObject(target),
            })
            page_object = writer.pages[index]
            if "/Annots" not in page_object:
                page_object[NameObject("/Annots")] = ArrayObject()
            array(page_object["/Annots"]).append(writer._add_object(annotation))


def _add_outline(writer: PdfWriter, pages: _Pages) -> None:
    """The bookmarks of all parts as one tree, nested by level as WeasyPrint nests them."""
    stack: list[tuple[int, IndirectObject]] = []
    for number, part in enumerate(pages.parts):
        for level, label, page, x, y, state in part.bookmarks:
            while stack and stack[-1][0] >= level:
                stack.pop()
            index = pages.first_page[number] + page
            left, top = pages.point(index, x, y)
            item = writer.add_outline_item(
                title=label, page_number=index, parent=stack[-1][1] if stack else None,
                fit=Fit.xyz(round(left, 3), round(top, 3), 0), is_open=state != "closed")
            stack.append((level, item))

"""Page numbers in the Word TOC before anyone updates fields, from a real pagination.

The TOC field's result is written with titles only (toc.py): page numbers need a layout.
Readers who never update fields (LibreOffice, WPS, Word when the reader answers "No")
would print a TOC without numbers, so the finished file is printed once by LibreOffice —
the engine the set-up installs — and each entry gets the page its heading is printed on,
read from the PDF's outline (LibreOffice exports one bookmark per Word heading). The
number is a ``PAGEREF`` field whose cached result is that page, so Word's own update
replaces it with Word's pagination. Entries and headings are paired by title, in order;
an entry whose heading is not found keeps no number rather than a wrong one.

Adding the numbers does not move the headings: an entry gains a tab and a few digits on
its own line. Without LibreOffice the file is left as it is (numbers come on update).

With a LibreOffice server (generator/office/, one per build or per `sopkit serve`) the
pages are read from its layout, without exporting a PDF: each heading paragraph's page
under a view cursor, the pages its PDF export puts them on (tests/test_office.py compares
them on the sample and a synthetic knowledge base); the book is laid out in chunks cut at
its forced page breaks, each chunk's pages kept in the build cache (tocchunks.py).
Without one (no ``python3-uno``), a new ``soffice --convert-to pdf`` prints the file and
the pages come from the PDF's outline.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from copy import deepcopy
from pathlib import Path
from typing import cast

from lxml import etree
from pypdf import PdfReader

from ..errors import SetupError
from ..office.client import OfficeGone, headings_with_server, layout_with_server
from ..office.profiles import skip_render_tests
from .fields import field_end, field_start
from .ooxml import el, run
from .package import normalized_zip, stored_zip, unzipped
from .tocchunks import MARK, chunked_headings_of

TOC_STYLE = re.compile(r"^TOC\d$")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PRINT_TIMEOUT_S = 600
# A PNG of one black pixel: what each picture becomes in layout_copy.
PLACEHOLDER_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c636000000002000148afa4710000000049454e44ae426082")


TOC_NAV = re.compile(r"""<nav\b[^>]*\bclass=["']toc["']""")


def has_toc(html: str) -> bool:
    """Whether the Word file made from ``html`` gets a TOC (toc.py), so LibreOffice."""
    return TOC_NAV.search(html) is not None


def number_toc_pages(docx: bytes, office: str | None = None, paging: str | None = None
                     ) -> bytes:
    """``docx`` with page numbers on its TOC entries, or unchanged if it has no TOC or
    LibreOffice is not installed. ``office``: a LibreOffice server's socket to lay the file
    out in (generator/office/), else a new soffice process prints it. ``paging``: what
    else the layout reads (LibreOffice's version, the font files: keyparts.toc_paging),
    with which each chunk's layout is kept in the build cache (tocchunks.py)."""
    parts = unzipped(docx)
    numbered = number_toc_parts(parts, office, paging)
    return docx if numbered is parts else normalized_zip(numbered)


def number_toc_parts(parts: dict[str, bytes], office: str | None = None,
                     paging: str | None = None, document: etree._Element | None = None
                     ) -> dict[str, bytes]:
    """number_toc_pages on the entries of a .docx (convert.html_to_parts): the same
    package, ``parts`` itself when nothing changes. ``document``: the tree word/document.xml
    was serialised from (convert.html_to_parts_and_body), numbered in place instead of a
    parse of the bytes."""
    if document is None:
        document = etree.fromstring(parts["word/document.xml"])
    toc = _toc_paragraphs(document)
    if not toc or shutil.which("soffice") is None:
        return parts
    # the chunks are cut from this tree (layout_parts leaves document.xml as it is), not
    # from a parse of their own: the TOC's numbers are added only after the layout
    pages = _match_pages([_entry_title(p) for p in toc],
                         _laid_out(layout_parts(parts), office, paging, document))
    for paragraph, page in zip(toc, pages, strict=True):
        if page is not None:
            _add_page_number(paragraph, page)
    return {**parts, "word/document.xml": etree.tostring(
        document, xml_declaration=True, encoding="UTF-8", standalone=True)}


def laid_out_headings(docx: bytes, office: str | None, paging: str | None = None
                      ) -> list[tuple[str, int]]:
    """(title, page) of each heading as LibreOffice lays ``docx`` out: with a server, chunk
    by chunk (only those not in the cache when ``paging`` is given), else whole."""
    return _laid_out(layout_parts(unzipped(docx)), office, paging)


def _laid_out(parts: dict[str, bytes], office: str | None, paging: str | None,
              root: etree._Element | None = None) -> list[tuple[str, int]]:
    """laid_out_headings of a layout copy's entries (layout_parts); ``root``: their
    word/document.xml parsed, if the caller has it (read only)."""
    if office is not None:
        try:
            found = chunked_headings_of(
                parts, paging, lambda run, levels: _run_layout(office, run, levels), root)
            if found is None:  # a cut was not independent after all: the whole book
                found = headings_with_server(office, stored_zip(parts))
            return [(_compact(title), page) for title, page in found]
        except OfficeGone:  # the server was stopped (serve ending): print it alone
            pass
    return heading_pages(print_pdf(stored_zip(parts)))


def _run_layout(office: str, docx: bytes, levels: int
                ) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    answer = layout_with_server(office, docx, MARK, levels)
    return ([(title, page) for title, page in answer["headings"]],
            [(name, page) for name, page in answer["marks"]], answer["pages"])


def layout_copy(docx: bytes) -> bytes:
    """``docx`` as LibreOffice lays it out (layout_parts), stored uncompressed."""
    return stored_zip(layout_parts(unzipped(docx)))


def layout_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The entries with each PNG picture replaced by a 1×1 one: what LibreOffice lays
    out. A picture's place on the page is its drawing's extent (``wp:extent``), not its
    pixels, so every heading stays on its page (tests/test_office.py compares them with a
    print of the real file); LibreOffice then neither inflates nor scales the charts
    (~2 MB of PNG on the sample's handbook, ~10 % of the pass's CPU)."""
    return {name: (PLACEHOLDER_PNG if name.startswith("word/media/") and name.endswith(".png")
                   else data)
            for name, data in parts.items()}


def print_pdf(docx: bytes) -> bytes:
    """The PDF LibreOffice prints from ``docx``, with a private profile so a running
    LibreOffice or a stale profile cannot interfere."""
    with tempfile.TemporaryDirectory(prefix="sopkit-toc-") as folder:
        work = Path(folder)
        (work / "doc.docx").write_bytes(docx)
        skip_render_tests(str(work / "profile"))  # ~0.8 s of soffice's start (profiles.py)
        result = subprocess.run(
            ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}",
             "--headless", "--convert-to", "pdf", "--outdir", str(work),
             str(work / "doc.docx")],
            capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False)
        printed = work / "doc.pdf"
        if result.returncode != 0 or not printed.is_file():
            raise SetupError("LibreOffice (soffice) could not print the handbook to number "
                             f"its table of contents: {result.stderr.strip()[-300:]}")
        return printed.read_bytes()


def heading_pages(pdf: bytes) -> list[tuple[str, int]]:
    """(title, 1-based page) of every outline entry, in document order."""
    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page = reader.get_destination_page_number(item)
                if page is not None:
                    found.append((_compact(item.title), page + 1))
    walk(reader.outline)
    return found


def _match_pages(titles: list[str], headings: list[tuple[str, int]]) -> list[int | None]:
    """Each title's page: the next heading of the same title after the previous match."""
    pages: list[int | None] = []
    start = 0
    for title in titles:
        index = next((i for i in range(start, len(headings))
                      if headings[i][0] == _compact(title)), None)
        pages.append(None if index is None else headings[index][1])
        start = start if index is None else index + 1
    return pages


def _toc_paragraphs(document: etree._Element) -> list[etree._Element]:
    return [p for p in document.iterfind("w:body/w:p", NS)
            if TOC_STYLE.match(_style(p)) and p.find("w:hyperlink", NS) is not None]


def _style(paragraph: etree._Element) -> str:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return "" if style is None else style.get(f"{{{W}}}val", "")


def _link(paragraph: etree._Element) -> etree._Element:
    link = paragraph.find("w:hyperlink", NS)
    assert link is not None  # _toc_paragraphs keeps only entries with a link
    return link


def _entry_title(paragraph: etree._Element) -> str:
    # the text nodes, as itertext() gives them on a parsed tree: on python-docx's own
    # (number_toc_parts given the converter's tree) itertext reads the runs' and the
    # hyperlink's ``text`` properties, which hold their descendants' text again
    return "".join(cast("list[str]", _link(paragraph).xpath(".//text()")))


def _add_page_number(paragraph: etree._Element, page: int) -> None:
    """A tab (the style's dot leader) and a PAGEREF field showing ``page``, inside the
    entry's hyperlink so the number is clickable too, in the title's run properties
    (its fonts)."""
    link = _link(paragraph)
    rpr = link.find("w:r/w:rPr", NS)
    anchor = link.get(f"{{{W}}}anchor", "")
    link.append(run(None, deepcopy(rpr), el("w:tab")))
    for part in [*field_start(f"PAGEREF {anchor} \\h", rpr), run(str(page), deepcopy(rpr)),
                 field_end(rpr)]:
        link.append(part)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)



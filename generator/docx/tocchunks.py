"""The Word handbook laid out by LibreOffice in chunks, each chunk's pages kept in the cache.

Numbering the TOC (tocpages.py) needs the page of every heading it lists, and LibreOffice
laid out the whole book for it on every build that changed the book at all (22 s on 300
roles, the whole critical path of a one-role edit). But the handbook breaks its pages by
force: every chapter and every print group (documents/printgroups.py) starts a page
(``pageBreakBefore``), and so does every section (the landscape pages of a wide chart).
What lies between two forced breaks is laid out the same wherever it stands, given the same
page size, margins, headers and styles. So the body is cut there into chunks; each chunk's
page count and its headings' pages within it are kept in the cache under a key of exactly
what its layout reads (its XML less the ids that only name things, its section's
properties and headers, the lists it numbers, the styles and settings, the TOC's depth, the
fonts and the LibreOffice: ``paging``), and the TOC's numbers are the prefix sums.

Only chunks not in the cache are laid out: neighbouring ones together, in documents of up to
RUN_BYTES of the book, a bookmark at each chunk's start telling where it begins. A summary
edit lays out the one chunk holding the role.

Where a cut would not be independent there is none: inside a numbered list that goes on
across a break; at an odd/even or continuous section break, or after a section's last
paragraph that holds text. A body with fields that count across the book (PAGE, SEQ, REF…)
or endnotes is not cut at all. tests/test_office_chunks.py compares the pages with a whole
layout and with a fresh `soffice --convert-to pdf`.
"""
from __future__ import annotations

import bisect
import copy
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from .. import store
from ..buildcache import output_key
from .chunkparts import (
    canonical,
    counters,
    merge_lists,
    num_definitions,
    relationships,
    shared_parts,
    slim_docx,
)
from .ooxml import child

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
# Full names for the per-block lookups (chunkparts.child): a prefixed path goes through
# ElementPath, asked ~60,000 times of the 300-role book.
PPR, SECT_PR, PAGE_BREAK_BEFORE = f"{{{W}}}pPr", f"{{{W}}}sectPr", f"{{{W}}}pageBreakBefore"
COUNTING_TAGS = (f"{{{W}}}instrText", f"{{{W}}}fldSimple", f"{{{W}}}endnoteReference")
KIND = "docx-toc-chunk"
MARK = "_sopkitChunk"  # the bookmarks where chunks start in a laid-out run
# Fields whose result depends on what precedes them in the book: a chunk alone would show
# another number, maybe of another width.
COUNTING_FIELD = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES|SECTION|PAGEREF|REF|SEQ|"
                            r"NOTEREF|LISTNUM|AUTONUM\w*)\b", re.IGNORECASE)
TOC_LEVELS = re.compile(r'^\s*TOC\b.*\\o\s+"\d-(\d)"')
# Section breaks that start a page whatever the page before held (oddPage/evenPage may add a
# blank page, continuous starts none).
PAGE_SECTIONS = {None, "nextPage", "nextColumn"}
# How much of the book one document holds (document.xml bytes, ~15 KB a page): LibreOffice
# lays a long document out in more CPU a page (300 roles, 553 pages at once: 41 ms a page;
# 75-150 pages: 27-30 ms), and every document costs a load.
RUN_BYTES = 2_000_000

Pages = list[tuple[str, int]]
# A document's layout: the headings of outline levels 1 to the int given, the bookmarks
# named MARK… (each as (text, page)), and the page count.
LayOut = Callable[[bytes, int], tuple[Pages, Pages, int]]


@dataclass(frozen=True)
class Layout:
    """One chunk laid out: its pages, and each heading's page among them."""
    pages: int
    headings: tuple[tuple[str, int], ...]

    def dump(self) -> bytes:
        return json.dumps({"pages": self.pages, "headings": self.headings},
                          ensure_ascii=False).encode("utf-8")

    @classmethod
    def load(cls, data: bytes) -> Layout:
        value = json.loads(data)
        return cls(value["pages"], tuple((title, page) for title, page in value["headings"]))


class Book:
    """The handbook's body cut at its forced page breaks."""

    def __init__(self, parts: dict[str, bytes], root: etree._Element | None = None) -> None:
        """``root``: ``parts``' word/document.xml already parsed (tocpages.py has it), read
        and never changed here."""
        self.parts = parts
        self.root = etree.fromstring(parts["word/document.xml"]) if root is None else root
        body = self.root.find("w:body", NS)
        assert body is not None
        self.blocks = [child for child in body if child.tag != f"{{{W}}}sectPr"]
        self.final_sect = body.find("w:sectPr", NS)
        # the block whose sectPr ends each block's section (None: the body's own)
        self.section_end: list[int | None] = [None] * len(self.blocks)
        end = None
        for index in range(len(self.blocks) - 1, -1, -1):
            end = index if _sect_of(self.blocks[index]) is not None else end
            self.section_end[index] = end
        self.starts = [0] if _counts_across(self.blocks) else merge_lists(
            self.blocks, _cuts(self.blocks), counters(parts))
        self.levels = _toc_levels(self.blocks)
        self.xml = [b"".join(etree.tostring(block) for block in self.blocks[span.start:span.stop])
                    for span in map(self.span, range(len(self.starts)))]

    def chunk_count(self) -> int:
        return len(self.starts)

    def span(self, chunk: int) -> range:
        stop = self.starts[chunk + 1] if chunk + 1 < len(self.starts) else len(self.blocks)
        return range(self.starts[chunk], stop)

    def keys(self, paging: str) -> list[str]:
        """Each chunk's key: what a layout of it alone reads."""
        shared = shared_parts(self.parts)
        numbering = num_definitions(self.parts)
        return [output_key(KIND, shared, str(self.levels), canonical(xml, numbering),
                           self._canonical_sect(self._closing(self.span(chunk).stop)),
                           str(self._opens_mid_section(self.span(chunk).start)), paging)
                for chunk, xml in enumerate(self.xml)]

    def run_docx(self, first: int, last: int) -> bytes:
        """Chunks ``first``..``last`` as one .docx, a bookmark at each chunk's start."""
        start, stop = self.span(first).start, self.span(last).stop
        blocks = [copy.deepcopy(block) for block in self.blocks[start:stop]]
        for chunk in range(first, last + 1):
            _mark(blocks[self.span(chunk).start - start], chunk)
        sect = self._closing(stop)
        if _is_section_break(blocks[-1]):  # at the very end it would be an empty line
            blocks.pop()
        if self._opens_mid_section(start):  # its section's first page is not in the run
            opened = next((found for block in blocks if (found := _sect_of(block)) is not None),
                          sect)
            title_page = None if opened is None else opened.find("w:titlePg", NS)
            if opened is not None and title_page is not None:
                opened.remove(title_page)
        root = etree.Element(self.root.tag, nsmap={prefix: uri for prefix, uri
                                                   in self.root.nsmap.items() if prefix})
        for name, value in self.root.attrib.items():
            root.set(name, value)
        root.extend(copy.deepcopy(child) for child in self.root if child.tag != f"{{{W}}}body")
        body = etree.SubElement(root, f"{{{W}}}body")
        body.extend(blocks)
        if sect is not None:
            body.append(sect)
        return slim_docx(self.parts, etree.tostring(root, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True))

    def _closing(self, stop: int) -> etree._Element | None:
        """A copy of the properties of the section that block ``stop - 1`` is in."""
        end = self.section_end[stop - 1]
        found = self.final_sect if end is None else _sect_of(self.blocks[end])
        return None if found is None else copy.deepcopy(found)

    def _opens_mid_section(self, start: int) -> bool:
        return start > 0 and _sect_of(self.blocks[start - 1]) is None

    def _canonical_sect(self, sect: etree._Element | None) -> bytes:
        """A section's properties with each header and footer named by its content."""
        if sect is None:
            return b""
        targets = relationships(self.parts)
        for reference in sect:
            target = targets.get(reference.get(f"{{{R}}}id", ""))
            if target is not None:
                reference.set(f"{{{R}}}id", hashlib.sha256(
                    self.parts.get(f"word/{target}", b"")).hexdigest())
        return etree.tostring(sect)


def chunked_headings(docx: bytes, paging: str | None, lay_out: LayOut) -> Pages | None:
    """(title, page) of each heading the TOC lists, from cached chunks and the missing
    ones laid out by ``lay_out``; None when a layout's marks show a cut that was not a
    page break after all (the caller lays the whole book out instead). Without ``paging``
    nothing is looked up or kept."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return chunked_headings_of({name: archive.read(name) for name in archive.namelist()},
                                   paging, lay_out)


def chunked_headings_of(parts: dict[str, bytes], paging: str | None,
                        lay_out: LayOut, root: etree._Element | None = None) -> Pages | None:
    """chunked_headings of a .docx's entries (``root``: as for Book)."""
    book = Book(parts, root)
    keys = book.keys(paging) if paging is not None else []
    layouts: list[Layout | None] = [None] * book.chunk_count()
    for chunk, key in enumerate(keys):
        data = store.load(KIND, key)
        layouts[chunk] = None if data is None else Layout.load(data)
    for first, last in runs(layouts, [len(xml) for xml in book.xml]):
        found = _split(lay_out(book.run_docx(first, last), book.levels), first, last)
        if found is None:
            return None
        for chunk, layout in enumerate(found, start=first):
            if keys:
                store.save(KIND, keys[chunk], layout.dump())
            layouts[chunk] = layout
    return _joined([layout for layout in layouts if layout is not None])


def runs(layouts: Sequence[Layout | None], sizes: Sequence[int]) -> list[tuple[int, int]]:
    """The chunks to lay out (those without a layout), as (first, last) runs of
    neighbours, each up to RUN_BYTES long (or one chunk)."""
    found: list[tuple[int, int]] = []
    size = 0
    for chunk, layout in enumerate(layouts):
        if layout is not None:
            continue
        if found and found[-1][1] == chunk - 1 and size + sizes[chunk] <= RUN_BYTES:
            found[-1] = (found[-1][0], chunk)
            size += sizes[chunk]
        else:
            found.append((chunk, chunk))
            size = sizes[chunk]
    return found


def _split(laid: tuple[Pages, Pages, int], first: int, last: int) -> list[Layout] | None:
    """A run's layout cut into its chunks' at the pages where their marks are."""
    headings, marks, pages = laid
    found = dict(marks)
    names = [f"{MARK}{chunk}" for chunk in range(first, last + 1)]
    if any(name not in found for name in names) or found[names[0]] != 1:
        return None
    starts = [found[name] for name in names]
    edges = [*starts, pages + 1]
    if any(a >= b for a, b in zip(edges, edges[1:], strict=False)):
        return None  # a chunk shares a page with the one before: not cut by force
    own: list[Pages] = [[] for _ in starts]
    for title, page in headings:
        index = bisect.bisect_right(starts, page) - 1
        own[index].append((title, page - starts[index] + 1))
    return [Layout(edges[i + 1] - edges[i], tuple(own[i])) for i in range(len(starts))]


def _joined(layouts: Sequence[Layout]) -> Pages:
    found, before = [], 0
    for layout in layouts:
        found += [(title, before + page) for title, page in layout.headings]
        before += layout.pages
    return found


def _cuts(blocks: Sequence[etree._Element]) -> list[int]:
    """Where a page starts by force: before a paragraph that breaks the page before it,
    after an empty paragraph that ends a section starting on a new page. Not after a
    section's last paragraph that holds text (LibreOffice may lay it out differently at a
    document's end than before another section: untried), nor before an empty one (it
    stays with what its section holds)."""
    starts = {0}
    for index, block in enumerate(blocks):
        if index > 0 and _breaks_before(block) and not _is_section_break(block):
            starts.add(index)
        sect = _sect_of(block)
        if sect is not None and _is_section_break(block) and index + 1 < len(blocks):
            kind = sect.find("w:type", NS)
            if (None if kind is None else kind.get(f"{{{W}}}val")) in PAGE_SECTIONS:
                starts.add(index + 1)
    ends_with_text = {index + 1 for index, block in enumerate(blocks)
                      if _sect_of(block) is not None and not _is_section_break(block)}
    return sorted(starts - ends_with_text)


def _is_section_break(block: etree._Element) -> bool:
    """A paragraph with nothing but its properties, a section's among them: LibreOffice
    lays it out as nothing before another section (the sample's landscape chart pages end
    with one, on a full page), but as an empty line at the end of a document."""
    return (block.tag == f"{{{W}}}p" and _sect_of(block) is not None
            and all(child.tag == f"{{{W}}}pPr" for child in block))


def _breaks_before(block: etree._Element) -> bool:
    mark = child(child(block, PPR), PAGE_BREAK_BEFORE)
    return mark is not None and mark.get(f"{{{W}}}val", "true") not in ("0", "false", "off")


def _sect_of(block: etree._Element) -> etree._Element | None:
    return child(child(block, PPR), SECT_PR)


def _mark(block: etree._Element, chunk: int) -> None:
    """A bookmark at the start of ``block``'s first paragraph (a table's first cell)."""
    paragraph = block if block.tag == f"{{{W}}}p" else block.find(".//w:p", NS)
    assert paragraph is not None, "a chunk starts with a block holding no paragraph"
    at = 1 if len(paragraph) and paragraph[0].tag == f"{{{W}}}pPr" else 0
    ident = str(900000 + chunk)  # above the converter's ids (bookmarks.py counts from 0)
    paragraph.insert(at, etree.Element(f"{{{W}}}bookmarkStart",
                                       {f"{{{W}}}id": ident, f"{{{W}}}name": f"{MARK}{chunk}"}))
    paragraph.insert(at + 1, etree.Element(f"{{{W}}}bookmarkEnd", {f"{{{W}}}id": ident}))


def _counts_across(blocks: Sequence[etree._Element]) -> bool:
    instr_text, fld_simple, _endnote = COUNTING_TAGS
    for block in blocks:
        for found in block.iter(*COUNTING_TAGS):  # one walk in C for the three
            if found.tag == instr_text:
                if COUNTING_FIELD.match(found.text or ""):
                    return True
            elif found.tag == fld_simple:
                if COUNTING_FIELD.match(found.get(f"{{{W}}}instr", "")):
                    return True
            else:
                return True
    return False


def _toc_levels(blocks: Sequence[etree._Element]) -> int:
    """The deepest outline level the TOC lists (``\\o "1-N"``): deeper headings need no
    page. 9 (all) when no TOC field says."""
    for block in blocks:
        for code in block.iterfind(".//w:instrText", NS):
            found = TOC_LEVELS.match(code.text or "")
            if found:
                return int(found.group(1))
    return 9

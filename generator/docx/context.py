"""What the block writers share while one document is converted."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from lxml import etree

from .bookmarks import Bookmarks
from .ooxml import PPR_ORDER, el, find_required, insert_in_order, paragraph, qn, run


@dataclass(frozen=True)
class Layout:
    """The text area of the reference document's page, in twips."""
    text_width: int
    text_height: int
    turned_width: int = 0
    turned_height: int = 0

    @classmethod
    def of(cls, section_properties: etree._Element) -> Layout:
        size = section_properties.find(qn("w:pgSz"))
        margins = section_properties.find(qn("w:pgMar"))

        def value(element, name):
            return int(element.get(qn(f"w:{name}")))
        return cls(value(size, "w") - value(margins, "left") - value(margins, "right"),
                   value(size, "h") - value(margins, "top") - value(margins, "bottom"),
                   value(size, "h") - value(margins, "left") - value(margins, "right"),
                   value(size, "w") - value(margins, "top") - value(margins, "bottom"))

    def turned(self) -> Layout:
        """The text area of the same page turned to landscape (margins keep their sides)."""
        return Layout(self.turned_width, self.turned_height, self.text_width, self.text_height)


@dataclass
class Context:
    document: Document                # opened from the reference
    assets: Path                      # dist/: where <img src> paths point
    known_ids: frozenset[str]         # every id in the HTML, so links can be checked
    bookmarks: Bookmarks = field(default_factory=Bookmarks)
    page_break_pending: bool = False
    last_block: str | None = None     # tag of the last HTML block written
    in_cover: bool = False
    written: int = 0
    fills: dict = field(default_factory=dict)   # table style shading, looked up once
    # list numbering (lists.py): each list style's abstract numbering, looked up once, and
    # the next w:numId (0 until counted): the numbering part grows by one w:num a list
    list_abstracts: dict = field(default_factory=dict)
    next_num_id: int = 0
    mark: str = ""                    # the page mark of the section being written (marks.py)
    # sections that carry a mark: their properties and the mark, given headers at the end
    marked: list[tuple[etree._Element, str]] = field(default_factory=list)
    # a workflow that runs on (keep-head): its blocks keep with the next until the start of
    # its chart or step table is written (blocks.py)
    keeping_head: bool = False
    # the titles of those workflows: a page may start there (tails.py)
    run_on_heads: list[etree._Element] = field(default_factory=list)
    shape_id: int | None = None       # the last picture's wp:docPr id (None: not counted yet)
    # relationships made while writing, in order: (kind, target, rId), so a handbook item
    # made from the cache (pieces.py) makes the same ones again
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    # the reference document's fingerprint when the chapters' items are kept in the build
    # cache as pieces (pieces.py); None: written afresh
    piece_key: str | None = None

    def __post_init__(self) -> None:
        self.body = self.document.element.body
        self.section_properties = self.body.find(qn("w:sectPr"))
        self.layout = Layout.of(self.section_properties)

    def add(self, block: etree._Element, html_tag: str) -> etree._Element:
        """Append a w:p or w:tbl to the body, starting a new page first if one is due."""
        if self.page_break_pending and self.written:
            self._break_before(block)
        elif block.tag == qn("w:tbl") and self.section_properties.getprevious() is not None \
                and self.section_properties.getprevious().tag == qn("w:tbl"):
            # Word joins adjacent tables into one; a paragraph keeps them apart. A thin
            # one (2 pt), so a blank form of several tables still fits its page (issue 16).
            previous = self.section_properties.getprevious()
            self.section_properties.addprevious(table_spacer(_keeps_with_next(previous)))
        self.page_break_pending = False
        self.section_properties.addprevious(block)
        self.last_block = html_tag
        self.written += 1
        return block

    def picture(self, path: Path, width: int, height: int) -> CT_Inline:
        """python-docx's ``new_pic_inline`` (the same element, rId and shape id), but the
        shape id counted instead of found: python-docx searches the whole document for the
        largest ``@id`` per picture, 2.3 of the 300-role handbook's 3.8 s of CPU. Pictures
        are the only elements of the body with an ``id`` (their wp:docPr), each added to the
        body as it is made, so the largest one is always the last picture's."""
        rId, image = self.document.part.get_or_add_image(str(path))
        # by its place in dist/: a later build is written into another folder
        self.relations.append(("image", path.relative_to(self.assets).as_posix(), rId))
        cx, cy = image.scaled_dimensions(width, height)
        self.shape_id = self.last_shape_id() + 1
        return CT_Inline.new_pic_inline(self.shape_id, rId, image.filename, cx, cy)

    def last_shape_id(self) -> int:
        if self.shape_id is None:
            self.shape_id = self.document.part.next_id - 1
        return self.shape_id

    def link(self, href: str) -> str:
        """The rId of an external hyperlink's relationship (one per address)."""
        rId = self.document.part.relate_to(href, RT.HYPERLINK, is_external=True)
        self.relations.append(("link", href, rId))
        return rId

    def _break_before(self, block: etree._Element) -> None:
        if block.tag == qn("w:p"):
            page_break_before(block)
        else:  # a table cannot carry the break itself
            self.section_properties.addprevious(
                paragraph(None, [run(None, None, el("w:br", {"w:type": "page"}))]))


def table_spacer(keep_next: bool = False) -> etree._Element:
    """An empty paragraph 2 pt tall: the line and its mark's font both that small; kept
    with the next table when the one before keeps with it."""
    mark = el("w:rPr")
    mark.append(el("w:sz", {"w:val": "4"}))
    keep = [el("w:keepNext")] if keep_next else []
    return paragraph("Normal", (), *keep,
                     el("w:spacing", {"w:before": "0", "w:after": "0", "w:line": "40",
                                      "w:lineRule": "exact"}), mark)


def _keeps_with_next(table: etree._Element) -> bool:
    """Whether the table's last row keeps with what follows (tables.py)."""
    rows = table.findall(qn("w:tr"))
    return bool(rows) and rows[-1].find(f".//{qn('w:keepNext')}") is not None


def page_break_before(block: etree._Element) -> None:
    properties = find_required(block, "w:pPr")
    if properties.find(qn("w:pageBreakBefore")) is None:
        insert_in_order(properties, el("w:pageBreakBefore"), PPR_ORDER)

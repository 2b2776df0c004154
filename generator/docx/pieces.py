"""A chapter's items kept in the build cache as pieces of the body (issue 14).

A summary edit changed one role, yet the 300-role Word handbook was converted again whole.
Each item of a chapter (its ``<h2 class="item-title">`` and what follows, up to the next)
is written once and kept: the body blocks it wrote and what it left in the Context. The
numbers in them that count over the whole document (bookmark ``w:id``, list ``w:numId``
and the ``w:num`` each list adds to the numbering part, picture shape ids, relationship
ids of pictures and links) are kept with the values they started from; an item taken from
the cache is shifted to where the item before it ended, and its relationships are made
again in the same order, so the body is the one writing every item afresh gives (tested
byte for byte). What reads the whole body runs after the join, as before: the page-break
rules (tails.py), fonts, the marks' headers, the furniture.

Bookmark names are document-wide too, but each is its id's own candidate when no two ids
give the same one (bookmarks.py); convert.py keeps pieces only then.

A piece is keyed by what writing it reads: the item's HTML, the state it starts from
(``_state``), whether it ends its chapter (its last blocks look at their next sibling),
the reference document, and the pictures it embeds.
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from .. import store
from ..buildcache import file_fingerprint, output_key
from .context import Context
from .figures import png_twin
from .lists import next_num_id
from .ooxml import find_required, qn

KIND = "docx-piece"
MIN_ITEMS = 3   # a chapter of fewer is written afresh: little to gain, a cache entry each
R_ID, R_EMBED = qn("r:id"), qn("r:embed")
# (element, attribute, counter): the numbers that count over the whole document
SHIFTED = (("w:bookmarkStart", "w:id", "bookmark"), ("w:bookmarkEnd", "w:id", "bookmark"),
           ("w:numId", "w:val", "num"), ("wp:docPr", "id", "shape"))
Writer = Callable[[Context, etree._Element], None]


@dataclass
class Piece:
    blocks: list[bytes]           # the body blocks, as written
    nums: list[bytes]             # the w:num elements its lists added to the numbering part
    starts: dict[str, int]        # the first number of each counter when it was written
    counts: dict[str, int]        # how many of each it used
    relations: list[tuple[str, str, str]]   # (kind, target, rId) in the order made
    marked: list[tuple[int, str]]           # (block, mark): sections ending with a mark
    run_on: list[int]             # blocks that are titles of workflows running on
    end: tuple                    # the state it leaves (_state, less ``written``)
    written: int                  # blocks counted by Context.add


def write_chapter(context: Context, children: list[etree._Element], write_block: Writer) -> None:
    head, items = _items(children)
    if context.piece_key is None or len(items) < MIN_ITEMS:
        head += [element for item in items for element in item]
        items = []
    for element in head:
        write_block(context, element)
    for number, item in enumerate(items):
        key = _key(context, item, last=number == len(items) - 1)
        data = store.load(KIND, key) if _links_known(context, item) else None
        if data is not None:
            _replay(context, pickle.loads(data))
        else:
            store.save(KIND, key, pickle.dumps(_record(context, item, write_block)))


def _items(children: list[etree._Element]) -> tuple[list, list[list]]:
    """The blocks before the first item, then each item's blocks."""
    head: list[etree._Element] = []
    items: list[list[etree._Element]] = []
    for child in children:
        if child.tag == "h2" and "item-title" in (child.get("class") or "").split():
            items.append([])
        (items[-1] if items else head).append(child)
    return head, items


def _state(context: Context) -> tuple:
    return (context.mark, context.last_block, context.keeping_head,
            context.page_break_pending, context.in_cover)


def _key(context: Context, item: list[etree._Element], last: bool) -> str:
    pictures = sorted({img.get("src") or "" for element in item for img in element.iter("img")})
    return output_key(KIND, context.piece_key or "", repr(_state(context)),
                      str(min(context.written, 2)), str(last),
                      *(etree.tostring(element, with_tail=False) for element in item),
                      *(f"{src}={file_fingerprint(png_twin(context.assets, src))}"
                        for src in pictures))


def _links_known(context: Context, item: list[etree._Element]) -> bool:
    """A link to an id no longer in the document is reported by writing the item afresh."""
    return all((link.get("href") or "")[1:] in context.known_ids
               for element in item for link in element.iter("a")
               if (link.get("href") or "").startswith("#"))


def _counters(context: Context) -> dict[str, int]:
    return {"bookmark": context.bookmarks.next_number, "num": next_num_id(context),
            "shape": context.last_shape_id() + 1}


def _record(context: Context, item: list[etree._Element], write_block: Writer) -> Piece:
    numbering = context.document.part.numbering_part.element
    # the last block and w:num before the item: counting an element's children is a walk
    # over them (lxml), and the body has thousands
    before, last_num = context.section_properties.getprevious(), _last_child(numbering)
    starts = _counters(context)
    relations, marked, run_on = (len(context.relations), len(context.marked),
                                 len(context.run_on_heads))
    written = context.written
    for element in item:
        write_block(context, element)
    blocks = _after(context.body, before, context.section_properties)
    index = {id(block): number for number, block in enumerate(blocks)}
    ends = _counters(context)
    return Piece(
        blocks=[etree.tostring(block) for block in blocks],
        nums=[etree.tostring(num) for num in _after(numbering, last_num)],
        starts=starts, counts={name: ends[name] - starts[name] for name in starts},
        relations=context.relations[relations:],
        marked=[(index[id(_paragraph_of(properties))], mark)
                for properties, mark in context.marked[marked:]],
        run_on=[index[id(head)] for head in context.run_on_heads[run_on:]],
        end=_state(context), written=context.written - written)


def _paragraph_of(properties: etree._Element) -> etree._Element:
    """The w:p whose w:pPr holds these section properties."""
    paragraph = properties.getparent()
    paragraph = paragraph.getparent() if paragraph is not None else None
    assert paragraph is not None, "a section's properties end a paragraph"
    return paragraph


def _last_child(parent: etree._Element) -> etree._Element | None:
    children = parent.iterchildren(reversed=True)
    return next(children, None)


def _after(parent: etree._Element, before: etree._Element | None,
           end: etree._Element | None = None) -> list[etree._Element]:
    """The children of ``parent`` after ``before`` (all when None), up to ``end``."""
    following = parent.iterchildren() if before is None else before.itersiblings()
    found = []
    for sibling in following:
        if sibling is end:
            break
        found.append(sibling)
    return found


def _replay(context: Context, piece: Piece) -> None:
    now = _counters(context)
    shift = {name: now[name] - piece.starts[name] for name in now}
    context.bookmarks.next_number += piece.counts["bookmark"]
    context.next_num_id += piece.counts["num"]
    context.shape_id = context.last_shape_id() + piece.counts["shape"]
    rids = {old: _relate(context, kind, target) for kind, target, old in piece.relations}
    blocks = [_shifted(etree.fromstring(data), shift, rids) for data in piece.blocks]
    numbering = context.document.part.numbering_part.element
    for data in piece.nums:
        numbering.append(_shifted(etree.fromstring(data), shift, rids))
    for block in blocks:
        context.section_properties.addprevious(block)
    context.marked += [(find_required(find_required(blocks[number], "w:pPr"), "w:sectPr"), mark)
                       for number, mark in piece.marked]
    context.run_on_heads += [blocks[number] for number in piece.run_on]
    (context.mark, context.last_block, context.keeping_head, context.page_break_pending,
     context.in_cover) = piece.end
    context.written += piece.written


def _relate(context: Context, kind: str, target: str) -> str:
    if kind == "image":
        rId, _ = context.document.part.get_or_add_image(str(context.assets / target))
        context.relations.append((kind, target, rId))
        return rId
    return context.link(target)


def _shifted(block: etree._Element, shift: dict[str, int],
             rids: dict[str, str]) -> etree._Element:
    for tag, attribute, counter in SHIFTED:
        name = qn(attribute) if ":" in attribute else attribute
        for element in block.iter(qn(tag)):
            element.set(name, str(int(element.get(name, "")) + shift[counter]))
    for element in block.iter(qn("w:num")):
        element.set(qn("w:numId"), str(int(element.get(qn("w:numId"), "")) + shift["num"]))
    for element in block.iter(qn("a:blip"), qn("w:hyperlink")):
        for name in (R_EMBED, R_ID):
            if (rId := element.get(name)) is not None:
                element.set(name, rids[rId])
    return block

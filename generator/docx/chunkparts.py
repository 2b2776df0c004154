"""What one chunk of the Word handbook reads when LibreOffice lays it out (tocchunks.py):
the lists it numbers and the parts every chunk shares, for its cache key; and a chunk's
document made small, with only the lists, pictures and relationships it uses (300 roles:
numbering.xml alone is 150 KB of ~2,000 lists, which every document LibreOffice loads
would read).
"""
from __future__ import annotations

import bisect
import copy
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Sequence

from lxml import etree

from .ooxml import child

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PPR, P_STYLE, NUM_PR = f"{{{W}}}pPr", f"{{{W}}}pStyle", f"{{{W}}}numPr"
NUM_ID_TAG, ILVL, P = f"{{{W}}}numId", f"{{{W}}}ilvl", f"{{{W}}}p"
RELS = "word/_rels/document.xml.rels"
# Relationships a chunk needs only if it names them (the others: styles, headers…: always).
NAMED_TYPES = ("/image", "/hyperlink")
# Ids that name things but do not move text: left out of the keys, so that a heading added
# earlier in the book (its bookmark id) does not make every chunk after it new.
NAMING_IDS = (re.compile(rb'(<w:bookmark(?:Start|End) )w:id="\d+" ?'),
              re.compile(rb'(<wp:docPr )id="\d+" ?(?:name="[^"]*" ?)?'),
              re.compile(rb'() r:(?:embed|link|id)="[^"]*"'))
NUM_ID = re.compile(rb'<w:numId w:val="(\d+)"/>')
NAMED = re.compile(rb'r:(?:embed|link|id)="([^"]*)"')


def canonical(xml: bytes, numbering: dict[bytes, bytes]) -> bytes:
    """A chunk's XML less the ids that only name things, each list named by its
    definition (its number in numbering.xml moves when a list is added before it)."""
    for naming in NAMING_IDS:
        xml = naming.sub(rb"\1", xml)
    return NUM_ID.sub(lambda m: b'<w:numId w:val="' + numbering.get(m.group(1), m.group(1))
                      + b'"/>', xml)


def shared_parts(parts: dict[str, bytes]) -> str:
    """What every chunk's layout reads besides its own XML: the styles, settings, theme
    and font table (not the body, the lists, the headers: per chunk; not the pictures:
    laid out as 1×1 placeholders at their drawing's size; not the relationships)."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if (re.fullmatch(r"word/[^/]+\.xml", name)
                and name not in ("word/document.xml", "word/numbering.xml")
                and not re.fullmatch(r"word/(header|footer)\d*\.xml", name)):
            digest.update(name.encode() + b"\0" + hashlib.sha256(parts[name]).digest())
    return digest.hexdigest()


def relationships(parts: dict[str, bytes]) -> dict[str, str]:
    """The main document's relationship ids → their targets."""
    xml = parts.get(RELS)
    if xml is None:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in etree.fromstring(xml)}


# ---------------------------------------------------------------- lists across chunks
def merge_lists(blocks: Sequence[etree._Element], starts: list[int],
                counters: Callable[[etree._Element], str | None]) -> list[int]:
    """``starts`` less the cuts a numbered list goes on across: a list's items are
    numbered on from the ones before them, which a chunk alone would not have."""
    chunk_of = [bisect.bisect_right(starts, index) - 1 for index in range(len(blocks))]
    spans: dict[str, tuple[int, int]] = {}
    for index, block in enumerate(blocks):
        chunk = chunk_of[index]
        paragraphs = [block] if block.tag == P else block.iter(P)
        for paragraph in paragraphs:
            counter = counters(paragraph)
            if counter is not None:
                low, high = spans.get(counter, (chunk, chunk))
                spans[counter] = (min(low, chunk), max(high, chunk))
    joined: set[int] = set()
    for low, high in spans.values():
        joined.update(range(low + 1, high + 1))  # chunks that go on from the one before
    return [start for chunk, start in enumerate(starts) if chunk not in joined]


def counters(parts: dict[str, bytes]) -> Callable[[etree._Element], str | None]:
    """The counter a paragraph's number comes from, or None (no number, or a bullet): its
    own list (``w:num``) when that restarts its numbering, else the abstract list every
    list of that definition without a restart counts on."""
    styles = _style_numbers(parts.get("word/styles.xml"))
    nums, bullets = _numbering(parts.get("word/numbering.xml"))

    def counter(paragraph: etree._Element) -> str | None:
        # child finds by full tag (lxml's C) rather than prefixed paths (ElementPath, in
        # Python): asked of every paragraph of the book
        props = child(paragraph, PPR)
        numbered = child(props, NUM_PR)
        num, level, style = child(numbered, NUM_ID_TAG), child(numbered, ILVL), \
            child(props, P_STYLE)
        num_id = (num.get(f"{{{W}}}val") if num is not None
                  else styles.get(style.get(f"{{{W}}}val", "") if style is not None else ""))
        if num_id is None or num_id not in nums:  # numId 0: no number
            return None
        abstract, restarts = nums[num_id]
        if (abstract, "0" if level is None else level.get(f"{{{W}}}val", "0")) in bullets:
            return None
        return f"num {num_id}" if restarts else f"abstract {abstract}"
    return counter


def _style_numbers(styles_xml: bytes | None) -> dict[str, str]:
    """Paragraph style → the list (numId) it numbers by, following basedOn."""
    if styles_xml is None:
        return {}
    own, based = {}, {}
    for style in etree.fromstring(styles_xml).iterfind("w:style", NS):
        name = style.get(f"{{{W}}}styleId", "")
        num = style.find("w:pPr/w:numPr/w:numId", NS)
        parent = style.find("w:basedOn", NS)
        if num is not None:
            own[name] = num.get(f"{{{W}}}val", "")
        if parent is not None:
            based[name] = parent.get(f"{{{W}}}val", "")
    found = {}
    for name in {*own, *based}:
        seen, at = set(), name
        while at not in own and at in based and at not in seen:
            seen.add(at)
            at = based[at]
        if at in own:
            found[name] = own[at]
    return found


def _numbering(numbering_xml: bytes | None
               ) -> tuple[dict[str, tuple[str, bool]], set[tuple[str, str]]]:
    """numId → (abstractNumId, whether it restarts), and the (abstract, level) pairs that
    are bullets."""
    if numbering_xml is None:
        return {}, set()
    root = etree.fromstring(numbering_xml)
    bullets = {(abstract.get(f"{{{W}}}abstractNumId", ""), level.get(f"{{{W}}}ilvl", ""))
               for abstract in root.iterfind("w:abstractNum", NS)
               for level in abstract.iterfind("w:lvl", NS)
               if (fmt := level.find("w:numFmt", NS)) is not None
               and fmt.get(f"{{{W}}}val") in ("bullet", "none")}
    nums = {}
    for num in root.iterfind("w:num", NS):
        abstract = num.find("w:abstractNumId", NS)
        nums[num.get(f"{{{W}}}numId", "")] = (
            "" if abstract is None else abstract.get(f"{{{W}}}val", ""),
            num.find("w:lvlOverride/w:startOverride", NS) is not None)
    return nums, bullets


def num_definitions(parts: dict[str, bytes]) -> dict[bytes, bytes]:
    """numId → what numbers by it (its overrides and its abstract list), as key bytes."""
    xml = parts.get("word/numbering.xml")
    if xml is None:
        return {}
    root = etree.fromstring(xml)
    abstracts = {abstract.get(f"{{{W}}}abstractNumId", ""): _without_id(abstract)
                 for abstract in root.iterfind("w:abstractNum", NS)}
    found = {}
    for num in root.iterfind("w:num", NS):
        abstract = num.find("w:abstractNumId", NS)
        name = "" if abstract is None else abstract.get(f"{{{W}}}val", "")
        overrides = b"".join(etree.tostring(item) for item in num.iterfind("w:lvlOverride", NS))
        digest = hashlib.sha256(abstracts.get(name, b"") + b"\0" + overrides).hexdigest()
        found[num.get(f"{{{W}}}numId", "").encode()] = digest.encode()
    return found


def _without_id(abstract: etree._Element) -> bytes:
    abstract = copy.deepcopy(abstract)
    abstract.attrib.pop(f"{{{W}}}abstractNumId", "")
    return etree.tostring(abstract)


# ---------------------------------------------------------------- a chunk's document
def slim_docx(parts: dict[str, bytes], document_xml: bytes) -> bytes:
    """The package with ``document_xml`` as its body, less the lists, relationships and
    pictures it does not use, stored uncompressed (LibreOffice only reads it)."""
    parts = dict(parts)
    parts["word/document.xml"] = document_xml
    named = set(NAMED.findall(document_xml))
    if RELS in parts:
        parts[RELS] = _used_relationships(parts[RELS], named)
    used_media = {target for name, xml in parts.items() if name.endswith(".rels")
                  for target in re.findall(rb'Target="(media/[^"]+)"', xml)}
    parts = {name: data for name, data in parts.items()
             if not name.startswith("word/media/") or name[5:].encode() in used_media}
    if "word/numbering.xml" in parts:
        parts["word/numbering.xml"] = _used_lists(
            parts["word/numbering.xml"],
            set(NUM_ID.findall(document_xml)) | set(NUM_ID.findall(parts.get("word/styles.xml",
                                                                              b""))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _used_relationships(xml: bytes, named: set[bytes]) -> bytes:
    root = etree.fromstring(xml)
    for rel in list(root):
        if (rel.get("Type", "").endswith(NAMED_TYPES)
                and rel.get("Id", "").encode() not in named):
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _used_lists(xml: bytes, used: set[bytes]) -> bytes:
    """numbering.xml with the lists numbered by ``used`` numIds and their definitions.
    Left whole when a definition links to a list style (numStyleLink): which it needs
    is then not plain."""
    root = etree.fromstring(xml)
    if root.find(".//w:numStyleLink", NS) is not None:
        return xml
    kept = set()
    for num in root.findall("w:num", NS):
        abstract = num.find("w:abstractNumId", NS)
        if num.get(f"{{{W}}}numId", "").encode() in used:
            kept.add("" if abstract is None else abstract.get(f"{{{W}}}val", ""))
        else:
            root.remove(num)
    for abstract in root.findall("w:abstractNum", NS):
        if abstract.get(f"{{{W}}}abstractNumId", "") not in kept:
            root.remove(abstract)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

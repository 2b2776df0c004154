"""A Word file cut into *units* LibreOffice can page one by one (pagination.py).

A unit is a run of the body's blocks that starts on a new page and ends where the next
one starts: at a paragraph with ``pageBreakBefore`` (each chapter and each document of the
handbook) or after a section break that starts a new page. Nothing flows across such a
boundary, so a unit printed on its own has the pages it has in the whole file, shifted by
the pages before it. What could still tie one unit to another is kept the same:

- the unit's first page comes after a page break, as in the whole file: a unit not at the
  start is printed behind one empty page (ending the previous section, with its
  properties, when the unit starts a section, so a title page's own header stays on the
  page before), and is followed by one empty page that starts the next unit the way the
  whole file does (a page break, or the next section with its properties), so the unit's
  last paragraph ends a section or precedes a break exactly as there; neither is counted;
- every part the body reads (styles, numbering, settings, headers and footers, the
  pictures it shows) is the file's own; a page-number field prints other numbers, one
  line either way;
- a numbered list (not bullets) counts on across page breaks, so the units holding one
  list's paragraphs are joined into one.

The whole file can also be printed with a bookmark at each unit's start
(``Split.marked``): LibreOffice exports bookmarks as named destinations, which give each
unit's first page, so one whole print pages every unit at once.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .package import ZIP_EPOCH

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
MARK = "sopkitunit"  # + the unit's index: the bookmark at its start in the marked file
_OFF = ("0", "false", "off")
_IMAGE_REL = R + "/image"
DOCUMENT_RELS = "word/_rels/document.xml.rels"


@dataclass(frozen=True)
class Unit:
    """One unit's print file's ``document.xml`` (``Split.file`` packs the file):
    ``lead`` pages before the unit, ``trail`` after it."""

    body: bytes
    lead: int
    trail: int


class Split:
    """A Word file's units, and the whole file with their starts marked."""

    def __init__(self, docx: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            self._parts = {name: archive.read(name) for name in archive.namelist()}
        self.size = len(self._parts["word/document.xml"])
        self._document = etree.fromstring(self._parts["word/document.xml"])
        body = self._document.find("w:body", NS)
        assert body is not None  # every .docx python-docx writes has one
        self._blocks = [child for child in body if child.tag != _w("sectPr")]
        self._final = body.find("w:sectPr", NS)
        self._ranges = _join_lists(_unit_ranges(self._blocks), self._blocks,
                                   _style_numbering(self._parts),
                                   _counted_lists(self._parts))
        self.units = [self._unit(start, end) for start, end in self._ranges]
        self._digests = {name: _digest(name, data) for name, data in self._parts.items()}

    def _unit(self, start: int, end: int) -> Unit:
        blocks = self._blocks
        lead = [_lead(blocks[start - 1])] if start else []
        trail = [_trail(blocks[end - 1])] if end < len(blocks) else []
        section = _section_of(blocks, end, self._final) if trail else self._final
        content = [*lead, *(deepcopy(block) for block in blocks[start:end]), *trail]
        return Unit(_unit_body(self._document, content, section), len(lead), len(trail))

    def file(self, unit: Unit) -> bytes:
        """The unit's print file: the file's parts, its body, only the pictures it shows."""
        return _stored_zip(self._unit_parts(unit))

    def fingerprint(self, unit: Unit) -> str:
        """A hash of the unit's print file without packing it: of each of its parts, the
        unchanged ones hashed once for all units (a picture only its unit shows is in its
        unit's fingerprint alone, so a changed chart re-prints only that unit)."""
        parts = self._unit_parts(unit)
        return hashlib.sha256(b"".join(
            self._digests[name] if data is self._parts.get(name) else _digest(name, data)
            for name, data in sorted(parts.items()))).hexdigest()

    def _unit_parts(self, unit: Unit) -> dict[str, bytes]:
        parts = {**self._parts, "word/document.xml": unit.body}
        _drop_unused_pictures(parts, unit.body)
        return parts

    def marked(self) -> bytes:
        """The whole file with a bookmark ``sopkitunit<i>`` at the start of each unit
        after the first (a bookmark takes no room: the pages are the file's own)."""
        document = deepcopy(self._document)
        body = document.find("w:body", NS)
        assert body is not None
        blocks = [child for child in body if child.tag != _w("sectPr")]
        for index, (start, _) in enumerate(self._ranges[1:], start=1):
            paragraph = next(blocks[start].iter(_w("p")), None)
            if paragraph is not None:  # a unit without a paragraph stays unmarked
                _bookmark(paragraph, f"{MARK}{index}", 0x5E0000 + index)
        xml = etree.tostring(document, xml_declaration=True, encoding="UTF-8",
                             standalone=True)
        return _stored_zip({**self._parts, "word/document.xml": xml})


def _digest(name: str, data: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\0" + data).digest()


def _bookmark(paragraph: etree._Element, name: str, number: int) -> None:
    start = etree.Element(_w("bookmarkStart"), {_w("id"): str(number), _w("name"): name})
    end = etree.Element(_w("bookmarkEnd"), {_w("id"): str(number)})
    at = 1 if len(paragraph) and paragraph[0].tag == _w("pPr") else 0
    paragraph.insert(at, end)
    paragraph.insert(at, start)


def _unit_ranges(blocks: list[etree._Element]) -> list[tuple[int, int]]:
    starts = [0] + [index for index in range(1, len(blocks))
                    if _breaks_before(blocks[index]) or _ends_section(blocks[index - 1])]
    return list(zip(starts, [*starts[1:], len(blocks)], strict=True))


def _breaks_before(block: etree._Element) -> bool:
    mark = block.find("w:pPr/w:pageBreakBefore", NS)
    return (block.tag == _w("p") and mark is not None
            and mark.get(_w("val"), "true") not in _OFF)


def _section_break(block: etree._Element) -> etree._Element | None:
    return block.find("w:pPr/w:sectPr", NS) if block.tag == _w("p") else None


def _ends_section(block: etree._Element) -> bool:
    """A section break whose next section starts on the next page (not continuous, and
    not on an odd or even page, which may add a blank page depending on the count)."""
    section = _section_break(block)
    kind = None if section is None else section.find("w:type", NS)
    return section is not None and (kind is None or kind.get(_w("val")) == "nextPage")


def _join_lists(ranges: list[tuple[int, int]], blocks: list[etree._Element],
                style_lists: dict[str, str], counted: dict[str, str]
                ) -> list[tuple[int, int]]:
    """``ranges`` with the units a counted list's paragraphs are in joined into one."""
    unit_of = {index: unit for unit, (start, end) in enumerate(ranges)
               for index in range(start, end)}
    seen: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        for num_id in _list_ids(block, style_lists) & counted.keys():
            seen.setdefault(counted[num_id], []).append(unit_of[index])
    join_previous = [False] * len(ranges)
    for units in seen.values():
        for unit in range(min(units) + 1, max(units) + 1):
            join_previous[unit] = True
    result: list[tuple[int, int]] = []
    for unit, (start, end) in enumerate(ranges):
        if join_previous[unit]:
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def _list_ids(block: etree._Element, style_lists: dict[str, str]) -> set[str]:
    ids = set()
    for paragraph in block.iter(_w("p")):
        num_id = paragraph.find("w:pPr/w:numPr/w:numId", NS)
        style = paragraph.find("w:pPr/w:pStyle", NS)
        if num_id is not None:
            ids.add(num_id.get(_w("val"), ""))
        elif style is not None and style.get(_w("val"), "") in style_lists:
            ids.add(style_lists[style.get(_w("val"), "")])
    return ids


def _style_numbering(parts: dict[str, bytes]) -> dict[str, str]:
    """Style id → the list its paragraphs are numbered in (List Number …)."""
    if "word/styles.xml" not in parts:
        return {}
    styles = etree.fromstring(parts["word/styles.xml"])
    return {style.get(_w("styleId"), ""): num_id.get(_w("val"), "")
            for style in styles.iterfind("w:style", NS)
            if (num_id := style.find("w:pPr/w:numPr/w:numId", NS)) is not None}


def _counted_lists(parts: dict[str, bytes]) -> dict[str, str]:
    """numId → the counter it numbers with, for the lists with a level that counts (every
    format but bullets). A list that restarts (``lvlOverride``) counts on its own; one that
    does not shares its counter with every such list of its abstract definition (as Word
    counts them), so they are treated as one list."""
    if "word/numbering.xml" not in parts:
        return {}
    numbering = etree.fromstring(parts["word/numbering.xml"])
    counting = {abstract.get(_w("abstractNumId"))
                for abstract in numbering.iterfind("w:abstractNum", NS)
                if any(fmt.get(_w("val")) not in ("bullet", "none")
                       for fmt in abstract.iterfind("w:lvl/w:numFmt", NS))}
    counters = {}
    for num in numbering.iterfind("w:num", NS):
        abstract = num.find("w:abstractNumId", NS)
        definition = None if abstract is None else abstract.get(_w("val"))
        if definition in counting:
            num_id = num.get(_w("numId"), "")
            restarts = num.find("w:lvlOverride", NS) is not None
            counters[num_id] = num_id if restarts else f"abstract {definition}"
    return counters


def _lead(before: etree._Element) -> etree._Element:
    """The empty page before a unit: the end of the previous section when the unit starts
    one, else a page of the unit's own section."""
    section = _section_break(before)
    return _empty_paragraph(None if section is None else deepcopy(section))


def _trail(last: etree._Element) -> etree._Element:
    """The empty page after a unit: the next section's start, or a page break."""
    if _section_break(last) is not None:
        return _empty_paragraph()
    return _empty_paragraph(etree.Element(_w("pageBreakBefore")))


def _empty_paragraph(mark: etree._Element | None = None) -> etree._Element:
    paragraph = etree.Element(_w("p"))
    if mark is not None:
        etree.SubElement(paragraph, _w("pPr")).append(mark)
    return paragraph


def _section_of(blocks: list[etree._Element], index: int,
                final: etree._Element | None) -> etree._Element | None:
    """The properties of the section block ``index`` is in: the next break's, or the
    body's own."""
    for block in blocks[index:]:
        section = _section_break(block)
        if section is not None:
            return section
    return final


def _unit_body(document: etree._Element, content: list[etree._Element],
               section: etree._Element | None) -> bytes:
    """A ``document.xml`` with the file's root and a body of ``content``."""
    prefixes = {prefix: uri for prefix, uri in document.nsmap.items() if prefix}
    shell = etree.Element(document.tag, nsmap=prefixes)
    for name, value in document.attrib.items():
        shell.set(name, value)
    body = etree.SubElement(shell, _w("body"))
    body.extend(content)
    if section is not None:
        body.append(deepcopy(section))
    return etree.tostring(shell, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_unused_pictures(parts: dict[str, bytes], xml: bytes) -> None:
    """Pictures of other units weigh seconds of loading and never change a page here."""
    if DOCUMENT_RELS not in parts:
        return
    used = set(re.findall(rb'r:(?:embed|id|link)="([^"]+)"', xml))
    rels = etree.fromstring(parts[DOCUMENT_RELS])
    for rel in list(rels):
        if rel.get("Type") == _IMAGE_REL and rel.get("Id", "").encode() not in used:
            rels.remove(rel)
    parts[DOCUMENT_RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
    targets = b"".join(parts[name] for name in parts if name.endswith(".rels"))
    for name in [name for name in parts if name.startswith("word/media/")]:
        if name.removeprefix("word/").encode() not in targets:
            del parts[name]


def _stored_zip(parts: dict[str, bytes]) -> bytes:
    """Uncompressed (only LibreOffice reads it) and byte-stable (its hash is its key)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(parts, key=lambda name: (name != "[Content_Types].xml", name)):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            archive.writestr(info, parts[name])
    return buffer.getvalue()


def _w(name: str) -> str:
    return f"{{{W}}}{name}"

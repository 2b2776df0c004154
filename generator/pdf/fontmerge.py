"""One embedded font program per font in a joined book.

Every printed part embeds its own subset of each font (150–250 KB for a CJK font). Before
the parts' pages are copied into the book, each font's parts are pointed at shared objects
made here: one subset of the union of their glyphs (cut from the full font program a worker
left in the font folder), one widths array, one ToUnicode map. The parts' own subsets are
then never copied. Glyph ids are the full font's in every part (WeasyPrint subsets keeping
ids), so the page content streams stay as they are. A part usually embeds no subset at all,
only a placeholder (partfonts.py): its fonts are made here even when one part uses them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

from .hbsubset import subset
from .objects import array, dictionary
from .partfonts import is_placeholder

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_CMAP_HEAD = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
              b"/CIDSystemInfo\n<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
              b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
              b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n")
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


@dataclass
class _Font:
    """All parts' dictionaries of one font (one /BaseFont), and what they use."""
    type0: list[DictionaryObject] = field(default_factory=list)
    widths: dict[int, NumberObject | FloatObject] = field(default_factory=dict)
    unicode: dict[int, bytes] = field(default_factory=dict)
    placeholder: bool = False  # a part embedded no subset of it: it must be made here


def merge_fonts(readers: list[PdfReader], writer: PdfWriter, font_dir: Path | None) -> None:
    if font_dir is None:
        return
    for name, font in _fonts(readers).items():
        program = _program(font_dir, name)
        if (len(font.type0) < 2 and not font.placeholder) or program is None:
            _check_complete(name, font)
            continue
        content, index = program
        cut = subset(content, index, set(font.widths) | set(font.unicode))
        if cut is None:
            _check_complete(name, font)
            continue
        _share(writer, font, cut)


def _check_complete(name: str, font: _Font) -> None:
    """A placeholder left in the book would be a font without glyphs: partfonts.py only
    leaves one with the full program in the folder, and HarfBuzz able to cut it."""
    if font.placeholder:
        raise RuntimeError(f"font {name}: a part embedded a placeholder that the join "
                           "cannot replace")


def _fonts(readers: list[PdfReader]) -> dict[str, _Font]:
    fonts: dict[str, _Font] = {}
    seen: set[int] = set()
    for reader in readers:
        for page in reader.pages:
            resources = page.get("/Resources")
            dictionary = resources.get_object().get("/Font") if resources else None
            for ref in (dictionary.get_object().values() if dictionary else ()):
                type0 = ref.get_object()
                if id(type0) in seen or not _mergeable(type0):
                    continue
                seen.add(id(type0))
                font = fonts.setdefault(str(type0["/BaseFont"]), _Font())
                font.type0.append(type0)
                font.placeholder = font.placeholder or _has_placeholder(type0)
                _read_widths(array(_descendant(type0).get("/W", ArrayObject())), font.widths)
                _read_unicode(type0["/ToUnicode"].get_object().get_data(), font.unicode)
    return fonts


def _descendant(type0: DictionaryObject) -> DictionaryObject:
    return dictionary(array(type0["/DescendantFonts"])[0])


def _mergeable(type0: DictionaryObject) -> bool:
    if type0.get("/Subtype") != "/Type0" or type0.get("/Encoding") != "/Identity-H" \
            or "/ToUnicode" not in type0:
        return False
    descriptor = dictionary(_descendant(type0)["/FontDescriptor"])
    return "+" in str(type0["/BaseFont"]) and ("/FontFile3" in descriptor
                                                or "/FontFile2" in descriptor)


def _has_placeholder(type0: DictionaryObject) -> bool:
    descriptor = dictionary(_descendant(type0)["/FontDescriptor"])
    program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
    if program is None:  # _mergeable has one: only for the type checker
        return False
    stream = program.get_object()
    # a real subset is hundreds of KB: told apart without inflating it
    return len(getattr(stream, "_data", b"")) < 64 and is_placeholder(stream.get_data())


def _read_widths(widths_array: ArrayObject,
                 widths: dict[int, NumberObject | FloatObject]) -> None:
    items, i = list(widths_array), 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1].get_object(), ArrayObject):
            for offset, width in enumerate(items[i + 1].get_object()):
                widths.setdefault(first + offset, width)
            i += 2
        else:  # c_first c_last w
            for cid in range(first, int(items[i + 1]) + 1):
                widths.setdefault(cid, items[i + 2])
            i += 3


def _read_unicode(cmap: bytes, unicode: dict) -> None:
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, text in _BFCHAR.findall(block):
            unicode.setdefault(int(glyph, 16), text.lower())


def _program(font_dir: Path, base_font: str) -> tuple[bytes, int] | None:
    tag = base_font.lstrip("/").split("+")[0]
    found = sorted(font_dir.glob(f"{tag}-*.font"))
    if not found:
        return None
    return found[0].read_bytes(), int(found[0].stem.rsplit("-", 1)[1])


def _stream(writer: PdfWriter, data: bytes, extra: dict | None = None):
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update(extra or {})
    return writer._add_object(stream.flate_encode())


def _share(writer: PdfWriter, font: _Font, program: bytes) -> None:
    is_cff = program[:4] == b"OTTO"
    file_key = "/FontFile3" if is_cff else "/FontFile2"
    extra = {NameObject("/Subtype"): NameObject("/OpenType")} if is_cff \
        else {NameObject("/Length1"): NumberObject(len(program))}
    program_ref = _stream(writer, program, extra)
    unicode_ref = _stream(writer, _cmap(font.unicode))
    widths_ref = writer._add_object(_width_array(font.widths))
    widest = max((float(w) for w in font.widths.values()), default=0)
    cid_set = _stream(writer, _cid_set(font.widths))
    for type0 in font.type0:
        type0[NameObject("/ToUnicode")] = unicode_ref
        descendant = _descendant(type0)
        descendant[NameObject("/W")] = widths_ref
        descriptor = dictionary(descendant["/FontDescriptor"])
        descriptor[NameObject(file_key)] = program_ref
        box = array(descriptor["/FontBBox"])
        descriptor[NameObject("/FontBBox")] = ArrayObject(
            [box[0], box[1], FloatObject(max(widest, float(box[2]))), box[3]])
        if "/CIDSet" in descriptor:  # WeasyPrint writes one for PDF 1.4 and older
            descriptor[NameObject("/CIDSet")] = cid_set


def _width_array(widths: dict) -> ArrayObject:
    array = ArrayObject()
    for cid in sorted(widths):
        if cid - 1 not in widths:
            array.append(NumberObject(cid))
            array.append(ArrayObject())
        array[-1].append(widths[cid])
    return array


def _cid_set(widths: dict) -> bytes:
    bits = bytearray((max(widths, default=0) + 8) // 8)
    for cid in widths:
        bits[cid // 8] |= 0x80 >> (cid % 8)
    return bytes(bits)


def _cmap(unicode: dict[int, bytes]) -> bytes:
    lines = [_CMAP_HEAD]
    items = sorted(unicode.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar\n".encode())
        lines.extend(b"<%04x> <%s>\n" % (glyph, text) for glyph, text in batch)
        lines.append(b"endbfchar\n")
    lines.append(_CMAP_TAIL)
    return b"".join(lines)

"""Small helpers for the PDF WeasyPrint is about to write (its pydyf objects), so that a
form is finished before it is written (acroform.py) instead of being written, read back
by pypdf and written again.

pydyf names an indirect object in two ways: ``b"12 0 R"`` (a value of its own), and
inside an array as three items ``12, 0, "R"`` (how it lists a page tree's kids).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pydyf

from .cjkfont import StandardFont, identity_cmap

_REFERENCE = re.compile(rb"(\d+) 0 R")


def number_of(value: object) -> int | None:
    """The object number ``value`` refers to, or None if it is no reference."""
    if isinstance(value, str):
        value = value.encode("ascii", "replace")
    if isinstance(value, bytes):
        match = _REFERENCE.fullmatch(value)
        return int(match.group(1)) if match else None
    return None


def resolved(pdf: pydyf.PDF, value: object) -> object:
    """The object a reference names, or ``value`` itself."""
    number = number_of(value)
    return pdf.objects[number] if number is not None else value


def dictionary_at(pdf: pydyf.PDF, value: object) -> pydyf.Dictionary:
    """The dictionary ``value`` is or refers to; a bug in this pass if it is none."""
    found = resolved(pdf, value)
    if not isinstance(found, dict):
        raise TypeError(f"expected a dictionary, found {found!r}")
    return found


def referred(value: object) -> Iterator[int]:
    """The numbers of the objects ``value`` names, directly or inside its dictionaries,
    arrays and (for a stream) its dictionary."""
    if isinstance(value, pydyf.Stream):
        value = value.extra
    if isinstance(value, dict):
        for item in value.values():
            yield from referred(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if item == "R" and index >= 2 and isinstance(value[index - 2], int):
                yield value[index - 2]
            elif not isinstance(item, (int, float)):
                yield from referred(item)
    else:
        number = number_of(value)
        if number is not None:
            yield number


def emptied_unreachable(pdf: pydyf.PDF) -> int:
    """Replace every object that the catalog and the info dictionary no longer reach by an
    empty dictionary (pydyf cannot leave a number out of a compressed object table), so a
    dropped font's program is not written; returns how many."""
    reached, todo = set(), [pdf.catalog.number, *((pdf.info.number,) if pdf.info.number
                                                  else ())]
    todo.extend(referred(pdf.info))
    while todo:
        number = todo.pop()
        if number in reached or not 0 < number < len(pdf.objects):
            continue
        reached.add(number)
        todo.extend(referred(pdf.objects[number]))
    emptied = 0
    for number in range(1, len(pdf.objects)):
        if number not in reached:
            pdf.objects[number] = _empty(number)
            emptied += 1
    return emptied


def _empty(number: int) -> pydyf.Dictionary:
    empty = pydyf.Dictionary()
    empty.number = number
    return empty


def added(pdf: pydyf.PDF, obj: pydyf.Object) -> bytes:
    """``obj`` added to ``pdf``; its reference."""
    pdf.add_object(obj)
    return obj.reference


def javascript(code: str) -> pydyf.Dictionary:
    return pydyf.Dictionary({"S": "/JavaScript", "JS": pydyf.String(code)})


def standard_font(pdf: pydyf.PDF, font: StandardFont) -> bytes:
    """The Type 0 dictionary of a standard CJK font, not embedded (cjkfont.py: the same
    entries as ``cjkfont.add_font`` writes with pypdf), added to ``pdf``."""
    to_unicode = added(pdf, pydyf.Stream([identity_cmap()], compress=True))
    descriptor = pydyf.Dictionary({
        "Type": "/FontDescriptor", "FontName": f"/{font.name}", "Flags": 6,
        "FontBBox": pydyf.Array(font.bbox), "ItalicAngle": 0, "Ascent": font.ascent,
        "Descent": font.descent, "CapHeight": font.ascent, "StemV": font.stem_v})
    cid_font = pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/CIDFontType0", "BaseFont": f"/{font.name}",
        "CIDSystemInfo": pydyf.Dictionary({"Registry": pydyf.String("Adobe"),
                                           "Ordering": pydyf.String(font.ordering),
                                           "Supplement": 2}),
        "FontDescriptor": descriptor, "DW": 1000,
        "W": pydyf.Array([1, pydyf.Array(font.widths)])})
    return added(pdf, pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/Type0", "BaseFont": f"/{font.name}",
        "Encoding": f"/{font.encoding}", "DescendantFonts": pydyf.Array([cid_font]),
        "ToUnicode": to_unicode}))

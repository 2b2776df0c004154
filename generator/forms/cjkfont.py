"""Adobe's standard Chinese fonts, named but not embedded, for what people type into fields.

A PDF may name STSong-Light (Simplified) or MSung-Light (Traditional) without embedding
it: Acrobat/Reader ship them (or their Asian font pack does), and other viewers (pdf.js,
PDFium, Preview, poppler with poppler-data) substitute an installed CJK font. The text is
encoded as UCS-2 through Adobe's predefined CMaps, so any BMP character a person types can
be shown — which no subset of an embedded font could promise — at a cost of ~1 KB.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .pdfobjects import add_object

RESOURCE_NAME = "/CJK"  # the font's name in the AcroForm's /DR and in field /DA strings


@dataclass(frozen=True, slots=True)
class StandardFont:
    name: str
    ordering: str        # Adobe character collection: GB1 (Simplified) or CNS1 (Traditional)
    encoding: str        # predefined CMap from UCS-2 to that collection's CIDs
    ascii_widths: str    # widths of U+0020–U+007E (CIDs 1–95 in both collections)
    ascent: int
    descent: int
    bbox: tuple[int, int, int, int]
    stem_v: int

    @property
    def widths(self) -> tuple[int, ...]:
        return _parsed_widths(self.ascii_widths)


@cache
def _parsed_widths(ascii_widths: str) -> tuple[int, ...]:
    # Parsed once: wrapping a long value measures every character, and parsing the
    # 95 widths each time made a 10,000-character value take 40 s to fill.
    return tuple(int(w) for w in ascii_widths.split())


# Published metrics of the two fonts; every other character is 1000 units (full width).
STSONG = StandardFont(
    "STSong-Light", "GB1", "UniGB-UCS2-H",
    "207 270 342 467 462 797 710 239 374 374 423 605 238 375 238 334 462 462 462 462 462 462 "
    "462 462 462 462 238 238 605 605 605 344 748 684 560 695 739 563 511 729 793 318 312 666 "
    "526 896 758 772 544 772 628 465 607 753 711 972 647 620 607 374 333 374 606 500 239 417 "
    "503 427 529 415 264 444 518 241 230 495 228 793 527 524 524 504 338 336 277 517 450 652 "
    "466 452 407 370 258 370 605",
    752, -271, (-25, -254, 1000, 880), 58)
MSUNG = StandardFont(
    "MSung-Light", "CNS1", "UniCNS-UCS2-H",
    "250 250 408 668 490 875 698 250 240 240 417 667 250 313 250 520 500 500 500 500 500 500 "
    "500 500 500 500 250 250 667 667 667 396 921 677 615 719 760 625 552 771 802 354 354 781 "
    "604 927 750 823 563 823 729 542 698 771 729 948 771 677 635 344 520 344 469 500 250 469 "
    "521 427 521 438 271 469 531 250 250 458 240 802 531 500 521 521 365 333 292 521 458 677 "
    "479 458 427 480 496 480 667",
    880, -120, (-160, -249, 1015, 1071), 93)


def font_for(locale: str | None) -> StandardFont:
    return MSUNG if locale == "zh-Hant" else STSONG


def char_width(font: StandardFont, char: str) -> int:
    """Advance of one character in 1/1000 em, as the font dictionary declares it."""
    code = ord(char)
    return font.widths[code - 0x20] if 0x20 <= code <= 0x7E else 1000


def text_width(font: StandardFont, text: str, size: float) -> float:
    return sum(char_width(font, char) for char in text) * size / 1000


def encode(text: str) -> bytes:
    """UCS-2 big-endian, which the font's CMap reads; characters beyond the BMP (rare
    CJK extensions, emoji) cannot be shown by these fonts and become U+FFFD."""
    return "".join(c if ord(c) <= 0xFFFF else "\ufffd" for c in text).encode("utf-16-be")


def add_font(writer: PdfWriter, font: StandardFont) -> IndirectObject:
    """The Type 0 font dictionary (its CID font and descriptor inline), added to ``writer``."""
    to_unicode = add_object(writer, identity_to_unicode().flate_encode())
    return add_object(writer, font_dictionary(font, to_unicode))


def font_dictionary(font: StandardFont, to_unicode: IndirectObject) -> DictionaryObject:
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): NameObject(f"/{font.name}"),
        NameObject("/Flags"): NumberObject(6),
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in font.bbox),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(font.ascent),
        NameObject("/Descent"): NumberObject(font.descent),
        NameObject("/CapHeight"): NumberObject(font.ascent),
        NameObject("/StemV"): NumberObject(font.stem_v),
    })
    cid_font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType0"),
        NameObject("/BaseFont"): NameObject(f"/{font.name}"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject(font.ordering),
            NameObject("/Supplement"): NumberObject(2)}),
        NameObject("/FontDescriptor"): descriptor,
        NameObject("/DW"): NumberObject(1000),
        NameObject("/W"): ArrayObject([NumberObject(1),
                                       ArrayObject(NumberObject(w) for w in font.widths)]),
    })
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject(f"/{font.name}"),
        NameObject("/Encoding"): NameObject(f"/{font.encoding}"),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
        NameObject("/ToUnicode"): to_unicode,
    })


def identity_to_unicode() -> DecodedStreamObject:
    """``identity_cmap`` as a pypdf stream."""
    stream = DecodedStreamObject()
    stream.set_data(identity_cmap())
    return stream


@cache
def identity_cmap() -> bytes:
    """Codes are UCS-2, so each code is its own Unicode value. Saying so explicitly matters
    to poppler (Evince, Okular): when it draws what a person types, it encodes through the
    font's ToUnicode map, and without this one it would derive CIDs from the character
    collection and write them where the UCS-2 CMap expects Unicode, printing gibberish."""
    ranges = [f"<{high:02X}00> <{high:02X}FF> <{high:02X}00>"
              for high in range(0x100) if not 0xD8 <= high <= 0xDF]  # no surrogate halves
    blocks = [ranges[i:i + 100] for i in range(0, len(ranges), 100)]
    body = "\n".join(f"{len(block)} beginbfrange\n" + "\n".join(block) + "\nendbfrange"
                     for block in blocks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")

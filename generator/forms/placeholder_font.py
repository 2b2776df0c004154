"""A tiny font with no glyphs, for WeasyPrint to attach to form fields.

WeasyPrint embeds the font of every form field whole, because a viewer may draw any
character into the field: with Noto Sans CJK that is ~16 MB. Fields are therefore drawn
in this 1 KB font, which nothing else uses, and generator/forms/acroform.py then points
them at a standard CJK font and drops this one. Generated with fontTools rather than
borrowed from the system, so the swap never depends on which fonts happen to be installed.
Its bytes are kept below: building it imports fontTools' name tables, ~0.4 s of CPU in
every build that looks its forms up in the cache (a test builds it and compares).
"""
from __future__ import annotations

import io

FAMILY = "sopkit form field"
POSTSCRIPT_MARK = "sopkit-form-field"  # how its name appears in the PDF's /BaseFont
FIXED_TIMESTAMP = 3_849_984_000         # 2026-01-01, in seconds since 1904 (OpenType's epoch)
# what built_font_bytes() gives, base64
FONT_BASE64 = (
    "AAEAAAAKAIAAAwAgT1MvMkUARFAAAAEoAAAAYGNtYXAADABzAAABkAAAADRnbHlmAAAAAAAAAcwAAAABaGVh"
    "ZCoKcOAAAACsAAAANmhoZWEDcgF+AAAA5AAAACRobXR4AfQAAAAAAYgAAAAGbG9jYQAAAAAAAAHEAAAABm1h"
    "eHAAAwACAAABCAAAACBuYW1l0gWJ4gAAAdAAAADJcG9zdAAHAAAAAAKcAAAAJgABAAAAAQAAGIAaQ18PPPUA"
    "AwPoAAAAAOV6GAAAAAAA5XoYAAAAAAAAAAAAAAAAAwACAAAAAAAAAAEAAANw/4gAAAH0AAAAAAAAAAEAAAAA"
    "AAAAAAAAAAAAAAABAAEAAAACAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAwH0AZAABQAEAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAPz8/PwAAACAAIANw/4gAAANwAHgAAAAA"
    "AAAAAAAAAAAAAAAgAAAB9AAAAAAAAAAAAAIAAAADAAAAFAADAAEAAAAUAAQAIAAAAAQABAABAAAAIP//AAAA"
    "IP///+EAAQAAAAAAAAAAAAAAAAAAAAAAAAAGAE4AAQAAAAAAAQARAAAAAQAAAAAAAgAHABEAAQAAAAAABgAR"
    "ABgAAwABBAkAAQAiACkAAwABBAkAAgAOAEsAAwABBAkABgAiAFlzb3BraXQgZm9ybSBmaWVsZFJlZ3VsYXJz"
    "b3BraXQtZm9ybS1maWVsZABzAG8AcABrAGkAdAAgAGYAbwByAG0AIABmAGkAZQBsAGQAUgBlAGcAdQBsAGEA"
    "cgBzAG8AcABrAGkAdAAtAGYAbwByAG0ALQBmAGkAZQBsAGQAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAACAAAAAwAA"
)


def built_font_bytes() -> bytes:
    """The font built with fontTools: what FONT_BASE64 holds."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space"])
    builder.setupCharacterMap({0x20: "space"})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "space": empty})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "space": (500, 0)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": FAMILY, "styleName": "Regular",
                            "psName": POSTSCRIPT_MARK})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    # fontTools stamps the current time into `head`; a fixed one keeps PDFs reproducible.
    builder.font["head"].created = builder.font["head"].modified = FIXED_TIMESTAMP
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def data_url() -> str:
    return "data:font/ttf;base64," + FONT_BASE64


def is_placeholder(base_font: object) -> bool:
    # WeasyPrint writes "/ABCDEF+sopkit-form-field": a subset tag before the name.
    return str(base_font).endswith(POSTSCRIPT_MARK)

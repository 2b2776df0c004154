"""Appearance streams for pre-filled text and combo fields, in the standard CJK font.

pypdf can draw field values, but it wraps only at spaces, so a Chinese paragraph would run
off as one line. Drawing them here keeps line breaks right for Chinese and English alike.
These are what every viewer shows and prints until someone edits the field; the viewer
then draws the new value itself, in the same standard font.
"""
from __future__ import annotations

import re

from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

from .cjkfont import RESOURCE_NAME, StandardFont, encode, text_width

PADDING_X = 4.25     # points between the box edge and the text (1.5 mm, as form.css)
PADDING_Y = 2.8      # above the first line of a multi-line field (1 mm)
LEADING = 1.25       # line height as a multiple of the font size
MIN_SIZE = 6.0       # smallest size a pre-filled one-line value is shrunk to
EM_BOTTOM = 0.12     # a CJK character's box reaches this far below the baseline (in em)
_TOKENS = re.compile(r"[A-Za-z0-9_@.\-+/:,%]+|\s|.", re.S)


def wrap(text: str, font: StandardFont, size: float, width: float) -> list[str]:
    """Lines no wider than ``width``: breaks anywhere between Chinese characters, only at
    spaces inside Latin words and numbers (unless a word alone is too wide)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _TOKENS.findall(paragraph):
            if not line or text_width(font, line + token, size) <= width:
                line += token
                continue
            lines.extend(split_long(line.rstrip(), font, size, width))
            line = token.lstrip()
        lines.extend(split_long(line, font, size, width))
    return lines


def split_long(line: str, font: StandardFont, size: float, width: float) -> list[str]:
    """A line that is one word too wide for the box (a URL, an account number) is broken
    between characters."""
    pieces, current = [], ""
    for char in line:
        if current and text_width(font, current + char, size) > width:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current]


def fitting_size(text: str, font: StandardFont, size: float, width: float) -> float:
    """A one-line value too long for its box is drawn smaller (down to 6 pt), as people
    write smaller in a narrow box on paper; the field's own size stays for typing."""
    needed = text_width(font, text, size)
    return size if needed <= width else max(MIN_SIZE, round(size * width / needed, 1))


def text_stream(value: str, rect, font: StandardFont, font_ref: IndirectObject,
                size: float, multiline: bool) -> DecodedStreamObject:
    width, height = float(rect[2]) - float(rect[0]), float(rect[3]) - float(rect[1])
    inner = width - 2 * PADDING_X
    if multiline:
        lines = wrap(value, font, size, inner)
    else:
        lines = [value.replace("\n", " ")]
        size = fitting_size(lines[0], font, size, inner)
    # the first baseline: below the top padding, or a CJK character's box centred
    top = (height - PADDING_Y - (1 - EM_BOTTOM) * size if multiline
           else (height - size) / 2 + EM_BOTTOM * size)
    body = [f"/Tx BMC q 1 1 {round(width - 2, 2)} {round(height - 2, 2)} re W n",
            f"BT {RESOURCE_NAME} {size} Tf 0 g {PADDING_X} {round(top, 2)} Td"]
    for index, line in enumerate(lines):
        move = "" if index == 0 else f"0 {-round(size * LEADING, 2)} Td "
        body.append(f"{move}<{encode(line).hex()}> Tj")
    body.append("ET Q EMC")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(body).encode("ascii"))
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, width, height)),
        NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject(RESOURCE_NAME): font_ref})}),
    })
    return stream

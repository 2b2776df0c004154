"""Appearance streams for pre-filled text and combo fields, in the standard CJK font.

pypdf can draw field values, but it wraps only at spaces, so a Chinese paragraph would run
off as one line. Drawing them here keeps line breaks right for Chinese and English alike.
These are what every viewer shows and prints until someone edits the field; the viewer
then draws the new value itself, in the same standard font.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
MIN_SIZE = 7.0       # smallest size a pre-filled value is shrunk to: 6 pt CJK is unreadable
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


@dataclass(frozen=True, slots=True)
class TextLayout:
    size: float
    lines: list[str]
    top: float          # the first baseline, from the bottom of the box
    fits: bool          # False: the box is too small even at MIN_SIZE, the end is cut off


def fitting_size(text: str, font: StandardFont, size: float, width: float) -> float:
    """A one-line value too long for its box is drawn smaller (down to MIN_SIZE), as people
    write smaller in a narrow box on paper; the field's own size stays for typing."""
    needed = text_width(font, text, size)
    return size if needed <= width else max(MIN_SIZE, round(size * width / needed, 1))


def layout(value: str, font: StandardFont, size: float, width: float, height: float,
           multiline: bool) -> TextLayout:
    """How a value is drawn in a box: on one line (smaller if need be) for a one-line
    field, else wrapped at the largest size from the field's own down to MIN_SIZE whose
    lines fit the box; what fits nowhere is drawn from the top at MIN_SIZE and reported."""
    inner = width - 2 * PADDING_X
    text = value if multiline else value.replace("\n", " ")
    if not multiline:
        small = fitting_size(text, font, size, inner)
        if text_width(font, text, small) <= inner:
            return TextLayout(small, [text], (height - small) / 2 + EM_BOTTOM * small, True)
    for step in _sizes(size):
        lines = wrap(text, font, step, inner)
        block = step * (1 + (len(lines) - 1) * LEADING)
        if block <= height - 2 * PADDING_Y:
            top = (height - PADDING_Y - (1 - EM_BOTTOM) * step if multiline
                   else (height + block) / 2 - (1 - EM_BOTTOM) * step)
            return TextLayout(step, lines, top, True)
    lines = wrap(text, font, MIN_SIZE, inner)
    return TextLayout(MIN_SIZE, lines, height - PADDING_Y - (1 - EM_BOTTOM) * MIN_SIZE, False)


def _sizes(size: float) -> list[float]:
    """The field's size, then half-points down to MIN_SIZE."""
    steps = [size]
    while steps[-1] - 0.5 >= MIN_SIZE:
        steps.append(round(steps[-1] - 0.5, 1))
    return steps if steps[-1] == MIN_SIZE or size < MIN_SIZE else [*steps, MIN_SIZE]


def text_stream(value: str, rect, font: StandardFont, font_ref: IndirectObject,
                size: float, multiline: bool) -> tuple[DecodedStreamObject, bool]:
    """The appearance stream, and whether the whole value is in it."""
    width, height = float(rect[2]) - float(rect[0]), float(rect[3]) - float(rect[1])
    drawn = layout(value, font, size, width, height, multiline)
    size, lines, top = drawn.size, drawn.lines, drawn.top
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
    return stream, drawn.fits

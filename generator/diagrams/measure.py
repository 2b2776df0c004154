"""How big a label is before Graphviz draws it, so a chart can be laid out by hand.

Swimlanes are placed by :mod:`.lanes`, not by `dot`, so box sizes are worked out here from
the text: a CJK character is one em wide in Noto Sans CJK, a Latin letter or digit a little
over half an em. The estimate errs wide (0.62 em) so text never runs out of its box.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LINE_HEIGHT = 1.3   # of the font size, as Pango sets a line of CJK text
LATIN_EM = 0.62


def char_width(char: str, size: float) -> float:
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    return size if wide else size * LATIN_EM


@lru_cache(maxsize=4096)  # a chart is measured two or three ways, with the same labels
def text_width(text: str, size: float) -> float:
    """The widest line of `text` (lines separated by newlines) at `size` points."""
    return max((sum(char_width(c, size) for c in line) for line in text.split("\n")),
               default=0.0)


@dataclass(frozen=True, slots=True)
class Block:
    """Lines of one size: their text and the room they take."""

    text: str
    size: float

    @property
    def width(self) -> float:
        return text_width(self.text, self.size)

    @property
    def height(self) -> float:
        return (self.text.count("\n") + 1) * self.size * LINE_HEIGHT


def blocks_size(blocks: list[Block]) -> tuple[float, float]:
    """Width and height of blocks stacked one under another."""
    return (max((b.width for b in blocks), default=0.0),
            sum(b.height for b in blocks))

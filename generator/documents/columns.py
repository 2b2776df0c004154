"""Widths of table columns that hold names, so that no name wraps before its last character.

A Chinese name wraps every ``k`` characters in a column ``k`` characters wide; the column
is as narrow as it can be while every name either fits on one line or leaves at least two
characters on its last line ("业务代 / 表" is what this prevents, issue 16).
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from .chartroom import TEXT_WIDTH_MM

CHAR_MM = 9.5 * 25.4 / 72  # a Chinese character of table text (9.5 pt)
PADDING_MM = 3.2 + 0.8     # a cell's padding, and a little for rounding
SPARE = 0.3                # of a character: Pango and LibreOffice measure differently


def name_column_percent(names: Iterable[str], narrowest: float = 10, widest: float = 16) -> int:
    """Percent of the text width for a column of ``names`` (between the limits)."""
    lengths = [len(name) for name in names if name]
    if not lengths:
        return math.ceil(narrowest)
    longest = max(lengths)
    per_line = next(k for k in range(max(1, math.ceil(longest / 2)), longest + 1)
                    if all(n <= k or n % k != 1 for n in lengths))
    percent = ((per_line + SPARE) * CHAR_MM + PADDING_MM) / TEXT_WIDTH_MM * 100
    return math.ceil(min(max(percent, narrowest), widest))

"""Control characters in a content file: masked before libyaml reads it, reported after.

libyaml refuses most control characters with an unlocated exception, and takes NEL,
U+2028 and U+2029 for line breaks that editors do not show, so every later line number
would be off. Each one is replaced by a stand-in that libyaml reads as an ordinary
character, so columns and lines stay as the editor shows them and a character written at
the end of a value still belongs to that value; the reader removes the stand-in from every
value, and `report` tells an error in a value from a warning in a comment.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostics, Loc
from .textsafety import CONTROL, char_name

MAX_REPORTS = 10  # of each kind per file: a binary pasted in is one problem, not 10,000
MAX_PLACED = 1_000  # characters given a line and column; a file with more is no text file

Span = tuple[tuple[int, int], tuple[int, int]]  # (line, column) start and end, 0-based


@dataclass(slots=True)
class Masked:
    text: str  # what libyaml is given
    stand_in: str = ""  # "" when the file has no control character
    found: list[tuple[int, int, str]] = field(default_factory=list)  # line, column, char
    count: int = 0  # all of them, placed or not


def mask(text: str) -> Masked:
    if not CONTROL.search(text):
        return Masked(text)
    found, line, line_start, last = [], 0, 0, 0
    for match in CONTROL.finditer(text):
        index = match.start()
        newlines = text.count("\n", last, index)  # counted once per stretch: O(file)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, index) + 1
        last = index
        found.append((line, index - line_start, match.group()))
        if len(found) == MAX_PLACED:
            break
    stand_in = _unused_private_char(text)
    masked, count = CONTROL.subn(stand_in, text)
    return Masked(masked, stand_in, found, count)


def _unused_private_char(text: str) -> str:
    """A private-use character the file does not contain (6,400 to choose from)."""
    return next(chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)


def report(masked: Masked, spans: list[Span], shown_path: str, diags: Diagnostics) -> None:
    """Report each character; ``spans`` are the file's scalars in document order."""
    in_values, elsewhere = _split(masked.found, spans)
    for line, col, char in in_values[:MAX_REPORTS]:
        diags.error(Loc(shown_path, line + 1, col + 1), f"invisible control character "
                    f"{char_name(char)} in a value: delete it (often pasted along with text "
                    "from another program)", "control-char")
    for line, col, char in elsewhere[:MAX_REPORTS]:
        diags.warning(Loc(shown_path, line + 1, col + 1), f"invisible control character "
                      f"{char_name(char)} outside any value (in a comment?): it is ignored; "
                      "delete it", "control-char")
    if len(in_values) > MAX_REPORTS or masked.count > len(masked.found):
        diags.error(Loc(shown_path, 1, 1), f"{masked.count:,} invisible control characters in "
                    f"this file, only the first {MAX_REPORTS} of each kind listed: is this "
                    "really a text file?", "control-char")


def _split(found: list, spans: list[Span]) -> tuple[list, list]:
    """Characters inside a scalar, and the others; both lists are in order, so one pass."""
    in_values: list = []
    elsewhere: list = []
    span = 0
    for line, col, char in found:
        while span < len(spans) and spans[span][1] <= (line, col):
            span += 1
        inside = span < len(spans) and spans[span][0] <= (line, col)
        (in_values if inside else elsewhere).append((line, col, char))
    return in_values, elsewhere

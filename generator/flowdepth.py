"""Find where flow collections (``[`` / ``{``) first nest deeper than a limit.

Newer libyaml releases (bundled with PyYAML 6.0.4) refuse deep flow nesting in their scanner,
which looks far ahead of the events we read, so the library stops a document before our own
depth check sees the level it refuses. This scan locates that level in the text itself, so the
message and its line:column are the same whatever libyaml is installed.
"""
from __future__ import annotations

_OPENERS = "[{"
_CLOSERS = "]}"
_TOKEN_STARTS = " \t\n[{,:"


def first_too_deep(text: str, line: int, column: int, depth: int,
                   limit: int) -> tuple[int, int] | None:
    """1-based (line, column) of the first opener past ``limit``, scanning from 0-based
    ``line``/``column`` with ``depth`` collections already open; None if none goes past."""
    index = _offset(text, line, column)
    while index < len(text):
        char = text[index]
        if char in _OPENERS:
            depth += 1
            if depth > limit:
                return _position(text, index)
        elif char in _CLOSERS:
            depth -= 1
        elif char == "#" and _starts_token(text, index):
            index = _end_of_line(text, index)
            continue
        elif char in "\"'" and _starts_token(text, index):
            index = _after_quoted(text, index)
            continue
        index += 1
    return None


def _offset(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line):
        offset = text.index("\n", offset) + 1
    return offset + column


def _position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _starts_token(text: str, index: int) -> bool:
    return index == 0 or text[index - 1] in _TOKEN_STARTS


def _end_of_line(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _after_quoted(text: str, index: int) -> int:
    """Index just past the quoted scalar opening at ``index`` (end of text if unclosed)."""
    quote = text[index]
    index += 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text.startswith("''", index):
                index += 2  # '' is an escaped quote inside a single-quoted scalar
                continue
            return index + 1
        index += 1
    return index

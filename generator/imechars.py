"""Characters a Chinese input method types where YAML needs ASCII: the full-width colon,
comma, 、, space, brackets and quotes, and the tab. libyaml reports them as a confusing
syntax error, often on the next line; this module finds the character itself, so that the
message can point at its exact column and say what to type instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

FULL_WIDTH_SPACE = "\u3000"
# What to type instead of each character, as the message says it.
FIXES = {
    "\uff1a": "full-width colon `：`: use an ASCII colon `:` followed by a space",
    "\uff0c": "full-width comma `，`: separate items with an ASCII comma `,`",
    "\u3001": "enumeration comma `、`: separate items with an ASCII comma `,`",
    "\u3000": "full-width space (U+3000): indent with ASCII spaces",
    "\t": "tab: indent with spaces (YAML does not allow tabs there)",
    "\uff3b": "full-width bracket `［`: use ASCII brackets `[` `]`",
    "\uff3d": "full-width bracket `］`: use ASCII brackets `[` `]`",
    "\u3010": "bracket `【`: use ASCII brackets `[` `]`",
    "\u3011": "bracket `】`: use ASCII brackets `[` `]`",
    "\uff5b": "full-width brace `｛`: use ASCII braces `{` `}`",
    "\uff5d": "full-width brace `｝`: use ASCII braces `{` `}`",
    "\u201c": "Chinese quote `“`: quote with ASCII quotes `\"`",
    "\u201d": "Chinese quote `”`: quote with ASCII quotes `\"`",
    "\u2018": "Chinese quote `‘`: quote with ASCII quotes `'`",
    "\u2019": "Chinese quote `’`: quote with ASCII quotes `'`",
}
_INDENT = re.compile(r"^[ \t\u3000]*")
_KEY = re.compile("^[ \u3000\t]*(?:-[ \u3000\t]+)?[^:#'\"\\s\uff1a][^:#\uff1a]*?\uff1a")
_OPENERS = "\uff3b\u3010\uff5b\u201c\u2018"  # full-width [ 【 { and Chinese quotes
LINES_BEFORE = 2  # libyaml often stops a line or two after the character


@dataclass(frozen=True, slots=True)
class Found:
    line: int    # 1-based, as messages show
    col: int
    message: str


def explain(text: str, line: int, col: int) -> Found | None:
    """The input-method character behind a syntax error libyaml found at 0-based
    ``line``/``col``: on that line or the few before it, closest first; None if none."""
    lines = text.split("\n")
    for number in range(min(line, len(lines) - 1), max(line - LINES_BEFORE, 0) - 1, -1):
        column = _structural(lines[number], col if number == line else None)
        if column is not None:
            char = lines[number][column]
            return Found(number + 1, column + 1, f"YAML syntax error: {FIXES[char]}")
    return None


def _structural(line: str, error_col: int | None) -> int | None:
    """The column of the first character on the line that stands where YAML needs ASCII."""
    indent = _INDENT.match(line)
    lead = indent.group() if indent else ""
    for index, char in enumerate(lead):
        if char in "\t\u3000":
            return index
    key = _KEY.match(line)
    if key:
        return key.end() - 1
    if error_col is not None and error_col < len(line) and line[error_col] == "\t":
        return error_col
    value = _value_start(line, len(lead))
    if value is not None and value < len(line) and line[value] in _OPENERS:
        return value
    if "{" in line or "[" in line:  # inside a flow collection a `，` ends nothing
        for index, char in enumerate(line):
            if char in "\uff0c\u3001" and _in_flow(line, index):
                return index
    return None


def _value_start(line: str, start: int) -> int | None:
    rest = line[start:]
    if rest.startswith("- "):
        return start + 2 + (len(rest[2:]) - len(rest[2:].lstrip(" ")))
    colon = line.find(": ", start)
    if colon < 0:
        return None
    after = colon + 2
    return after + (len(line[after:]) - len(line[after:].lstrip(" ")))


def _in_flow(line: str, index: int) -> bool:
    before = line[:index]
    return before.count("{") + before.count("[") > before.count("}") + before.count("]")


def single_item_hint(text: str) -> str | None:
    """For a flow list written as one item, ``[公司概况，财务部组织架构]``: the warning that it
    holds one item, and how to write it as two; None for text without `，` or `、`."""
    parts = [part.strip() for part in re.split("[\uff0c\u3001]", text) if part.strip()]
    if len(parts) < 2:
        return None
    return (f"this list has one item, `{text}`: if you meant {len(parts)} items, separate "
            f"them with ASCII commas: [{', '.join(parts)}]")

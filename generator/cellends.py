"""No table cell's text ends in a line of one Chinese character when printed (issue 16).

Chinese may break between any two characters, so a narrow column wraps "解决方案" as
"解决方 / 案", and neither WeasyPrint nor LibreOffice balances a paragraph's last line. The
print renderers (the PDF and the Word converter) therefore join the last Chinese character
of every line of text a cell holds (before a ``<br>``, at the end of a paragraph, list item
or the cell) to the character before it with U+2060 WORD JOINER: such a line may end with
two characters, never one. Lines shorter than ``SHORTEST`` are left alone.

WeasyPrint keeps the joiner (Unicode line breaking, class WJ) and prints nothing for it, not
even in the PDF's text. LibreOffice breaks Chinese-tagged text by its own rules, which
ignore it, so the Word converter gives the joined characters a run tagged with no language
(generator/docx/inline.py), where Unicode's rules apply. The joiner stays in the Word
file's text, invisible, so the converter joins only the cells whose text may wrap at their
width (generator/docx/tables.py): the rest stay findable as written.

The document HTML itself keeps the text as written: the portal, searches, redlines and
anything that reads the HTML never see the joiner. It is added to the HTML string just
before printing, by text surgery on the cells (the rest of the document is left byte for
byte, so nothing the renderers parse changes shape).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml import etree

WORD_JOINER = "\u2060"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Shorter lines are labels and names (版本, 文件编号, 业务代表): column widths from content keep
# them whole (generator/docx/tables.py, the templates' colgroups), and leaving them as
# written keeps them findable in the Word file.
SHORTEST = 6
_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", re.S)
_TOKEN = re.compile(r"(<[^>]*>)")
# a tag that ends a line of the cell's text: what follows starts a new line
_LINE_END = re.compile(r"<(?:br|/?(?:p|li|div|ul|ol|table|tr|td|th))\b", re.I)


def join_cell_ends(html: str) -> str:
    """``html`` with the last Chinese character of each line of text in a table cell joined
    to the one before it. Cells are found by their tags; a cell holding a table of its own
    is joined up to its first inner cell, which is joined on its own."""
    if "<t" not in html:
        return html
    return _CELL.sub(_join_cell, html)


def join_element_end(element: etree._Element) -> None:
    """The same, in place, for one cell's element of inline text only (the Word converter
    joins only cells whose text may wrap, so labels and short names stay findable)."""
    slots = list(_text_slots(element))
    tokens = [getattr(node, slot) or "" for node, slot in slots]
    _join_line_end(tokens, list(range(len(tokens))))
    for (node, slot), token in zip(slots, tokens, strict=True):
        if token != (getattr(node, slot) or ""):
            setattr(node, slot, token)


def _text_slots(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(node, "text" or "tail") of the element's text in reading order."""
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str):   # not a comment, whose text is not printed
            yield from _text_slots(child)
        yield child, "tail"


def _join_cell(match: re.Match[str]) -> str:
    content = match.group(2)
    if len(content) < SHORTEST or not CJK.search(content):  # most cells: RACI letters, names
        return match.group(0)
    tokens = _TOKEN.split(content)          # text, tag, text, tag, … text
    line: list[int] = []                    # indexes of the current line's text tokens
    for index, token in enumerate(tokens):
        if index % 2 and _LINE_END.match(token):
            _join_line_end(tokens, line)
            line = []
        elif not index % 2:
            line.append(index)
    _join_line_end(tokens, line)
    return match.group(1) + "".join(tokens) + match.group(3)


def _join_line_end(tokens: list[str], line: list[int]) -> None:
    """Put the joiner before the line's last Chinese character when only punctuation
    follows it and a printed character (not a space) precedes it."""
    last = _last_cjk(tokens, line)
    if last is None or len("".join(tokens[i] for i in line).strip()) < SHORTEST:
        return
    at, position = last
    after = tokens[at][position + 1:] + "".join(tokens[i] for i in line if i > at)
    if any(unicodedata.category(c)[0] in "LN" for c in after):
        return  # the line ends in a word or number of its own: it may wrap there
    before = tokens[at][:position] or "".join(tokens[i] for i in line if i < at)
    if before and not before[-1].isspace() and before[-1] != WORD_JOINER:
        tokens[at] = tokens[at][:position] + WORD_JOINER + tokens[at][position:]


def _last_cjk(tokens: list[str], line: list[int]) -> tuple[int, int] | None:
    for at in reversed(line):
        found = [m.start() for m in CJK.finditer(tokens[at])]
        if found:
            return at, found[-1]
    return None

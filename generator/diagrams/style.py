"""Shared look of all diagrams: fonts, colours, sizes."""
from __future__ import annotations

import textwrap
from html import escape

import graphviz

from ..textsafety import clip, without_control

# Department fills, picked in order of departments in org.yaml; soft enough for black text.
PALETTE = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#cffafe", "#fee2e2",
           "#e0e7ff", "#f3e8ff", "#ecfccb", "#ffedd5", "#e2e8f0")
LINE = "#334155"
MUTED = "#64748b"
FONT_SIZE = "11"
SMALL_SIZE = "9"
# Characters of content one chart box shows; the documents keep the full text. Bounded so
# dot's 16,384-character string limit is never reached and layout stays fast.
MAX_LABEL_CHARS = 80


def graph_attrs(font: str, rankdir: str = "TB", **overrides: str) -> dict[str, str]:
    return {"fontname": font, "fontsize": FONT_SIZE, "rankdir": rankdir, "newrank": "true",
            "nodesep": "0.3", "ranksep": "0.35", "bgcolor": "white", "pad": "0.2",
            "charset": "UTF-8", **overrides}


def node_attrs(font: str) -> dict[str, str]:
    return {"fontname": font, "fontsize": FONT_SIZE, "color": LINE, "penwidth": "1.0",
            "margin": "0.12,0.06"}


def edge_attrs(font: str) -> dict[str, str]:
    return {"fontname": font, "fontsize": SMALL_SIZE, "color": LINE, "arrowsize": "0.7"}


def html_label(*lines: tuple[str, str | None]) -> str:
    """An HTML-like label from (text, point size or None) lines; content is always escaped.

    A table rather than <BR/> keeps lines of different sizes from overlapping.
    """
    rows = []
    for text, size in lines:
        escaped = html_text(text).replace("\n", "<BR/>")
        if size:
            colour = MUTED if float(size) < float(FONT_SIZE) else LINE
            escaped = f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{escaped}</FONT>'
        rows.append(f"<TR><TD>{escaped}</TD></TR>")
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            + "".join(rows) + "</TABLE>>")


def label_text(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """Content as a chart shows it: no control characters or tabs (dot drops a tab without
    a space), cut to a box's worth."""
    return clip(without_control(text, " ").replace("\t", " "), limit)


def html_text(text: str) -> str:
    """Content inside an HTML-like label. dot still reads backslash escapes there (`\\N`
    prints the node's name, `\\\\` one backslash), so backslashes are doubled to stay literal."""
    # Twice the box's worth: room for the line breaks `wrap` put into text it cut already.
    return escape(label_text(text, 2 * MAX_LABEL_CHARS)).replace("\\", "\\\\")


def plain_label(text: str) -> str:
    """Content for a DOT label that is not HTML-like: backslashes kept literal (`\\e`,
    `\\l` and a final `\\` mean something to dot) and quotes escaped by the library."""
    return graphviz.escape(label_text(text))


def tooltip(text: str) -> graphviz.quoting.NoHtml:
    """Content for a box's hover text, shown as written. Graphviz reads a tooltip twice:
    backslash escapes (`\\N` is the node's name, `\\l` a line break) and then entities
    (`&amp;` shows as `&`); so a backslash goes in as four and `&` as `&amp;`. `nohtml`:
    a name in angle brackets is text, not an HTML-like label."""
    shown = label_text(" ".join(text.split()), 2 * MAX_LABEL_CHARS)
    return graphviz.nohtml(shown.replace("&", "&amp;").replace("\\", "\\" * 4))


def unwrapped(text: str) -> str:
    """Text :func:`wrap` broke into lines, as one line again (for a tooltip)."""
    return text.replace("\n", " " if _mostly_latin(text) else "")


def _mostly_latin(text: str) -> bool:
    """More Latin letters than other letters (CJK): a label that breaks at spaces."""
    latin = sum(char.isascii() and char.isalpha() for char in text)
    other = sum(char.isalpha() and not char.isascii() for char in text)
    return " " in text and latin > other


def wrap(text: str, width: int = 10) -> str:
    """Break long CJK labels into balanced lines (Chinese has no spaces to break on), so a
    box never ends with one orphaned character."""
    text = label_text(" ".join(text.split()))
    if len(text) <= width:
        return text
    if _mostly_latin(text):  # words wrap at spaces; a Latin letter is about half as wide
        return "\n".join(textwrap.wrap(text, width=width * 9 // 5, break_long_words=False))
    lines = -(-len(text) // width)
    size = -(-len(text) // lines)
    return "\n".join(text[i:i + size] for i in range(0, len(text), size))

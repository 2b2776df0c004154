"""WeasyPrint's short texts drawn from the glyphs drawn before, without shaping them again.

WeasyPrint 70.0 shapes every text box twice: once to lay it out, and again to draw it
(``draw.text.draw_text``: ``Layout.reactivate`` makes a new Pango layout with the same text
and style, ``draw_first_line`` shapes it and turns its glyph runs into ``TJ`` strings glyph
by glyph through cffi, then the layout is dropped). SVG charts draw their labels the same
way, one letter at a time. Short texts (a chart's letters, labels, table headings,
numbers) are mostly drawn again by the same process with the same text, Pango inputs and
justification: the glyphs, and so what is written, are the same.

This patch makes ``reactivate`` lazy when the style gives the same setup as the one the
layout was last set up with (so every attribute setup writes, but the Pango layout, its
language and style, already has the value it would get again). Only ``draw_first_line``
reads a reactivated layout (WeasyPrint's two callers of ``reactivate`` call it next); it
sets the layout up when it has to shape the line. A text of at most ``SHORT`` characters
is looked up by (text, justification spacing, every style value the Pango layout is made
from) among the lines drawn with the same FontConfiguration (drawnlines.py) and replayed:
the same fonts added to the page in the same order, the same glyph widths and Unicode text
recorded for the font subsets (in the same order), the same operators. A glyph width this
document already has, recorded differently (a font is shared across sizes), sends the line
to the full path, as do ellipses, unknown glyphs, text rise, bitmap and colour fonts.

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
import weakref
from contextlib import suppress
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
PENDING = "_sopkit_pending"  # on a Layout: the style a lazy reactivate will set up
LAST = "_sopkit_style"  # on a Layout: the style it was last set up with
# Only short texts are kept: they are the ones drawn again (a chart's letters, which SVG
# draws one by one, labels, table headings, numbers); a longer line is rarely drawn twice by
# one process, and recording it costs more than drawing it (bench/RESULTS.md, "paint19").
SHORT = 8
LIMIT = 20_000  # lines kept per FontConfiguration; then it starts again (memory)
# style values Layout.setup and set_text read (tab_size only for a tab: not taken)
_SHAPING = ("direction", "font_language_override", "lang", "font_style", "font_stretch",
            "font_weight", "font_size", "font_variant_caps", "font_variation_settings",
            "font_kerning", "font_variant_ligatures", "font_variant_position",
            "font_variant_numeric", "font_variant_alternates", "font_variant_east_asian",
            "font_feature_settings", "word_spacing", "letter_spacing", "overflow_wrap",
            "text_decoration_line")


def _key(style: Any) -> tuple:
    """Every style value a Layout is set up from (TypeError: one cannot be a key)."""
    key = (tuple(style["font_family"]), *(style[name] for name in _SHAPING))
    hash(key)
    return key


def _same_setup(style: Any, last: Any) -> bool:
    if style is last:
        return True
    if last is None or style.font_config is not last.font_config:
        return False
    try:
        return _key(style) == _key(last)
    except TypeError:
        return False


def _lazy_text(text: str) -> bool:
    """set_text leaves this text as it is (no newline cut, tabs or lone justified space)."""
    return "\n" not in text and "\t" not in text and text != " "


def _reactivate(original: Any):
    def reactivate(self: Any, style: Any) -> None:
        state = self.__dict__
        if "layout" in state or not _lazy_text(self.text) \
                or not _same_setup(style, state.get(LAST)):
            state.pop(PENDING, None)
            original(self, style)
            return
        state[PENDING] = style
        self.first_line_direction = 0  # (what setup sets)

    reactivate.sopkit_lazy = True  # type: ignore[attr-defined]
    return reactivate


def _deactivate(original: Any):
    def deactivate(self: Any) -> None:
        state = self.__dict__
        pending = state.pop(PENDING, None)
        if pending is not None and "layout" not in state:
            state[LAST] = pending  # never set up again: nothing to drop
            return
        style = state.get("style")
        original(self)
        state[LAST] = style

    return deactivate


def _draw(original: Any, reactivate: Any, deactivate: Any, lines: Any):
    def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any,
                        matrix: Any) -> list:
        layout = textbox.pango_layout
        style = layout.__dict__.get(PENDING)
        if style is None or not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
            # (WeasyPrint draws nothing for the last two, without reading the layout)
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        key = None
        if len(layout.text) <= SHORT and text_overflow != "ellipsis" and block_ellipsis == "none":
            with suppress(TypeError):  # a style value that cannot be a key: not kept
                key = (layout.text, layout.justification_spacing, _key(style))
        if key is None:
            del layout.__dict__[PENDING]
            reactivate(layout, style)  # set up now, as reactivate would have
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        book = _BOOKS.get(style.font_config)
        if book is None:
            book = _BOOKS[style.font_config] = lines.Book()
        line = book.lines.get(key)
        fonts = line and lines.fonts(stream, line)
        if fonts is None:
            del layout.__dict__[PENDING]
            reactivate(layout, style)
            line, fonts = lines.record(stream, layout, book)
            if line is None:
                return original(stream, textbox, text_overflow, block_ellipsis, matrix)
            # dropped again, still reactivated for its caller: a layout svgfast.py shares
            # between a chart's letters is then drawn from the memo the next time too
            deactivate(layout)
            layout.__dict__[PENDING] = layout.__dict__[LAST] = style
            if line.exact:
                if len(book.lines) >= LIMIT:
                    book.lines.clear()
                book.lines[key] = line
        else:
            lines.note(line, fonts)
        layout.first_line_direction = line.direction
        lines.show(stream, line, fonts, matrix)
        return []

    draw_first_line.sopkit_memo = True  # type: ignore[attr-defined]
    return draw_first_line


def _sites() -> list[Site]:
    layout = importlib.import_module("weasyprint.text.line_break").Layout
    return [(layout, "reactivate"), (layout, "deactivate"),
            (importlib.import_module("weasyprint.draw.text"), "draw_first_line")]


def _make(originals: list[Any]) -> list[Any]:
    from . import drawnlines
    reactivate, deactivate, draw_first_line = originals
    return [_reactivate(reactivate), _deactivate(deactivate),
            _draw(draw_first_line, reactivate, deactivate, drawnlines)]


# the lines drawn with each FontConfiguration (drawnlines.Book), as long as it lives
_BOOKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
PATCH = Patch(VERSION, _sites, _make)
install = PATCH.install


def switch(on: bool) -> None:
    """On or off, and every line drawn so far forgotten (a bench's rounds start alike)."""
    _BOOKS.clear()
    PATCH.switch(on)

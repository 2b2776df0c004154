"""The min- and max-content widths of text, measured once per font configuration.

WeasyPrint 70.0 measures the text of every cell of an automatic table (``table.raci``,
``table.cover-meta``) and of every margin box of every page (the running header: the same
organisation and title on each page) line by line (``layout.preferred.
inline_line_widths``): for each line it calls ``split_first_line`` with no width (max-
content) or a width of 0 (min-content), and for the latter Pango lays out the whole rest
of the text to find where its first line ends, so a Chinese text without spaces costs a
layout per character (and, with ``overflow-wrap: anywhere``, a second one to break it
there). About 5 % of a print's CPU on the sample; half the calls repeat an earlier one,
within a document (a header on every page) or across the documents a worker prints (a
workflow's RACI table in its document and in the handbook).

What ``split_first_line`` answers there (where the first line ends, its width) depends
only on the text, the few arguments, the style values that reach Pango and the line
breaker, and the fonts of the style's FontConfiguration. ``install()`` puts a memo in
front of the name ``layout.preferred`` calls (the line layout's own calls are not
touched): kept in a dict on the FontConfiguration (so it lives exactly as long as the
fonts it was measured with, and is emptied when a face is added to them), keyed by all of
those values. ``inline_line_widths`` throws the returned Pango layout away, so none is
kept: the memo returns ``None`` in its place. ``can_break_text`` (a Pango break analysis
of the text box's last character and "a", depending on nothing else) is kept by its
arguments. Same widths, so the same PDFs (tests/test_pdf_patches.py).

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from operator import itemgetter
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
_MEMO = "_sopkit_text_widths"  # the attribute on the FontConfiguration
LINES = "_sopkit_lines"  # linememo.py's lines, on it too: forgotten with the widths
# every style value split_first_line and the Layout it makes read (Layout.setup, set_text,
# set_tabs, get_font_description, font_features, line_size) but the font configuration
_KEYS = ("white_space", "font_size", "font_family", "font_style", "font_stretch",
         "font_weight", "font_variant_caps", "font_variation_settings", "direction",
         "font_language_override", "lang", "text_decoration_line", "font_kerning",
         "font_variant_ligatures", "font_variant_position", "font_variant_numeric",
         "font_variant_alternates", "font_variant_east_asian", "font_feature_settings",
         "word_spacing", "letter_spacing", "overflow_wrap", "word_break", "tab_size",
         "hyphens", "hyphenate_limit_chars", "hyphenate_limit_zone", "hyphenate_character")
_VALUES = itemgetter(*_KEYS)  # a style's values as one tuple (half the time of a loop)
style_key = _VALUES  # (linememo.py keys its lines on the same values)


def _measurer(original: Any):
    from weasyprint.css.properties import Dimension

    def split_first_line(text: str, style: Any, context: Any, max_width: Any,
                         justification_spacing: Any, is_line_start: bool = True,
                         minimum: bool = False) -> tuple:
        try:
            values = _VALUES(style)
            memo = style.font_config.__dict__.setdefault(_MEMO, {})
            known = memo.get(values)
            if known is None:
                known = memo[values] = {}
            key = (text, max_width, type(max_width), justification_spacing,
                   is_line_start, minimum)
            found = known.get(key)
        except TypeError:  # a style value that cannot be a key: measured as WeasyPrint does
            return original(text, style, context, max_width, justification_spacing,
                            is_line_start=is_line_start, minimum=minimum)
        if found is None:
            if style["hyphens"] == "auto" and type(style["hyphenate_limit_zone"]) \
                    is not Dimension:  # calc() in it may read values not in the key
                return original(text, style, context, max_width, justification_spacing,
                                is_line_start=is_line_start, minimum=minimum)
            result = original(text, style, context, max_width, justification_spacing,
                              is_line_start=is_line_start, minimum=minimum)
            found = known[key] = result[1:]
        return (None, *found)

    split_first_line.sopkit_memo = True  # type: ignore[attr-defined]
    return split_first_line


def _forgetting(original: Any):
    def add_font_face(self: Any, rule_descriptors: Any, url_fetcher: Any) -> Any:
        """A face added changes which fonts the kept widths were measured with."""
        self.__dict__.pop(_MEMO, None)
        self.__dict__.pop(LINES, None)
        return original(self, rule_descriptors, url_fetcher)

    add_font_face.sopkit_memo = True  # type: ignore[attr-defined]
    return add_font_face


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.layout.preferred"), "split_first_line"),
            (importlib.import_module("weasyprint.layout.preferred"), "can_break_text"),
            (importlib.import_module("weasyprint.text.fonts").FontConfiguration,
             "add_font_face")]


def forget() -> None:
    """Every kept width dropped, as a new worker starts (bench/bench_weasy.py times the
    memo's first use in each round, not a memo the round before filled)."""
    import gc

    from weasyprint.layout import preferred
    from weasyprint.text.fonts import FontConfiguration
    for found in gc.get_objects():
        if isinstance(found, FontConfiguration):
            found.__dict__.pop(_MEMO, None)
            found.__dict__.pop(LINES, None)
    getattr(preferred.can_break_text, "cache_clear", lambda: None)()


PATCH = Patch(VERSION, _sites, lambda originals: [
    _measurer(originals[0]), lru_cache(maxsize=4096)(originals[1]),
    _forgetting(originals[2])])
install, switch = PATCH.install, PATCH.switch

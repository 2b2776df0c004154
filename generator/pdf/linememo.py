"""Lines of text broken once per process: the same text at the same width split again from
what the first split found; and a line's strut kept by its style values.

WeasyPrint 70.0 breaks every line of text (``layout.inline.split_text_box``) with
``split_first_line``: one to four Pango layouts shaped for each call. The same calls come
back many times: within a document (a page laid out again, a table's rows laid out for
its widths and then for real, every cell's label) and across the documents a worker
prints (the 300 roles of a large base share their headings and labels; a role's text at
the same width in its PDF and in the handbook part holding it): 86–88 % of the calls of
60 roles in one process repeat an earlier one, ~6–8 % of the CPU of a print.

What ``split_first_line`` returns is a function of its arguments, of the style values
that reach Pango and the line breaker (widthmemo.py's key) and of the fonts of the
style's FontConfiguration: a Layout already deactivated (``first_line_metrics``: it
keeps only its text, width, justification spacing, first line direction and the font's
decoration metrics, and is set up again from the box's style to be drawn) and five
numbers. ``install()`` puts a memo in front of the name ``layout.inline`` calls, kept on
the FontConfiguration next to widthmemo.py's (emptied with it when a face is added, so
it is only started while widthmemo.py's hook is in place). A hit gets a Layout of its own
with the kept attributes: drawing sets each up again and may change its text (an
ellipsis), so no two boxes share one. Same lines, so the same PDFs
(tests/test_pdf_patches.py).

``strut`` (the height and baseline of a line for a style), which WeasyPrint keeps by a
string it makes of 16 style values on every call, is kept by the values themselves.

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from operator import itemgetter
from typing import Any

from . import widthmemo
from .weasypatch import Patch, Site

VERSION = "70.0"
LIMIT = 20_000  # lines kept per font configuration (~630 bytes each); then it starts again


def _memo(config: Any) -> dict | None:
    """This font configuration's kept lines, or None while no hook forgets them when a
    face is added (widthmemo.py switched off)."""
    memo = config.__dict__.get(widthmemo.LINES)
    if memo is None:
        forgets = getattr(type(config).add_font_face, "sopkit_memo", False)
        if not forgets:
            return None
        memo = config.__dict__[widthmemo.LINES] = {}
    return memo


def _keepable(layout: Any, style: Any, dimension: type) -> bool:
    """A deactivated layout (no Pango object kept), of a style whose hyphenation zone
    is no calc() (which may read values not in the key)."""
    return "layout" not in layout.__dict__ and not (
        style["hyphens"] == "auto" and type(style["hyphenate_limit_zone"]) is not dimension)


def _splitter(original: Any, layout_class: Any):
    from weasyprint.css.properties import Dimension

    def split_first_line(text: str, style: Any, context: Any, max_width: Any,
                         justification_spacing: Any, is_line_start: bool = True,
                         minimum: bool = False) -> tuple:
        memo = _memo(style.font_config)
        try:
            key = (text, widthmemo.style_key(style), max_width, type(max_width),
                   justification_spacing, is_line_start, minimum)
            found = None if memo is None else memo.get(key)
        except TypeError:  # a style value that cannot be a key: split as WeasyPrint does
            memo = found = None
        if found is not None:
            layout = layout_class.__new__(layout_class)
            layout.__dict__.update(found[0])
            return (layout, *found[1:])
        result = original(text, style, context, max_width, justification_spacing,
                          is_line_start=is_line_start, minimum=minimum)
        if memo is not None and _keepable(result[0], style, Dimension):
            if len(memo) >= LIMIT:
                memo.clear()
            memo[key] = (dict(result[0].__dict__), *result[1:])
        return result

    split_first_line.sopkit_lines = True  # type: ignore[attr-defined]
    return split_first_line


# what line_break._font_style_cache_key(style, include_size=True) writes into a string
_STRUT_KEYS = ("font_family", "font_style", "font_stretch", "font_weight",
               "font_variant_ligatures", "font_variant_position", "font_variant_caps",
               "font_variant_numeric", "font_variant_alternates", "font_variant_east_asian",
               "font_feature_settings", "font_variation_settings", "font_language_override",
               "lang", "font_size", "line_height")
_STRUT_VALUES = itemgetter(*_STRUT_KEYS)
_STRUTS = "_sopkit_struts"  # on the FontConfiguration, beside WeasyPrint's strut_layouts


def _strut(original: Any):
    """``strut`` (a line's height and baseline for a style) keeps its results on the
    FontConfiguration by a string of 16 style values made for every call (~1 % of a
    print); kept here by the values themselves (and the types of the numbers, which the
    string tells apart), before that string is made. WeasyPrint never forgets its own."""

    def strut(style: Any) -> tuple:
        kept = style.font_config.__dict__.setdefault(_STRUTS, {})
        try:
            key = (_STRUT_VALUES(style), type(style["font_size"]),
                   type(style["line_height"]), type(style["font_weight"]))
            found = kept.get(key)
        except TypeError:  # a value that cannot be a key (calc()): WeasyPrint's way
            return original(style)
        if found is None:
            found = kept[key] = original(style)
        return found

    strut.sopkit_lines = True  # type: ignore[attr-defined]
    return strut


def _sites() -> list[Site]:
    inline = importlib.import_module("weasyprint.layout.inline")
    return [(inline, "split_first_line"), (inline, "strut")]


def _make(originals: list[Any]) -> list[Any]:
    layout_class = importlib.import_module("weasyprint.text.line_break").Layout
    return [_splitter(originals[0], layout_class), _strut(originals[1])]


PATCH = Patch(VERSION, _sites, _make)
install, switch = PATCH.install, PATCH.switch

"""WeasyPrint's ``resolve_percentages`` with its common case inlined, its results kept.

WeasyPrint 70.0 resolves the used margins, paddings, widths and heights of every box it
lays out (``layout.percent.resolve_percentages``: ~20,000 times for the sample's 39
documents, and again each time a table or grid measures a cell), through two Python calls
per property (``resolve_one_percentage`` then ``percentage``): about 9 % of a print's CPU
under the profiler. Nearly every value is a computed ``Dimension`` in px or %, which this
version resolves in place; anything else (``auto``, ``None``, ``calc()``) goes to
WeasyPrint's own ``percentage``. Same properties, same order, same values
(tests/test_pdf_patches.py compares the PDFs).

The used lengths depend only on the box's computed style, its containing block's width
and height and whether it is a page: the lengths resolved once are kept on the style
(styles are shared by many boxes, and a table cell or grid item is resolved again each
time it is measured) and set again from there. WeasyPrint copies a style before it changes
one (grid and flex items, first lines), so a kept result never outlives its values.
Collapsed borders depend on the box too: those are resolved each time.

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from math import inf
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
# the modules that imported resolve_percentages by name (WeasyPrint 70.0's layout package)
USERS = ("percent", "inline", "page", "float", "grid", "absolute", "block", "column", "table")
_WIDTHS = ("margin_left", "margin_right")
_HEIGHTS = ("margin_top", "margin_bottom")
_PADDING_WIDTHS = ("padding_left", "padding_right")
_PADDING_HEIGHTS = ("padding_top", "padding_bottom")
_BORDERS = ("border_top_width", "border_right_width", "border_bottom_width",
            "border_left_width")
# every attribute resolve_percentages sets on a box, in its order
_USED = (*_WIDTHS, *_HEIGHTS, *_PADDING_WIDTHS, *_PADDING_HEIGHTS, "width", "min_width",
         "max_width", "height", "min_height", "max_height", *_BORDERS)
_MEMO = "_sopkit_used"  # on a computed style: its used lengths by containing block


def _resolver(percent: Any) -> Any:
    """``resolve_percentages`` over WeasyPrint's own helpers (``percent``: its module)."""
    from weasyprint.css.properties import Dimension
    from weasyprint.formatting_structure.boxes import Box, PageBox
    slow, check_math, adjust = percent.percentage, percent.check_math, percent.adjust_box_sizing

    def used(box: Any, style: Any, name: str, refer_to: Any) -> None:
        value = style[name]
        if type(value) is Dimension:
            if value.unit == "%":
                setattr(box, name, refer_to * value.value / 100)
            else:
                setattr(box, name, value.value)
            return
        value = slow(value, style, refer_to)
        if value == "auto" and name in ("min_width", "min_height"):
            value = 0
        setattr(box, name, value)

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        if isinstance(containing_block, Box):
            cb_width, cb_height = containing_block.width, containing_block.height
        else:
            cb_width, cb_height = containing_block
        page = isinstance(box, PageBox)
        style = box.style
        if style["border_collapse"] == "collapse":  # depends on the box's borders too
            resolve(box, style, cb_width, cb_height, page)
            return
        # by the types too: a length of 0 and one of 0.0 may print differently
        key = (cb_width, cb_height, type(cb_width), type(cb_height), page)
        known = style.__dict__.setdefault(_MEMO, {})
        values = known.get(key)
        if values is None:
            resolve(box, style, cb_width, cb_height, page)
            values = known[key] = tuple(getattr(box, name) for name in _USED)
        else:
            for name, value in zip(_USED, values, strict=True):
                setattr(box, name, value)

    def resolve(box: Any, style: Any, cb_width: Any, cb_height: Any, page: bool) -> None:
        """WeasyPrint's resolve_percentages, its two calls per property inlined."""
        maybe_height = cb_height if page else cb_width
        for names, refer_to in ((_WIDTHS, cb_width), (_HEIGHTS, maybe_height),
                                (_PADDING_WIDTHS, cb_width), (_PADDING_HEIGHTS, maybe_height)):
            used(box, style, names[0], refer_to)
            used(box, style, names[1], refer_to)
        used(box, style, "width", cb_width)
        used(box, style, "min_width", cb_width)
        used(box, style, "max_width", cb_width)
        if cb_height == "auto":  # the containing block's height depends on its content
            height = style["height"]
            if height == "auto" or check_math(height) or height.unit == "%":
                box.height = "auto"
            else:
                assert height.unit.lower() == "px"
                box.height = height.value
            used(box, style, "min_height", 0)
            used(box, style, "max_height", inf)
        else:
            used(box, style, "height", cb_height)
            used(box, style, "min_height", cb_height)
            used(box, style, "max_height", cb_height)
        collapse = style["border_collapse"] == "collapse"
        for prop in _BORDERS:
            # collapsed borders' widths were set by the border conflict resolution
            if not (collapse and hasattr(box, prop)):
                setattr(box, prop, style[prop])
        adjust(box, "width")
        adjust(box, "height")

    resolve_percentages.sopkit_fast = True  # type: ignore[attr-defined]
    return resolve_percentages


def _sites() -> list[Site]:
    return [(importlib.import_module(f"weasyprint.layout.{name}"), "resolve_percentages")
            for name in USERS]


PATCH = Patch(VERSION, _sites, lambda originals: [_resolver(_sites()[0][0])] * len(USERS))
install, switch = PATCH.install, PATCH.switch

"""WeasyPrint's SVG charts drawn without laying out the same letter or string again.

WeasyPrint 70.0 draws a chart's labels letter by letter (``svg.text.text``): for every text
node it lays out the whole text, then each letter on its own (``split_first_line``, a new
Pango layout shaped each time), and draws each letter from its layout. A workflow chart's
labels use a few dozen distinct letters in one or two sizes, so most of these layouts
repeat one made before. And every node's attributes go through svg.utils' string helpers:
``size`` (its font size, "1em" unless set: four regular expressions for anything but a
plain number), ``normalize`` (four more), ``color`` (tinycss2's colour parser) and
``parse_url`` (``urlparse`` of its filter, clip path and mask, mostly of nothing).

This patch keeps, per FontConfiguration, the result of ``split_first_line`` for a chart's
text style (the ``Style`` svg/text.py builds: WeasyPrint's initial values and the node's
font family, style, weight, size and direction, at an infinite width) by text; the layout
it returns is the same object each time, which its callers only reactivate and draw from
(setting it up again from their own style). The string helpers keep
their results by their arguments (short strings only; a colour is copied for each caller,
who may change its alpha). All are pure functions of what they are keyed by, so the same
PDFs (tests/test_pdf_patches.py).

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
import weakref
from math import inf
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
LIMIT = 20_000  # entries kept per memo; then it starts again (memory)
# what svg/text.py sets on its Style over WeasyPrint's initial values
_SVG_KEYS = ("font_style", "font_weight", "font_size", "direction")


def _split(original: Any, svg_style: Any):
    layouts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def split_first_line(text: str, style: Any, context: Any, max_width: Any,
                         justification_spacing: Any, is_line_start: bool = True,
                         minimum: bool = False) -> tuple:
        if type(style) is not svg_style or max_width != inf or justification_spacing \
                or not is_line_start or minimum:
            return original(text, style, context, max_width, justification_spacing,
                            is_line_start, minimum)
        key = (text, tuple(style["font_family"]), *(style[name] for name in _SVG_KEYS))
        kept = layouts.get(style.font_config)
        if kept is None:
            kept = layouts[style.font_config] = {}
        found = kept.get(key)
        if found is None:
            if len(kept) >= LIMIT:
                kept.clear()
            found = kept[key] = original(text, style, context, max_width,
                                         justification_spacing, is_line_start, minimum)
        return found

    split_first_line.sopkit_kept = True  # type: ignore[attr-defined]
    return split_first_line


def _size(original: Any):
    sizes: dict[tuple, float] = {}

    def size(string: Any, font_size: Any = None, percentage_reference: Any = None) -> Any:
        if not string:
            return 0
        try:
            return float(string)
        except ValueError:
            pass
        key = (string, font_size, percentage_reference)
        found = sizes.get(key)
        if found is None:
            if len(sizes) >= LIMIT:
                sizes.clear()
            found = sizes[key] = original(string, font_size, percentage_reference)
        return found

    size.sopkit_kept = True  # type: ignore[attr-defined]
    return size


def _by_string(original: Any, copy: Any = None):
    """A pure function of one string kept by that string (short ones: a chart's paths are
    long and drawn once); ``copy``: its result is copied for each caller (who may change
    it, as set_graphical_state changes a colour's alpha)."""
    kept: dict[Any, Any] = {}

    def function(string: Any) -> Any:
        if string is not None and (string.__class__ is not str or len(string) > 64):
            return original(string)
        found = kept.get(string, kept)
        if found is kept:
            if len(kept) >= LIMIT:
                kept.clear()
            found = kept[string] = original(string)
        return found if copy is None else copy(found)

    function.sopkit_kept = True  # type: ignore[attr-defined]
    return function


# the modules that hold their own name of each svg.utils function
_USERS = {"size": ("svg.utils", "svg", "svg.text", "svg.defs"),
          "normalize": ("svg.utils", "svg", "svg.path", "svg.shapes", "svg.bounding_box",
                        "svg.text"),
          "color": ("svg.utils", "svg", "svg.defs"),
          "parse_url": ("svg.utils", "svg", "svg.defs")}


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.text.line_break"), "split_first_line"),
            *((importlib.import_module(f"weasyprint.{module}"), name)
              for name, modules in _USERS.items() for module in modules)]


def _make(originals: list[Any]) -> list[Any]:
    import copy
    svg_style = importlib.import_module("weasyprint.svg.text").Style
    utils = importlib.import_module("weasyprint.svg.utils")
    made = {"size": _size(utils.size), "normalize": _by_string(utils.normalize),
            "color": _by_string(utils.color, copy.copy),
            "parse_url": _by_string(utils.parse_url)}
    return [_split(originals[0], svg_style),
            *(made[name] for name, modules in _USERS.items() for _module in modules)]


PATCH = Patch(VERSION, _sites, _make)
install, switch = PATCH.install, PATCH.switch

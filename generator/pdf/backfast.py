"""WeasyPrint's background layout, with the boxes that have none answered directly.

WeasyPrint 70.0 lays out the backgrounds of every box of every page
(``layout.background.layout_box_backgrounds``: ~170 boxes a page in sopkit's documents,
~4 % of a print's CPU under py-spy): for each it resolves the four corner radii through a
loop of formatted names, imports its colour helper, builds the list of background images
and, for nearly all of them (no image, a transparent colour, no shadow), sets
``box.background = None``. This version reads the same style values in the same order and
sets the same attributes for such a box and for zero radii, and sends any other box (an
image, a border image or mask, a colour, a shadow, a rounded corner, the page itself) to
WeasyPrint's own function. Same boxes, so the same PDFs (tests/test_pdf_patches.py).

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
_CORNERS = tuple(f"border_{corner}_radius"
                 for corner in ("top_left", "top_right", "bottom_right", "bottom_left"))
_ZERO = (0, "px")


def _square(box: Any) -> bool:
    """Every corner radius 0 (set to (0, 0) as WeasyPrint does), or False untouched."""
    style = box.style
    radii = [style[name] for name in _CORNERS]
    if not all(_ZERO in radius for radius in radii):
        return False
    for name in _CORNERS:
        setattr(box, name, (0, 0))
    return True


def _none(style: Any) -> bool:
    """Whether WeasyPrint would give the box no background and nothing else (its tests,
    in its order: a border image or mask, hidden, images, the colour, a shadow)."""
    if style["border_image_source"][0] != "none" or style["mask_border_source"][0] != "none":
        return False
    if style["visibility"] == "hidden":
        return not style["box_shadow"]
    style["image_orientation"]  # read (so computed) before the images, as WeasyPrint does
    if any(type_ == "url" or value for type_, value in style["background_image"]):
        return False
    color = style["background_color"]
    color = color if color != "currentcolor" else style["color"]  # (WeasyPrint's get_color)
    return color.alpha == 0 and not style["box_shadow"]


def _layout(original: Any):
    def layout_box_backgrounds(page: Any, box: Any, get_image_from_uri: Any,
                               layout_children: bool = True, style: Any = None) -> None:
        if box is page or not _square(box):
            original(page, box, get_image_from_uri, layout_children, style)
            return
        if layout_children:
            for child in box.all_children():
                layout_box_backgrounds(page, child, get_image_from_uri)
        if _none(box.style if style is None else style):
            box.background = None
        else:  # radii resolved again: the same values, from the same box and style
            original(page, box, get_image_from_uri, False, style)

    layout_box_backgrounds.sopkit_fast = True  # type: ignore[attr-defined]
    return layout_box_backgrounds


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.layout.background"), "layout_box_backgrounds")]


PATCH = Patch(VERSION, _sites, lambda originals: [_layout(originals[0])])
install, switch = PATCH.install, PATCH.switch

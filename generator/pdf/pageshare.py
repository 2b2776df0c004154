"""The computed styles of a page and its margin boxes made once for the pages that share them.

WeasyPrint 70.0 gives every page a page type of its own (``layout.page.PageType``: the
page's index is in it) and, for each, cascades the @page rules again and makes new computed
styles for the page and every margin box (``set_page_type_computed_styles``): each of their
values is computed again on first access, percentfast's used lengths (kept on a style) are
resolved again, and the running header's text boxes get new styles, so its measures and
its Pango set-up are looked up afresh, on every page. This version cascades the page type
as WeasyPrint does and, when its cascaded declarations (the page's and each margin box's)
are equal to those of a page type made earlier in the same layout, gives it that type's
computed styles (the same objects) instead of making new ones.

What else a computed page style depends on is the same for both: its parent (the root
element's style), the base URL, the fonts, and the document's initial page sizes, which
``make_page`` sets once the first page is made: a page type made before that (the first
page's, which may have computed values against the unset sizes) is never shared. WeasyPrint's
own changes to a page or margin box style while laying a page out (``overflow`` from the
root, the page counter's increment, white-space for leaders) set the same values on every
page. Same styles, so the same PDFs (tests/test_pdf_patches.py).

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
_MADE = "_sopkit_page_types"  # on the StyleFor: [(page type, its cascaded declarations)]


def _sharing(original: Any):
    def set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
        style_for.add_page_declarations(page_type)
        declarations = {pseudo_type: cascaded for (element, pseudo_type), cascaded
                        in style_for.get_cascaded_styles().items() if element == page_type}
        made = style_for.__dict__.setdefault(_MADE, [])
        computed = style_for.get_computed_styles()
        for other, other_declarations in made:
            if other_declarations == declarations:
                for pseudo_type in (None, *declarations):
                    computed[page_type, pseudo_type] = computed[other, pseudo_type]
                return
        sizes_known = style_for.initial_page_sizes["box"] is not None
        original(page_type, html, style_for)  # (adds the declarations again: no change)
        if sizes_known:
            made.append((page_type, declarations))

    set_page_type_computed_styles.sopkit_shared = True  # type: ignore[attr-defined]
    return set_page_type_computed_styles


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.layout.page"), "set_page_type_computed_styles")]


PATCH = Patch(VERSION, _sites, lambda originals: [_sharing(originals[0])])
install, switch = PATCH.install, PATCH.switch

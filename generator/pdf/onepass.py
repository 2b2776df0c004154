"""WeasyPrint's font subsets cut in one HarfBuzz pass where its two give the same bytes.

``Font._harfbuzz_subset`` (weasyprint/pdf/fonts.py) cuts every font of every PDF twice:
the used glyphs at their ids, hinted (~6 ms on the layout font), then ids 0 up to the last
used one, unhinted (~10 ms), to drop what HarfBuzz's closure kept above it. hbsubset.py
cuts once, unhinted, and runs the second pass only when the first kept glyphs above the
last used one (or an empty cmap, or the font is TrueType): the same font program, for
about half the work (bench/RESULTS.md, "fonts18").

Only the unhinted subsets (WeasyPrint's default, sopkit's only use) take this path: a
hinted print, a HarfBuzz that cannot subset, or another WeasyPrint than ``VERSION`` run
WeasyPrint's own code.
"""
from __future__ import annotations

import importlib
from typing import Any

from . import hbsubset
from .weasypatch import Patch, Site

VERSION = "70.0"


def _subset(original: Any) -> Any:
    from weasyprint.text.ffi import ffi

    def harfbuzz_subset(self: Any, to_unicode: dict, hinting: bool) -> None:
        content = None
        if not hinting and to_unicode and _can_cut():
            address = int(ffi.cast("uintptr_t", self.hb_face))
            content = hbsubset.subset_loaded(address, to_unicode, bool(self.missing))
        if content:
            self.file_content = content
        else:  # WeasyPrint's own passes (and its warning if they fail too)
            original(self, to_unicode, hinting)

    harfbuzz_subset.sopkit_one_pass = True  # type: ignore[attr-defined]
    return harfbuzz_subset


def _can_cut() -> bool:
    try:
        hbsubset._libraries()
    except OSError:
        return False
    return True


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.pdf.fonts").Font, "_harfbuzz_subset")]


PATCH = Patch(VERSION, _sites, lambda originals: [_subset(originals[0])])
install, switch = PATCH.install, PATCH.switch

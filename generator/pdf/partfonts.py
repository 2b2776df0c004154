"""A part of a book printed without font subsets of its own: the join cuts them.

A book printed in parts (book.py) embeds one subset per font, cut by the join from the
union of the glyphs of all parts (fontmerge.py). Each part's own subsets, cut by
WeasyPrint when it writes the part (``pdf.fonts.Font.clean``: two HarfBuzz passes over the
whole layout font, ~15–25 ms a font) and compressed (~220–300 KB each, as the glyph ids
are kept up to the last one used), were then thrown away, except for a font only one part
used. Measured on the sample (bench/RESULTS.md, stop 33) that was ~0.5 s of CPU a build.

Inside ``placeholders(folder)``, a font WeasyPrint would subset from a plain font program
(no variations to instantiate, no colour glyphs, no glyph missing, not in a form field)
gets its full program written to ``folder`` (once, as print_part keeps them for the join)
and embeds only the program's first four bytes, which tell an OpenType CFF font from a
TrueType one (WeasyPrint picks /FontFile3 or /FontFile2 by them). The join replaces every
such placeholder (``is_placeholder``), whatever the number of parts using the font. A font
whose program could not be written keeps its subset, as before.

Pinned: a WeasyPrint other than ``VERSION`` subsets in parts as before.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from . import hbsubset
from .weasypatch import Patch, Site

VERSION = "70.0"
PLACEHOLDER_SIZE = 4  # b"OTTO" or a TrueType version tag: the program's type, nothing else

_folder: list[str] = []  # the font folder of the part being written, in this process


@contextmanager
def placeholders(folder: str | None) -> Iterator[None]:
    """Parts written in this block leave their fonts' full programs in ``folder`` and
    embed placeholders; with None, they embed their subsets as WeasyPrint cuts them."""
    _folder[:] = [folder] if folder else []
    try:
        yield
    finally:
        _folder.clear()


def program_name(font: Any) -> str:
    """The file a font's full program goes to: /<hash>+<family> names it in the PDF, the
    face index tells the faces of a collection apart."""
    return f"{font.hash}-{font.index}.font"


def keep_program(font: Any, folder: str) -> bool:
    """Write ``font``'s full program to ``folder`` (unless there); False if it could not."""
    from weasyprint.text.fonts import get_hb_object_data
    target = os.path.join(folder, program_name(font))
    if os.path.exists(target):
        return True
    temporary = f"{target}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as out:
            out.write(get_hb_object_data(font.hb_face))
        os.replace(temporary, target)  # the other worker may be writing the same font
    except OSError:  # a full disk costs only size: the part keeps its own subset
        if os.path.exists(temporary):
            os.remove(temporary)
        return False
    return True


def is_placeholder(program: bytes) -> bool:
    """A font program a part embedded in place of its subset."""
    return len(program) <= PLACEHOLDER_SIZE


def _plain(font: Any) -> bool:
    """Cut by the join as WeasyPrint would cut it: nothing but the subset to make."""
    return not (font.used_in_forms or font.missing or font.bitmap or "fvar" in font.tables
                or font.png or font.svg or font.colr)


@cache
def _join_can_cut() -> bool:
    """fontmerge.py cuts with libharfbuzz-subset through its own binding."""
    try:
        hbsubset._libraries()
    except OSError:
        return False
    return True


def _clean(original: Any) -> Any:
    def clean(self: Any, to_unicode: dict, hinting: bool) -> None:
        if (_folder and to_unicode and _plain(self) and _join_can_cut()
                and keep_program(self, _folder[0])):
            self.file_content = self.file_content[:PLACEHOLDER_SIZE]
            return
        original(self, to_unicode, hinting)

    clean.sopkit_placeholder = True  # type: ignore[attr-defined]
    return clean


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.pdf.fonts").Font, "clean")]


PATCH = Patch(VERSION, _sites, lambda originals: [_clean(originals[0])])
install, switch = PATCH.install, PATCH.switch

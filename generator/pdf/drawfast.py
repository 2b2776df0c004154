"""What drawing a page computes again and again, kept: the same bytes, less Python.

Under cProfile, writing 40 sample roles and workflows (~70 pages) spends ~11 % of
``write_pdf`` in pydyf's ``_to_bytes`` (282,000 calls: each number and operator of every
page's content goes through two or three ``isinstance`` tests) and ~7 % in WeasyPrint's
``Stream.set_color`` (``pdf/stream.py``), which converts every colour it sets to sRGB
through tinycss2 (a new ``Color`` each time) and formats its three channels again, for
the few colours a document has.

- ``_to_bytes`` answers bytes, floats, ints and strings by their exact type, as pydyf's
  own tests would (a subclass, or a pydyf ``Object``, goes to pydyf's function);
- ``set_color`` keeps, per process, the operator line an sRGB/HSL/HWB colour gives, keyed
  by its space, its channels and their types and whether it strokes: the line pydyf wrote
  the first time. The alpha state and WeasyPrint's "same colour as the last" test run as
  in WeasyPrint; other colour spaces go to WeasyPrint's own method.

Same operators, so the same PDFs (tests/test_pdf_patches.py).

Pinned: a WeasyPrint other than ``VERSION`` (or a pydyf other than ``PYDYF``) runs
unpatched.
"""
from __future__ import annotations

import importlib
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
PYDYF = "0.13.0"
_RGB = frozenset(("srgb", "hsl", "hwb"))  # the spaces WeasyPrint sets with set_color_rgb
_LINES: dict[tuple, bytes] = {}  # (stroke, space and channels, their types) → operator line
_MOST = 4096  # colours a process keeps: documents have a handful


def _to_bytes(original: Any):
    def to_bytes(item: Any) -> bytes:
        kind = type(item)
        if kind is bytes:
            return item
        if kind is float:
            if item.is_integer():
                return str(int(item)).encode("ascii")
            return f"{item:f}".rstrip("0").encode("ascii")
        if kind is int or kind is str:
            return str(item).encode("ascii")
        return original(item)

    to_bytes.sopkit_fast = True  # type: ignore[attr-defined]
    return to_bytes


def _set_color(original: Any):
    def set_color(self: Any, color: Any, stroke: bool = False) -> None:
        if color.space not in _RGB:
            original(self, color, stroke)
            return
        *channels, alpha = color
        self.set_alpha(alpha, stroke)
        current = (color.space, *channels)
        if stroke:
            if current == self._current_color_stroke:
                return
            self._current_color_stroke = current
        else:
            if current == self._current_color:
                return
            self._current_color = current
        key = (stroke, current, tuple(map(type, channels)))
        line = _LINES.get(key)
        if line is None:
            self.set_color_rgb(*color.to("srgb").coordinates, stroke)
            if len(_LINES) >= _MOST:
                _LINES.clear()
            _LINES[key] = self.stream[-1]
        else:
            self.stream.append(line)

    set_color.sopkit_kept = True  # type: ignore[attr-defined]
    return set_color


def _sites() -> list[Site]:
    return [(importlib.import_module("pydyf"), "_to_bytes"),
            (importlib.import_module("weasyprint.pdf.stream").Stream, "set_color")]


def _make(originals: list[Any]) -> list[Any]:
    """Another pydyf keeps its own functions (its operators may be written otherwise)."""
    if importlib.import_module("pydyf").VERSION != PYDYF:
        return originals
    return [_to_bytes(originals[0]), _set_color(originals[1])]


PATCH = Patch(VERSION, _sites, _make)
install, switch = PATCH.install, PATCH.switch

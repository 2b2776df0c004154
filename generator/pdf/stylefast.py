"""WeasyPrint's computed values of properties no rule sets, without the general path.

WeasyPrint 70.0 computes a style's values on first access (``css.ComputedStyle.
__missing__``): ~7,600 accesses per document of the 300-role base, 7 % of a print's CPU
under the profiler, most of it for properties no rule of the element sets, which take
the parent's value (inherited ones) or the initial value. The general path still looks
for a logical property, for ``var()``, for a math function in the value and for the
special cases of ``page``, text decorations and ``display``/``float``/``position``. This
version answers the two plain cases directly, setting the same keys in the same order,
and sends everything else (a cascaded value, a logical property that maps onto this one,
the root element, the special properties, a value holding a math function) to
WeasyPrint's own method. Same computed styles, so the same PDFs (tests/test_pdf_patches.py).

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
# computed specially by WeasyPrint's __missing__ (or before it): always its own path
_SPECIAL = frozenset(("page", "position", "float", "display"))


def _plain_types() -> tuple[type, ...]:
    """Value types ``check_math`` is false for whatever the value (no ``type`` attribute
    saying "function", not a tuple it looks into)."""
    from weasyprint.css.properties import Dimension
    return (str, int, float, bool, type(None), Dimension)


def _plain_keys(css: Any) -> tuple[frozenset, frozenset]:
    """The properties whose value, when no rule sets them, is the parent's (inherited)
    or the initial value as it is: WeasyPrint's general path does nothing else for them."""
    def plain(key: str) -> bool:
        return not (key in _SPECIAL or key[:2] == "__" or key[:16] == "text_decoration_"
                    or key in css.INITIAL_NOT_COMPUTED)
    inherited = frozenset(key for key in css.INHERITED
                          if key in css.INITIAL_VALUES and plain(key))
    initial = frozenset(key for key in css.INITIAL_VALUES
                        if key not in css.INHERITED and plain(key)
                        and not css.check_math(css.INITIAL_VALUES[key]))
    return inherited, initial


def _missing(css: Any, original: Any):
    inherited, initial = _plain_keys(css)
    initial_values, physical, check_math = css.INITIAL_VALUES, css.PHYSICAL_FUNCTIONS, \
        css.check_math
    plain_types = frozenset(_plain_types())
    logical_keys: dict[tuple[str, Any], str | None] = {}

    def logical(key: str, direction: Any) -> str | None:
        """The logical property (margin-inline-start…) WeasyPrint reads for this one."""
        found = logical_keys.get((key, direction), "")
        if found == "":
            function = physical.get(key)
            found = logical_keys[key, direction] = \
                None if function is None else function(block="ttb", inline=direction)
        return found

    def __missing__(self: Any, key: str) -> Any:  # noqa: N807
        cascaded, parent = self.cascaded, self.parent_style
        if key in cascaded or parent is None:
            return original(self, key)
        if key in physical and logical(key, self["direction"]) in cascaded:
            return original(self, key)  # (WeasyPrint reads the direction here too)
        if key in initial:
            value = self[key] = initial_values[key]
            return value
        if key in inherited:
            value = self[key] = parent[key]
            if type(value) in plain_types or not check_math(value):
                return value
            del self[key]  # WeasyPrint resolves a math function in it (never seen)
        return original(self, key)

    __missing__.sopkit_fast = True  # type: ignore[attr-defined]
    return __missing__


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.css").ComputedStyle, "__missing__")]


PATCH = Patch(VERSION, _sites, lambda originals: [
    _missing(importlib.import_module("weasyprint.css"), originals[0])])
install, switch = PATCH.install, PATCH.switch

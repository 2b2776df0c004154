"""WeasyPrint's computed values made without its general path where it does nothing else.

WeasyPrint 70.0 computes a style's values on first access (``css.ComputedStyle.
__missing__``): ~7,600 accesses per document of the 300-role base, 10 % of a print's CPU
(py-spy, inclusive). Most are for properties no rule of the element sets, which take the
parent's value (inherited ones) or the initial value; the rest are a rule's value, given
to the property's computer function. For every one the general path also asks whether the
value is ``Pending`` (``var()``: an ABC, slow to ask) and which logical property maps onto
a physical one (a ``partial`` called each time), looks for a math function in the value
and for the special cases of ``page``, text decorations and ``display``/``float``/
``position``. This version answers the plain cases with the same calls, setting the same
keys in the same order, remembers the two answers by type and by (property, direction),
and sends everything else (a logical property that maps onto this one, ``var()``,
``initial``/``inherit`` in a rule, the root element, the special properties, a value
holding a math function) to WeasyPrint's own method. Same computed styles, so the same
PDFs (tests/test_pdf_patches.py).

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
    computers = css.COMPUTER_FUNCTIONS
    plain_keys = frozenset(key for key in initial_values if not (
        key in _SPECIAL or key[:2] == "__" or key[:16] == "text_decoration_"))
    logical_keys: dict[tuple[str, Any], str | None] = {}

    def logical(key: str, direction: Any) -> str | None:
        """The logical property (margin-inline-start…) WeasyPrint reads for this one."""
        found = logical_keys.get((key, direction), "")
        if found == "":
            function = physical.get(key)
            found = logical_keys[key, direction] = \
                None if function is None else function(block="ttb", inline=direction)
        return found

    pending_types: dict[type, bool] = {}

    def pending(value: Any) -> bool:
        """``isinstance(value, Pending)`` (an ABC: slow to ask), by type."""
        found = pending_types.get(type(value))
        if found is None:
            found = pending_types[type(value)] = isinstance(value, css.Pending)
        return found

    def computed(self: Any, key: str, value: Any) -> Any:
        """A value a rule of this element sets, computed; None: WeasyPrint's path must."""
        if pending(value) or value == "initial" or value == "inherit" \
                or (type(value) not in plain_types and check_math(value)):
            return None
        function = computers.get(key)
        if function is not None:
            value = function(self, key, value)
        self[key] = value
        return value

    def __missing__(self: Any, key: str) -> Any:  # noqa: N807
        cascaded, parent = self.cascaded, self.parent_style
        if parent is None or key not in plain_keys:
            return original(self, key)
        if key in physical and logical(key, self["direction"]) in cascaded:
            return original(self, key)  # (WeasyPrint reads the direction here too)
        if key in cascaded:
            value = computed(self, key, cascaded[key][0])
            return original(self, key) if value is None else value
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

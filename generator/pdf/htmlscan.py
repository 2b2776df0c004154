"""WeasyPrint's HTML parser (tinyhtml5) with its scanning patterns cached as it meant to.

tinyhtml5's ``HTMLUnicodeInputStream.chars_until`` keeps the pattern it builds for a set of
characters in a module dict, but stores it under the wrong key: its chained assignment
``characters = cache[(characters, opposite)] = regex`` rebinds ``characters`` to the pattern
first, so the entry is filed under the pattern and the next lookup by the characters misses.
Every call then builds the pattern's text again (a join over the characters) and asks
``re`` for it: a third of the parser's time (~0.5 s of CPU for the sample's 15 forms).

``install()`` files the same pattern under the key the lookup uses before each call, so the
parser finds it: the same patterns, the same parse, the same documents.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from typing import Any


def _pattern(characters: Iterable[str], opposite: bool) -> re.Pattern[str]:
    """The pattern tinyhtml5 builds for ``characters`` (inputstream.chars_until)."""
    regex = "".join([f"\\x{ord(character):02x}" for character in characters])
    if not opposite:
        regex = f"^{regex}"
    return re.compile(f"[{regex}]+")


def cached(original: Callable[..., str], cache: dict) -> Callable[..., str]:
    """``chars_until`` that first files its pattern under the key it looks it up by."""
    def chars_until(self: Any, characters: Any, opposite: bool = False) -> str:
        key = (characters, opposite)
        if key not in cache:
            cache[key] = _pattern(characters, opposite)
        return original(self, characters, opposite)

    chars_until.sopkit_cached = True  # type: ignore[attr-defined]
    return chars_until


def install() -> None:
    """Once per process (forked workers inherit it); nothing if tinyhtml5 changed shape."""
    try:  # WeasyPrint's dependency, untyped: imported by name
        inputstream: Any = importlib.import_module("tinyhtml5.inputstream")
    except ImportError:
        return
    stream = getattr(inputstream, "HTMLUnicodeInputStream", None)
    cache = getattr(inputstream, "characters_until_regex", None)
    original = getattr(stream, "chars_until", None)
    if (stream is None or not isinstance(cache, dict) or original is None
            or getattr(original, "sopkit_cached", False)):
        return
    stream.chars_until = cached(original, cache)

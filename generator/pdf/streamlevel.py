"""The Flate level of each kind of stream a printed PDF holds, instead of 9 for all.

pydyf 0.13 (what WeasyPrint 70.0 writes with) compresses every stream at zlib level 9
(``pydyf.Stream.data``). Measured per kind on the sample and the 300-role base
(bench/RESULTS.md, pdf21), level 9 buys next to nothing over 6 or 1:

- font programs (``/FontFile2``/``/FontFile3``: the CJK subsets, most of a PDF's bytes) cost
  ~85 % of the compression time; level 1 makes them ~2 % bigger in ~⅓ of level 9's time;
- page content and the rest (object streams, ToUnicode maps, form XObjects) are ~0.3 %
  bigger at level 6 in ~¾ of the time; level 1 would make page content ~17 % bigger.

So font programs are written at ``FONT_LEVEL``, everything else at ``LEVEL``. This changes
the PDFs' bytes, not what they show: the same streams, decoded, as before
(tests/test_pdf_streams.py). The build cache keys every output by sopkit's code
(buildcache.fingerprint), so a level changed here is a new key for every printed PDF.
``zlib.compress(data, level)`` is ``compressobj(level)``'s compress + flush in one call.

Pinned: a WeasyPrint other than ``VERSION`` (or a pydyf other than ``PYDYF``) writes as
before.
"""
from __future__ import annotations

import importlib
import zlib
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
PYDYF = "0.13.0"
LEVEL = 6       # page content, object streams, ToUnicode maps, form XObjects
FONT_LEVEL = 1  # embedded font programs


def level(extra: Any) -> int:
    """The level of a stream with this dictionary: WeasyPrint marks a font program with
    ``/Length1`` (TrueType) or ``/Subtype /OpenType`` (CFF), nothing else with either."""
    if "Length1" in extra or extra.get("Subtype") == "/OpenType":
        return FONT_LEVEL
    return LEVEL


def _data(pydyf: Any):
    dictionary = pydyf.Dictionary

    def data(self: Any) -> bytes:  # pydyf's Stream.data with the level chosen by kind
        to_bytes = pydyf._to_bytes  # (drawfast.py's, when installed)
        stream = b"\n".join(to_bytes(item) for item in self.stream)
        extra = dictionary(self.extra.copy())
        if self.compress:
            extra["Filter"] = "/FlateDecode"
            stream = zlib.compress(stream, level(self.extra))
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    data.sopkit_levels = True  # type: ignore[attr-defined]
    return property(data)


def _sites() -> list[Site]:
    return [(importlib.import_module("pydyf").Stream, "data")]


def _make(originals: list[Any]) -> list[Any]:
    """Another pydyf keeps its own ``data`` (its Stream may hold other fields)."""
    pydyf = importlib.import_module("pydyf")
    return [_data(pydyf) if pydyf.VERSION == PYDYF else originals[0]]


PATCH = Patch(VERSION, _sites, _make)
install, switch = PATCH.install, PATCH.switch

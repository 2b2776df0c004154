"""WeasyPrint's font subsetting without a C parser run per font.

cffi parses every C type it has not seen before with pycparser (~4 ms, ~15 ms on a loaded
machine). WeasyPrint's HarfBuzz subsetting (weasyprint/pdf/fonts.py, ``_harfbuzz_subset``)
declares its glyph-id arrays with their length in the type, ``hb_codepoint_t[1234]``: a
new type for nearly every font of every PDF, two per font. A build cuts ~150 subsets, so
that parsing was ~1 s of CPU. The same arrays declared open (``hb_codepoint_t[]``) and
sized by their contents are one type, parsed once: same memory, same values, same fonts.
"""
from __future__ import annotations

import re
from typing import Any

_SIZED_ARRAY = re.compile(r"(\w+)\[(\d+)\]")


class OpenArrays:
    """An FFI that allocates ``T[n]`` filled with ``n`` values as ``T[]`` of those values;
    everything else goes to the wrapped FFI."""

    def __init__(self, ffi: Any) -> None:
        self.wrapped = ffi

    def new(self, cdecl: str, init: Any = None) -> Any:
        match = _SIZED_ARRAY.fullmatch(cdecl)
        if match and init is not None and not isinstance(init, int | bytes | str):
            values = list(init)
            if len(values) == int(match.group(2)):
                return self.wrapped.new(f"{match.group(1)}[]", values)
            init = values
        return self.wrapped.new(cdecl, init)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def install() -> None:
    """Give WeasyPrint's font module the open-array FFI (once per process; forked workers
    inherit it). Only that module's name is rebound: the FFI itself is unchanged."""
    from weasyprint.pdf import fonts
    if not isinstance(fonts.ffi, OpenArrays):
        fonts.ffi = OpenArrays(fonts.ffi)

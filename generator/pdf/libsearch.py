"""Importing WeasyPrint without ~90 helper processes.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying several names per
library (``weasyprint/text/ffi.py``). For each name that is not a loadable file, cffi asks
``ctypes.util.find_library``, which on Linux runs ``/sbin/ldconfig -p`` and, when that
finds nothing, gcc and ld: 22 ldconfig and 16 gcc (each with collect2 and ld) runs on
Debian 12, ~0.35 s of wall and ~0.25 s of CPU of every build that prints (measured on the
sample, bench/RESULTS.md). While WeasyPrint is imported, ``find_library`` reads the
linker's cache once and answers from it, as ldconfig's answer would; a name it does not
know is not found (no gcc, no ld), and WeasyPrint goes on to its next name: each list
ends with the library's soname (``libpango-1.0.so.0``), which the dynamic linker loads
from its usual places, LD_LIBRARY_PATH included.
"""
from __future__ import annotations

import contextlib
import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator

LDCONFIG = "/sbin/ldconfig"
# ctypes.util's names for the C library's ABI in ldconfig's listing
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def import_weasyprint() -> None:
    """Import WeasyPrint (once a process) with the quick library search."""
    if "weasyprint" in sys.modules:
        return
    with quick_library_search():
        import weasyprint  # noqa: F401


@contextlib.contextmanager
def quick_library_search() -> Iterator[None]:
    listing = _ldconfig_listing() if sys.platform.startswith("linux") else None
    if listing is None:  # not glibc's Linux: the usual search
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: _soname(listing, name)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _ldconfig_listing() -> bytes | None:
    try:
        return subprocess.run([LDCONFIG, "-p"], capture_output=True, check=True,
                              env={"LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def _soname(listing: bytes, name: str) -> str | None:
    """What ``ctypes.util._findSoname_ldconfig`` answers, from one listing."""
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = _ABI.get(os.uname().machine + bits, "libc6")
    found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"), listing)
    return os.fsdecode(found.group(1)) if found else None

"""What sopkit's patches of WeasyPrint's own code (pangocache.py, percentfast.py,
cascadeshare.py, stylefast.py, backfast.py, widthmemo.py, linememo.py, pageshare.py, svgfast.py,
onepass.py, partfonts.py, drawfast.py, streamlevel.py) share: generator/libpatch.py's
``Patch``, whose library is WeasyPrint unless it says otherwise."""
from __future__ import annotations

from ..libpatch import Patch, Site

__all__ = ["Patch", "Site"]

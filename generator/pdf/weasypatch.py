"""What sopkit's patches of WeasyPrint's own code (pangocache.py, percentfast.py,
cascadeshare.py, stylefast.py, backfast.py, widthmemo.py, linememo.py, pageshare.py, svgfast.py,
onepass.py, partfonts.py, drawfast.py, streamlevel.py) share: each is
pinned to the WeasyPrint version it was written against (another version runs WeasyPrint's
code unchanged, since its internals may differ), put in place once per process (forked
workers inherit it), and can be switched off so that tests and bench/bench_weasy.py can
compare the prints with and without it."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Site = tuple[Any, str]  # an object of WeasyPrint's and the attribute a patch replaces


class Patch:
    """``sites()`` says where the patch goes (looked up when it is installed);
    ``make(originals)`` gives one replacement per site, from WeasyPrint's own values."""

    def __init__(self, version: str, sites: Callable[[], list[Site]],
                 make: Callable[[list[Any]], list[Any]]):
        self.version, self.sites, self.make = version, sites, make
        self.originals: list[Any] | None = None
        self.off = False

    def install(self) -> None:
        weasyprint: Any = importlib.import_module("weasyprint")
        if self.off or self.originals is not None \
                or getattr(weasyprint, "__version__", None) != self.version:
            return
        sites = self.sites()
        self.originals = [getattr(owner, name) for owner, name in sites]
        for (owner, name), replacement in zip(sites, self.make(self.originals), strict=True):
            setattr(owner, name, replacement)

    def switch(self, on: bool) -> None:
        """Installed, or WeasyPrint's own code until switched on again."""
        self.off = not on
        if on:
            self.install()
        elif self.originals is not None:
            for (owner, name), original in zip(self.sites(), self.originals, strict=True):
                setattr(owner, name, original)
            self.originals = None

"""What sopkit's patches of its libraries' own code share (WeasyPrint's: generator/pdf/
weasypatch.py; Python-Markdown's and MkDocs': generator/portal/mdinline.py, rawanchors.py):
each is pinned to the release of the library it was written against (another release runs
the library's code unchanged, since its internals may differ), put in place once per
process (forked workers inherit it), and can be switched off so that tests and benches can
compare the outputs with and without it."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Site = tuple[Any, str]  # an object of the library's and the attribute a patch replaces


class Patch:
    """``sites()`` says where the patch goes (looked up when it is installed);
    ``make(originals)`` gives one replacement per site, from the library's own values."""

    def __init__(self, version: str, sites: Callable[[], list[Site]],
                 make: Callable[[list[Any]], list[Any]], library: str = "weasyprint"):
        self.version, self.sites, self.make, self.library = version, sites, make, library
        self.originals: list[Any] | None = None
        self.off = False

    def install(self) -> bool:
        """In place (now or before); False when switched off or another release runs."""
        if self.off or getattr(importlib.import_module(self.library), "__version__",
                               None) != self.version:
            return False
        if self.originals is None:
            sites = self.sites()
            self.originals = [getattr(owner, name) for owner, name in sites]
            for (owner, name), replacement in zip(sites, self.make(self.originals),
                                                  strict=True):
                setattr(owner, name, replacement)
        return True

    def original(self, index: int = 0) -> Any:
        """The library's own value at site ``index``, for a replacement that hands over to it
        (only asked while installed)."""
        if self.originals is None:
            raise RuntimeError(f"{self.library} patch not installed: no original to call")
        return self.originals[index]

    def switch(self, on: bool) -> None:
        """Installed, or the library's own code until switched on again."""
        self.off = not on
        if on:
            self.install()
        elif self.originals is not None:
            for (owner, name), original in zip(self.sites(), self.originals, strict=True):
                setattr(owner, name, original)
            self.originals = None

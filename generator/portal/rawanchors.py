"""MkDocs' search of a page's raw HTML for anchors, skipped where no tag can give one.

Before Python-Markdown reads a page, MkDocs (``_RawHTMLPreprocessor``, mkdocs/structure/
pages.py) runs the whole page through an HTMLParser only to collect the ``id`` attributes
(and ``name`` of ``<a>``) that links may point to. HTMLParser reads an attribute's name
as a run of characters after a quote, a space or a slash, up to a space, a slash, ``=`` or
``>``, and lowercases it; where no ``id`` or ``name`` stands so in the page's text (in any
case), the parser cannot find an anchor and the set is empty. That is 325 of the 355 pages
of 300 roles (a workflow's steps are the pages with ``<span id>``), ~2 % of the portal.

Pinned to the MkDocs release it was written against (another one runs its own code),
installed once per process, and switchable so that tests can compare.
"""
from __future__ import annotations

import importlib
import re
from typing import Any

from ..libpatch import Patch

VERSION = "1.6.1"
# a place an attribute named id or name could start and end (an over-match only parses)
_CANDIDATE = re.compile(r"(?<=['\"\s/])(?:id|name)(?=[\s/=>]|\Z)", re.IGNORECASE)


def _owner() -> Any:
    return importlib.import_module("mkdocs.structure.pages")._RawHTMLPreprocessor


PATCH = Patch(VERSION, lambda: [(_owner(), "run")], lambda originals: [_run],
              library="mkdocs")
install, switch = PATCH.install, PATCH.switch


def may_hold_anchors(text: str) -> bool:
    return _CANDIDATE.search(text) is not None


def _run(self: Any, lines: list[str]) -> list[str]:
    if may_hold_anchors("\n".join(lines)):
        return PATCH.original(0)(self, lines)
    self.present_anchor_ids = set()  # what the parser finds in such a page
    return lines

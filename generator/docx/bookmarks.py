"""Word bookmark names for HTML ids, so TOC entries and links can point at headings.

Word accepts a bookmark name only if it starts with a letter, has at most 40 characters
and contains letters, digits and underscores; anything else is silently dropped on save
and the TOC's hyperlinks break. Ids map deterministically (same id, same name) and stay
unique within a document.
"""
from __future__ import annotations

import hashlib
import re

from lxml import etree

from .ooxml import el, qn

MAX_LENGTH = 40
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_]")


def _candidate(html_id: str) -> str:
    name = _NOT_ALLOWED.sub("_", html_id)
    if not name[:1].isalpha():
        name = "h_" + name
    if len(name) > MAX_LENGTH:
        digest = hashlib.sha1(html_id.encode("utf-8")).hexdigest()[:8]
        name = f"{name[:MAX_LENGTH - 9]}_{digest}"
    return name


class Bookmarks:
    """Names and ``w:id`` numbers for the bookmarks of one document."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._taken: set[str] = set()
        self.next_number = 0   # the next bookmark's w:id

    def name(self, html_id: str) -> str:
        if html_id not in self._names:
            self._names[html_id] = self._unique(_candidate(html_id))
        return self._names[html_id]

    def _unique(self, name: str) -> str:
        candidate, counter = name, 2
        while candidate.lower() in self._taken:  # Word compares bookmark names caseless
            suffix = f"_{counter}"
            candidate = name[:MAX_LENGTH - len(suffix)] + suffix
            counter += 1
        self._taken.add(candidate.lower())
        return candidate

    def wrap(self, html_id: str, paragraph: etree._Element) -> None:
        """Put the bookmark around the paragraph's content (after its properties)."""
        number = str(self.next_number)
        self.next_number += 1
        start = el("w:bookmarkStart", {"w:id": number, "w:name": self.name(html_id)})
        properties = paragraph.find(qn("w:pPr"))
        paragraph.insert(1 if properties is not None else 0, start)
        paragraph.append(el("w:bookmarkEnd", {"w:id": number}))


def names_are_candidates(html_ids: frozenset[str]) -> bool:
    """Whether every id's bookmark name is its own candidate, whatever order they are asked
    for in: no two candidates the same to Word (caseless)."""
    return len({_candidate(html_id).lower() for html_id in html_ids}) == len(html_ids)

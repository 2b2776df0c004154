"""Python-Markdown's inline patterns tried only on text where their expression finds a match.

Python-Markdown (``InlineProcessor.__handleInline``) hands every text of a page to each of its
16 inline patterns in turn, through a registry look-up, the pattern's ancestor rules and a
``finditer``; a pattern that finds nothing leaves the text as it was and the next one is
tried. Most of the portal's texts (Chinese table cells, list items) hold nothing any pattern
matches: 300 roles, 22,000 of 31,000 texts, a fifth of the portal's Markdown time. Here the
patterns' expressions are searched first, in C, and the ones that find nothing in the text
are passed over; a pattern whose expression does find something is applied by
Python-Markdown's own ``__applyPattern`` exactly as before, so the pages are the same bytes.

Pinned to the Markdown release it was written against (another one runs its own code: the
private method may differ), installed once per process, and switchable so that tests can
compare pages with and without it.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..libpatch import Patch, Site

# Python-Markdown ships no types: its modules are Any here, as in MkDocs' own calls
markdown: Any = importlib.import_module("markdown")
inlinepatterns: Any = importlib.import_module("markdown.inlinepatterns")
treeprocessors: Any = importlib.import_module("markdown.treeprocessors")
util: Any = importlib.import_module("markdown.util")

VERSION = "3.11.3"
_ATTRIBUTE = "_InlineProcessor__handleInline"


def _sites() -> list[Site]:
    owner = treeprocessors.InlineProcessor
    return [(owner, _ATTRIBUTE), (owner, "run")]


PATCH = Patch(VERSION, _sites, lambda originals: [_handle_inline, _run(originals[1])],
              library="markdown")
install, switch = PATCH.install, PATCH.switch


def _run(run: Callable[..., Any]) -> Callable[..., Any]:
    """The processor's ``run`` with its patterns listed first: the registry does not change
    while a document is processed (extensions register theirs before)."""
    def run_listed(self: Any, *args: Any, **kwargs: Any) -> Any:
        previous = getattr(self, "_sops_patterns", None)  # a run within a run keeps its own
        patterns = list(self.inlinePatterns)
        self._sops_patterns = (patterns, [_probe(pattern) for pattern in patterns])
        try:
            return run(self, *args, **kwargs)
        finally:
            self._sops_patterns = previous
    return run_listed


def _handle_inline(self: Any, data: str, patternIndex: int = 0) -> str:
    """``InlineProcessor.__handleInline`` with the patterns that cannot match skipped. The
    loop is Python-Markdown's: a pattern that matched is tried again from where it stopped
    (``startIndex``), one that did not gives way to the next, from the text's start. Only
    a try from the start is skipped, and only when the pattern's expression finds nothing
    in the whole text: its ``finditer`` would have yielded nothing either."""
    if isinstance(data, util.AtomicString):
        return data
    listed = getattr(self, "_sops_patterns", None)
    if listed is None:  # called outside ``run``: Python-Markdown's own way
        return PATCH.original(0)(self, data, patternIndex)
    patterns, probes = listed
    apply = self._InlineProcessor__applyPattern
    start, count = 0, len(patterns)
    while patternIndex < count:
        if start == 0:
            while patternIndex < count and not probes[patternIndex](data):
                patternIndex += 1
            if patternIndex == count:
                break
        data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
        if not matched:
            patternIndex += 1
    return data


def _probe(pattern: Any) -> Callable[[str], Any]:
    """Whether the pattern may match: its expression's ``search`` for the new-style patterns
    that use their compiled expression as it is; any other pattern is always tried."""
    own_expression = type(pattern).getCompiledRegExp is inlinepatterns.Pattern.getCompiledRegExp
    if isinstance(pattern, inlinepatterns.InlineProcessor) and own_expression:
        return pattern.getCompiledRegExp().search
    return lambda data: True

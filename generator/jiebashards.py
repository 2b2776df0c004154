"""jieba's dictionary in shards, kept in the build cache, so that cutting a little new text
does not load the whole dictionary (0.25–0.3 s of CPU, see ``segmenter._initialize``: a
rebuild after one summary edit cuts one page's text).

jieba cuts a run of Han characters by looking up in its dictionary (``FREQ``) only strings
that occur in that run: every prefix it tries, the words its route weighs, the leftover
runs it hands to its HMM. Each starts with a character of the text, so a tokenizer whose
dictionary holds only the entries starting with the text's characters, with the same total
frequency, cuts the text exactly as the whole one does. The entries are kept grouped by
their first character (one shard each: a page's text needs a small part of the
dictionary), in one store entry keyed by everything the whole dictionary depends on
(``segmenter.state()``: jieba's version, the words added and in which order, the code).
The shards are written once, by a process that has loaded the whole dictionary anyway:
grouped by the first character alone, that takes 0.19–0.29 s of CPU for jieba's ~500,000
entries, against 0.37–0.48 s grouped by the first two characters within the first (as
until session 34). A page's text then opens more entries than it needs, but one role's
text was cut in the same 0.04–0.055 s either way (opening the store entry is most of it).
"""
from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import Any

from . import store

KIND = "jieba-shards"


def keep(state: str, freq: dict[str, int], total: int) -> None:
    """Keep the dictionary ``freq`` (jieba's FREQ after the words were added) in shards
    under ``state``, unless it is kept already."""
    key = store.key_of(KIND, state)
    if not store.enabled() or store.entry_path(KIND, key).exists():
        return
    singles: dict[str, int] = {}
    by_first: dict[str, dict[str, int]] = {}
    for word, count in freq.items():
        first = word[0]
        if len(word) == 1:
            singles[first] = count
        elif first in by_first:
            by_first[first][word] = count
        else:
            by_first[first] = {word: count}
    packed = {first: marshal.dumps(entries) for first, entries in by_first.items()}
    store.save(KIND, key, marshal.dumps((total, singles, packed)))


def segmenter(state: str, jieba: Callable[[], Any]) -> Shards | None:
    """What cuts text exactly as the whole dictionary of ``state`` would, from its shards;
    None when they are not kept (or the cache is off). ``jieba()`` gives the module (its
    dictionary not loaded)."""
    if not store.enabled():
        return None
    module = jieba()  # first: if it cannot be imported, the caller must know
    place = (state, str(store.store_root()))
    if place not in _opened:
        data = store.load(KIND, store.key_of(KIND, state))
        if data is None:
            return None
        try:
            total, singles, packed = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None  # a damaged entry: the whole dictionary is loaded instead
        _opened.clear()  # ~10 MB each: one build uses one
        _opened[place] = Shards(module, total, singles, packed)
    return _opened[place]


_opened: dict[tuple[str, str], Shards] = {}  # by state and cache folder, in this process


class Shards:
    """A jieba tokenizer holding the entries of the characters it has been given so far."""

    def __init__(self, jieba: Any, total: int, singles: dict[str, int],
                 packed: dict[str, bytes]) -> None:
        self._singles, self._packed = singles, packed
        self._taken: set[str] = set()  # the characters whose entries it holds
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.FREQ, self._tokenizer.total = {}, total
        self._tokenizer.initialized = True

    def cut(self, text: str) -> list[str]:
        freq = self._tokenizer.FREQ
        for char in set(text) - self._taken:  # every string jieba looks up starts with one
            self._taken.add(char)
            if char in self._singles:
                freq[char] = self._singles[char]
            entries = self._packed.get(char)
            if entries is not None:
                freq.update(marshal.loads(entries))
        return list(self._tokenizer.lcut(text))

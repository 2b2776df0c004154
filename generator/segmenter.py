"""Chinese word segmentation: jieba, with the SOP words its general dictionary lacks.

One segmenter for the whole of sopkit: the portal's search index and the redlines'
word-level changes cut Chinese the same way. jieba is loaded on first use (its dictionary
takes about a second), and each extra word is added once per process: ``jieba.add_word``
also raises the dictionary's total frequency, so adding a word again would shift how all
other text is cut.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import logging
import marshal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import jiebashards

# Kept beside the portal, which used it first (README: "add your own with the plugin's
# `words:` option").
BUNDLED_WORDS = Path(__file__).parent / "portal" / "words.txt"

_added: dict[str, None] = {}   # the words given to jieba in this process, in order
_wanted: dict[str, None] = {}  # and those it will be given before it cuts (add_words)
_kept: set[str] = set()        # the states whose dictionary shards this process kept


def state() -> str:
    """What ``cut`` gives depends on, without loading jieba: its version (or its absence),
    the words it will have been given, in order, and this module's code. A result kept
    under this state (textdiff's word diffs, in the build cache) is the one ``cut`` would
    give again."""
    # Words are only ever added, never removed: the two counts name the state, and the
    # portal cuts thousands of texts per build (joining every word for each was most of it).
    counts = (len(_added), len(_wanted))
    if _state_memo.get(counts) is None:
        words = [*_added, *(word for word in _wanted if word not in _added)]
        words += [word for word in _bundled_words()
                  if word not in _added and word not in _wanted]
        _state_memo.clear()
        _state_memo[counts] = "\n".join([_version(), _own_code(), *words])
    return _state_memo[counts]


_state_memo: dict[tuple[int, int], str] = {}


@functools.cache
def _version() -> str:
    """jieba's version, read once: ``cut`` asks for the state at every call."""
    try:
        return importlib.metadata.version("jieba")
    except importlib.metadata.PackageNotFoundError:
        return "missing"


@functools.cache
def _bundled_words() -> tuple[str, ...]:
    return tuple(read_words(BUNDLED_WORDS))


@functools.cache
def _own_code() -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(Path(jiebashards.__file__).read_bytes())
    return digest.hexdigest()


def read_words(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def add_words(extra: Path | None = None) -> None:
    """The bundled words, and those of ``extra`` (a file, one word a line), each once. They
    are given to jieba when its dictionary is loaded, which ``cut`` may never need."""
    for word in [*_bundled_words(), *(read_words(extra) if extra else [])]:
        _wanted.setdefault(word)
    if _loaded():
        _whole()


def _want_bundled() -> None:
    """``add_words()`` once: every later call would only find the bundled words wanted."""
    if not _bundled_wanted:
        add_words()
        _bundled_wanted.append(True)


_bundled_wanted: list[bool] = []  # [True] once this process wants the bundled words


def cut(text: str) -> list[str]:
    """``text`` (Chinese) as words; their concatenation is ``text``. From the dictionary's
    shards in the build cache when they are kept and jieba's dictionary is not loaded yet
    (jiebashards.py: the same words, without a second of loading). The same text under
    the same words is cut once per process: the portal's search index cuts each page's
    headings and table cells, and most of them recur (300 roles: 14,000 cuts of 2,100
    texts)."""
    _want_bundled()
    current = state()
    if _cuts_state[0] != current or len(_cuts) > _CUTS_LIMIT:  # `sopkit serve` lives long
        _cuts.clear()
        _cuts_state[0] = current
    words = _cuts.get(text)
    if words is None:
        words = _cuts[text] = _cut(text, current)
    return list(words)


_cuts: dict[str, list[str]] = {}  # text → its words, under the state in _cuts_state
_cuts_state: list[str] = [""]
_CUTS_LIMIT = 100_000


def _cut(text: str, current: str) -> list[str]:
    if not _loaded():
        shards = jiebashards.segmenter(current, _jieba)
        if shards is not None:
            return shards.cut(text)
    return list(_whole().lcut(text))


def _loaded() -> bool:
    jieba = sys.modules.get("jieba")
    return jieba is not None and bool(jieba.dt.initialized)


def _whole() -> Any:
    """jieba with its whole dictionary and every word wanted; its shards kept for the next
    process (once per state)."""
    jieba = _jieba()
    if len(_added) == len(_wanted) and _kept_at and _kept_at[-1] == len(_added):
        return jieba  # nothing new since the last call: the common case, once per text cut
    _initialize(jieba)
    for word in _wanted:
        if word not in _added:
            jieba.add_word(word)
            _added[word] = None
    current = state()
    if current not in _kept:
        _kept.add(current)
        jieba.dt.check_initialized()
        jiebashards.keep(current, jieba.dt.FREQ, jieba.dt.total)
    _kept_at[:] = [len(_added)]
    return jieba


_kept_at: list[int] = []  # how many words jieba had been given when ``_whole`` last ended


def _initialize(jieba: Any) -> None:
    """Load jieba's whole dictionary, reading its cache file in one piece. jieba unmarshals
    the file from the open file object (``marshal.load(cf)``), which reads it a few bytes
    per object: ~0.7 s of CPU more than ``marshal.loads`` of the same bytes for its
    ~500,000 entries. The same data either way; jieba's own code does everything else
    (where the file is, whether it is fresh, building it when it is not)."""
    if jieba.dt.initialized:
        return
    jieba.marshal = _WholeFileMarshal
    try:
        jieba.dt.check_initialized()
    finally:
        jieba.marshal = marshal


class _WholeFileMarshal:
    """``marshal`` as jieba's ``initialize`` uses it, with ``load`` reading the whole file."""

    dump = staticmethod(marshal.dump)

    @staticmethod
    def load(file: Any) -> Any:
        return marshal.loads(file.read())


@functools.cache  # once per process: setLogLevel clears every logger's cache each call
def _jieba() -> Any:
    with _without_pkg_resources():
        import jieba  # late: a second of dictionary loading that most commands never need
    jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading otherwise
    return jieba


def import_jieba() -> None:
    """Import jieba now, as ``cut`` would (Material's search plugin imports it when MkDocs
    loads it: before that, so that it finds this one), if it is installed."""
    with contextlib.suppress(ImportError):
        _jieba()


@contextlib.contextmanager
def _without_pkg_resources() -> Iterator[None]:
    """jieba imports ``pkg_resources`` only to open its own dictionary and model files,
    and opens them by path when it cannot: that import scans every installed distribution
    (0.1 s of CPU in each process that cuts) and warns that it is deprecated. Hidden while
    jieba is imported; a process that has it already keeps it."""
    if "pkg_resources" in sys.modules:
        yield
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        yield
    finally:
        del sys.modules["pkg_resources"]

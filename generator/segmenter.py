"""Chinese word segmentation: jieba, with the SOP words its general dictionary lacks.

One segmenter for the whole of sopkit: the portal's search index and the redlines'
word-level changes cut Chinese the same way. jieba is loaded on first use (its dictionary
takes about a second), and each extra word is added once per process: ``jieba.add_word``
also raises the dictionary's total frequency, so adding a word again would shift how all
other text is cut.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

# Kept beside the portal, which used it first (README: "add your own with the plugin's
# `words:` option").
BUNDLED_WORDS = Path(__file__).parent / "portal" / "words.txt"

_added: set[str] = set()


def read_words(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def add_words(extra: Path | None = None) -> None:
    """The bundled words, and those of ``extra`` (a file, one word a line), each once."""
    jieba = _jieba()
    for word in read_words(BUNDLED_WORDS) + (read_words(extra) if extra else []):
        if word not in _added:
            jieba.add_word(word)
            _added.add(word)


def cut(text: str) -> list[str]:
    """``text`` (Chinese) as words; their concatenation is ``text``."""
    add_words()
    return list(_jieba().lcut(text))


def _jieba() -> Any:
    import jieba  # late: a second of dictionary loading that most commands never need
    jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading otherwise
    return jieba

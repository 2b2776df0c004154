"""Compare two versions of a document, item by item and word by word: the redline engine.

Every redline sopkit writes (a custom job description against its standard, one release of
a document against another) is the same question: given the items of the old version and
of the new one, in order, what did a person change? The answer is a list of operations:

>>> old, new = Item("开拓新市场、发展新客户。"), Item("开拓上海及周边城市新市场、发展新客户。")
>>> [(op.kind, [(p.change, p.text) for p in op.pieces]) for op in diff_items([old], [new])]
[('reworded', [('same', '开拓'), ('ins', '上海及周边城市'), ('same', '新市场、发展新客户。')])]

* ``diff_items(before, after)`` takes two sequences of :class:`Item` (a paragraph or list
  item: its text, a ``style`` that must match for two items to be compared, and an
  optional ``key`` naming it, e.g. a KPI's name) and returns one :class:`Op` per item:
  ``same``, ``added``, ``removed`` or ``reworded``. Items are matched whole first; among
  the items in between, two with the same key, or with the same style and enough text in
  common, are one reworded item; the rest were added or removed.
* Each op carries its ``pieces``: the text as runs that are unchanged (``same``),
  inserted (``ins``) or deleted (``del``). Joining the ``same`` and ``ins`` pieces gives the
  new text, the ``same`` and ``del`` pieces the old one. An added or removed item is one
  piece; a reworded one is diffed by words (:func:`diff_words`): Chinese by the words of
  the shared segmenter (``segmenter.py``, jieba; single characters if it is missing),
  Latin text and numbers (``10–15``) by words, and no unchanged character is left inside a
  change. When more than half of a reworded item's old text changed, it is one deletion
  and one insertion (after the beginning and before the end both share, such as a
  field's label), as Word's own comparison shows a rewrite, so it stays readable.

It knows nothing about roles, overlays or file formats: the callers turn their documents
into items and the ops into Word tracked changes or marked-up HTML.
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import store

SAME, INSERTED, DELETED = "same", "ins", "del"               # a piece's change
UNCHANGED, ADDED, REMOVED, REWORDED = "same", "added", "removed", "reworded"  # an op's kind

# Two unkeyed items are the same item reworded when at least this share of their characters
# is common (difflib's ratio); below it the old one was removed and the new one added.
PAIRING_RATIO = 0.3
# Two items with different keys are one renamed item (a KPI's new_name) only when this much
# of their keys is common.
RENAMED_RATIO = 0.6
# Between two matched runs every old item is compared with every new one up to this many
# pairs; beyond it, only those within this many places of the diagonal.
FULL_PAIRING, PAIRING_BAND = 400, 8
# A reworded item with more than this share of its old text struck through is shown as one
# deletion and one insertion. Only the old text counts: what was added after it leaves the
# old wording as readable as it was.
REWRITE_SHARE = 0.5

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A letter or digit that is not Chinese: "15位" is the number 15 and the word 位, so a changed
# number leaves its measure word unmarked.
_LATIN = rf"(?:(?![{_HAN}])[^\W_])"
_TOKEN = re.compile(
    rf"[{_HAN}]+"                                        # a run of Chinese: cut into words
    rf"|{_LATIN}+(?:[.,:/'’–—-]{_LATIN}+)*"               # a Latin word or number (10–15, 3.5)
    r"|\s+"                                              # spaces
    r"|.", re.DOTALL)                                    # anything else, one by one
_HAN_RUN = re.compile(rf"[{_HAN}]+")
# Brackets and quotes by Unicode category: opening (Ps, Pi) and closing (Pe, Pf), of any script.
_OPENING, _CLOSING = ("Ps", "Pi"), ("Pe", "Pf")


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    style: str = ""           # only items of the same style are compared with each other
    key: str | None = None    # items with the same key are one item, however reworded


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    change: str               # SAME, INSERTED or DELETED


@dataclass(frozen=True, slots=True)
class Op:
    kind: str                 # UNCHANGED, ADDED, REMOVED or REWORDED
    before: Item | None       # None for an added item
    after: Item | None        # None for a removed item
    pieces: tuple[Piece, ...]

    @property
    def item(self) -> Item:
        """The item as it is now; a removed one as it was."""
        item = self.after or self.before
        assert item is not None
        return item

    @property
    def rewritten(self) -> bool:
        """A reworded item shown as one deletion and one insertion (``diff_words``)."""
        if self.kind != REWORDED or self.before is None:
            return False
        changed = [p for p in self.pieces if p.change != SAME]
        return ([p.change for p in changed] == [DELETED, INSERTED]
                and len(changed[0].text) > REWRITE_SHARE * len(self.before.text))


def diff_items(before: Sequence[Item], after: Sequence[Item]) -> list[Op]:
    """One op per item of both sequences, in reading order (removed before added)."""
    matcher = difflib.SequenceMatcher(None, [(i.style, i.key, i.text) for i in before],
                                      [(i.style, i.key, i.text) for i in after],
                                      autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops += [Op(UNCHANGED, item, item, (Piece(item.text, SAME),)) for item in before[i1:i2]]
        else:
            ops += _between(list(before[i1:i2]), list(after[j1:j2]))
    return ops


def diff_words(before: str, after: str) -> tuple[Piece, ...]:
    """The pieces that turn ``before`` into ``after``, word by word. Kept in the content
    store (the build cache), keyed by both texts and all the segmenter's answer depends
    on: a rebuild whose redlines are unchanged need not load jieba's dictionary (a second
    or two) just to name them in their keys."""
    key = _words_key(before, after)
    kept = store.load(_WORDS_KIND, key) if key else None
    if kept is not None:
        return tuple(Piece(text, change) for text, change in json.loads(kept))
    pieces = _diff_words(before, after)
    if key:
        store.save(_WORDS_KIND, key, json.dumps([[p.text, p.change] for p in pieces],
                                                ensure_ascii=False).encode("utf-8"))
    return pieces


_WORDS_KIND = "word-diff"


def _words_key(before: str, after: str) -> str | None:
    if not store.enabled() or not (_HAN_RUN.search(before) or _HAN_RUN.search(after)):
        return None  # nothing is cut by jieba: the diff costs less than a lookup
    from . import segmenter
    return store.key_of(_WORDS_KIND, _own_code(), segmenter.state(), before, after)


@functools.cache
def _own_code() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _diff_words(before: str, after: str) -> tuple[Piece, ...]:
    old, new = words(before), words(after)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("".join(old[i1:i2]), SAME))
            continue
        pieces += _trimmed("".join(old[i1:i2]), "".join(new[j1:j2]))
    pieces = _shift_to_brackets(_merged(pieces))
    deleted = sum(len(p.text) for p in pieces if p.change == DELETED)
    if before and after and deleted / len(before) > REWRITE_SHARE:
        # one deletion and one insertion, between what both begin and end with (a label)
        return tuple(_trimmed(before, after))
    return tuple(pieces)


def words(text: str) -> list[str]:
    """``text`` as the units a reader compares: Chinese words, Latin words and numbers,
    spaces, and every other character on its own. Joined, they are ``text``."""
    result: list[str] = []
    for token in _TOKEN.findall(text):
        result += _cut(token) if _HAN_RUN.fullmatch(token) else [token]
    return result


# ---------------------------------------------------------------- items

def _between(old: list[Item], new: list[Item]) -> list[Op]:
    """The items between two matched runs: pair the reworded ones, in order."""
    pairs = _pairs(old, new)
    ops: list[Op] = []
    i = j = 0
    for pi, pj in pairs + [(len(old), len(new))]:
        ops += [Op(REMOVED, item, None, (Piece(item.text, DELETED),)) for item in old[i:pi]]
        ops += [Op(ADDED, None, item, (Piece(item.text, INSERTED),)) for item in new[j:pj]]
        if pi < len(old):
            ops.append(Op(REWORDED, old[pi], new[pj], diff_words(old[pi].text, new[pj].text)))
        i, j = pi + 1, pj + 1
    return ops


def _pairs(old: list[Item], new: list[Item]) -> list[tuple[int, int]]:
    """The best order-keeping pairing (most similarity in all), by dynamic programming over
    the items between two matched runs (usually a few; a whole rewritten list at worst)."""
    similar = {(i, j): _similarity(old[i], new[j]) if _near(i, j, old, new) else None
               for i in range(len(old)) for j in range(len(new))}
    score = [[0.0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            similarity = similar[i, j]
            if similarity is not None:
                best = max(best, similarity + score[i + 1][j + 1])
            score[i][j] = best
    pairs, i, j = [], 0, 0
    while i < len(old) and j < len(new):
        similarity = similar[i, j]
        if similarity is not None and score[i][j] == similarity + score[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _near(i: int, j: int, old: list[Item], new: list[Item]) -> bool:
    """Whether old item i may be new item j reworded. Every pair in a short stretch; in a
    long one (a list rewritten throughout) only pairs near the diagonal, and items with the
    same key, so that comparing stays about linear in the length."""
    if len(old) * len(new) <= FULL_PAIRING or (old[i].key is not None
                                                and old[i].key == new[j].key):
        return True
    return abs(i * len(new) / len(old) - j) <= PAIRING_BAND


def _similarity(old: Item, new: Item) -> float | None:
    """How alike two items are (more than 1 for the same key); None: not one item."""
    if old.style != new.style:
        return None
    if old.key is not None and new.key is not None:
        if old.key == new.key:
            return 2.0
        # two differently named items are one renamed item only if the names are alike
        # (their texts share the rest of the line: a level, a target, a period)
        ratio = difflib.SequenceMatcher(None, old.key, new.key, autojunk=False).ratio()
        return ratio if ratio >= RENAMED_RATIO else None
    matcher = difflib.SequenceMatcher(None, old.text, new.text, autojunk=False)
    if matcher.real_quick_ratio() < PAIRING_RATIO or matcher.quick_ratio() < PAIRING_RATIO:
        return None  # cheap upper bounds first: most pairs in a long list are far apart
    ratio = matcher.ratio()
    return ratio if ratio >= PAIRING_RATIO else None


# ---------------------------------------------------------------- words

def _cut(run: str) -> list[str]:
    try:
        from . import segmenter
        return segmenter.cut(run)
    except ImportError:  # no jieba: compare the characters
        return list(run)


def _trimmed(old: str, new: str) -> list[Piece]:
    """A replaced stretch with the characters both ends share taken out of the change:
    the segmenter may cut the same characters differently in the two texts (新市场 /
    城市新 + 市场). Latin words are not split."""
    start = len(_common_prefix(old, new))
    while start and (_inside_word(old, start) or _inside_word(new, start)):
        start -= 1
    end = len(_common_prefix(old[start:][::-1], new[start:][::-1]))
    while end and (_inside_word(old, len(old) - end) or _inside_word(new, len(new) - end)):
        end -= 1
    pieces = [Piece(old[:start], SAME), Piece(old[start:len(old) - end], DELETED),
              Piece(new[start:len(new) - end], INSERTED), Piece(old[len(old) - end:], SAME)]
    return [p for p in pieces if p.text]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _inside_word(text: str, at: int) -> bool:
    """True if position ``at`` falls between two letters or digits of a Latin word."""
    return (0 < at < len(text) and text[at - 1].isascii() and text[at].isascii()
            and text[at - 1].isalnum() and text[at].isalnum())


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Each changed stretch as at most one deletion followed by one insertion."""
    result: list[Piece] = []
    stretch: dict[str, str] = {DELETED: "", INSERTED: ""}
    for piece in pieces + [Piece("", SAME)]:
        if piece.change != SAME:
            stretch[piece.change] += piece.text
            continue
        result += [Piece(stretch[c], c) for c in (DELETED, INSERTED) if stretch[c]]
        stretch = {DELETED: "", INSERTED: ""}
        if result and result[-1].change == SAME:
            result[-1] = Piece(result[-1].text + piece.text, SAME)
        elif piece.text:
            result.append(piece)
    return result


def _shift_to_brackets(pieces: list[Piece]) -> list[Piece]:
    """A pure insertion or deletion between unchanged text can often slide (销售员（ +
    上海区域）（ + Sales… is 销售员 + （上海区域） + （Sales…): slide it left to where its
    brackets balance, as a reader would mark it."""
    result = list(pieces)
    for n in range(1, len(result) - 1):
        left, middle, right = result[n - 1], result[n], result[n + 1]
        if middle.change == SAME or left.change != SAME or right.change != SAME:
            continue
        text, head = middle.text, left.text
        while head and head[-1] == text[-1] and not _balanced(text):
            text, head = head[-1] + text[:-1], head[:-1]
        if text != middle.text and _balanced(text):
            result[n - 1] = Piece(head, SAME)
            result[n] = Piece(text, middle.change)
            result[n + 1] = Piece(left.text[len(head):] + right.text, SAME)
    return [p for p in result if p.text]


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        category = unicodedata.category(char)
        if category in _OPENING:
            depth += 1
        elif category in _CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0

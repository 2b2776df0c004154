""""Did you mean" suggestions for misspelt keys and ids."""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from .textsafety import shown

# Characters compared: longer text is compared by its start. Matching is quadratic, so
# twenty 10,000-character duties once took ten seconds for one suggestion.
MAX_COMPARED = 500
SHOWN_SUGGESTION = 200  # characters of a suggestion quoted back


def close_matches(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    by_start: dict[str, str] = {}
    for candidate in candidates:
        by_start.setdefault(candidate[:MAX_COMPARED], candidate)
    found = difflib.get_close_matches(word[:MAX_COMPARED], list(by_start), n=limit, cutoff=0.6)
    return [by_start[start] for start in found]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ": did you mean `x`?" (or "`x` or `y`"), or "" when nothing is close."""
    matches = close_matches(word, candidates)
    if not matches:
        return ""
    return ": did you mean " + " or ".join(f"`{shown(m, SHOWN_SUGGESTION)}`"
                                           for m in matches) + "?"


def ids_titled(word: str, titles: Mapping[str, str]) -> list[str]:
    """The ids whose title (职位名称, 部门名称 …) is ``word``: people type the name they know,
    会计主管, where the format wants the id, accounting-supervisor."""
    wanted = word.strip()
    return [key for key, title in titles.items() if title and title.strip() == wanted]


def did_you_mean_id(word: str, titles: Mapping[str, str]) -> str:
    """Like :func:`did_you_mean` over the ids of ``titles`` (id → title), but a word that
    is a title gets its id: ": did you mean `accounting-supervisor` (会计主管)?"."""
    matches = ids_titled(word, titles)
    if not matches:
        return did_you_mean(word, titles)
    return ": did you mean " + " or ".join(
        f"`{shown(m, SHOWN_SUGGESTION)}` ({shown(titles[m], SHOWN_SUGGESTION)})"
        for m in matches) + "?"

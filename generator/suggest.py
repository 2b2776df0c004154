""""Did you mean" suggestions for misspelt keys and ids."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

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

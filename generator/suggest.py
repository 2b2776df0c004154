""""Did you mean" suggestions for misspelt keys and ids."""
from __future__ import annotations

import difflib
from typing import Iterable


def close_matches(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(candidates), n=limit, cutoff=0.6)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ": did you mean `x`?" (or "`x` or `y`"), or "" when nothing is close."""
    matches = close_matches(word, candidates)
    if not matches:
        return ""
    return ": did you mean " + " or ".join(f"`{m}`" for m in matches) + "?"

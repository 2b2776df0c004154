"""How a training session's figures read, the same in every presentation."""
from __future__ import annotations


def hours_text(hours: float | None) -> str:
    """1.5 → "1.5", 2.0 → "2": hours as people write them."""
    return "" if hours is None else f"{hours:g}"

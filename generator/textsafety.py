"""Characters no content may carry, and content shown safely where it is quoted back.

Control characters are invisible in editors, break Graphviz, Word and JSON consumers, and
some of them (NEL, U+2028, U+2029) are line breaks to YAML but not to editors, so line
numbers would drift. The reader refuses them; messages and charts never echo them raw.
"""
from __future__ import annotations

import re

# C0 except tab and newline, which block text needs (carriage returns are normalised
# before this), DEL, C1 (with NEL), the Unicode line and paragraph separators, and the two
# non-characters YAML refuses.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
SHOWN_LIMIT = 60  # characters of a value quoted back in a message


def char_name(char: str) -> str:
    """U+0007: how a message names an invisible character."""
    return f"U+{ord(char):04X}"


def without_control(text: str, replacement: str = "") -> str:
    return CONTROL.sub(replacement, text)


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(text: str, limit: int = SHOWN_LIMIT) -> str:
    """A value quoted back in a message: control characters named, not echoed; long values
    cut, so a 5,000-digit number or a 200,000-character name cannot flood the terminal."""
    visible = CONTROL.sub(lambda m: f"<{char_name(m.group())}>", clip(text, limit))
    return visible.replace("\n", " ").replace("\t", " ")

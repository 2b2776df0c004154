"""Content is data: every value a portal template prints is made inert for both Markdown
and HTML before it reaches Python-Markdown.

HTML escaping alone is not enough in a Markdown page: `[x](javascript:…)`, `*`, `#` or `|`
in a duty would still become a link, emphasis, a heading or a table cell. So every ASCII
character Markdown or HTML gives a meaning to is written as a numeric character reference,
which Markdown passes through untouched and the browser shows as the character itself.
"""
from __future__ import annotations

import html
import json

from markupsafe import Markup

_ACTIVE = "\\`*_{}[]()#+-.!|<>&\"'~^=:$%@"
_TABLE = {ord(char): f"&#{ord(char)};" for char in _ACTIVE}


def inert(value) -> Markup:
    """Jinja's `finalize`: plain values become inert text; Markup (our own) passes."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    if value is None:
        return Markup("")
    text = " ".join(str(value).split())  # a line break or indent must not start a block
    return Markup(text.translate(_TABLE))


def attribute_text(value: str) -> str:
    """Text for places MkDocs' theme prints without escaping (nav and page titles)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def json_for_script(data) -> Markup:
    """JSON to place inside <script>: no `<`, `>` or `&` can close the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)

"""`{territory}`-style placeholders in the text an overlay writes.

Plain substitution of the known variables and nothing else: content is data, never a
template, so there is no attribute access, no expressions and no format specs. `{{` and `}}`
stand for literal braces, as in Python's str.format.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol, overload

from ..diagnostics import Diagnostics
from ..fields import Text, field_infos
from ..suggest import close_matches
from .model import Overlay, Variables

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def known_variables() -> tuple[str, ...]:
    return tuple(info.key for info in field_infos(Variables))


def variable_values(overlay: Overlay, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The overlay's own `variables:`, with command-line `--set` values winning."""
    values = {}
    if overlay.variables is not None:
        values = {name: str(getattr(overlay.variables, name)) for name in known_variables()
                  if getattr(overlay.variables, name) is not None}
    values.update(overrides or {})
    return values


class Fill(Protocol):
    """Fills placeholders in a text; an absent text stays absent, a present one present."""

    @overload
    def __call__(self, text: Text) -> Text: ...
    @overload
    def __call__(self, text: Text | None) -> Text | None: ...


class Filler:
    """Fills placeholders in one overlay's text, reporting each bad one where it is written."""

    def __init__(self, values: Mapping[str, str], diags: Diagnostics) -> None:
        self.values = dict(values)
        self.diags = diags

    @overload
    def __call__(self, text: Text) -> Text: ...
    @overload
    def __call__(self, text: Text | None) -> Text | None: ...

    def __call__(self, text: Text | None) -> Text | None:
        if text is None:
            return None
        filled = _TOKEN.sub(lambda match: self._replacement(match, text), text)
        return Text(filled, text.loc)

    def _replacement(self, match: re.Match, text: Text) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1).strip()
        if name in self.values:
            return self.values[name]
        if name in known_variables():
            self.diags.error(text.loc, f"placeholder `{token}` has no value: add `{name}: …` "
                             f"under `variables:`, or pass --set {name}=…", "missing-variable")
        else:
            self._unknown(token, name, text)
        return token

    def _unknown(self, token: str, name: str, text: Text) -> None:
        known = known_variables()
        matches = close_matches(name, known)
        hint = (": did you mean " + " or ".join(f"`{{{m}}}`" for m in matches) + "?"
                if matches else "")
        listed = ", ".join(f"{{{k}}}" for k in known)
        self.diags.error(text.loc, f"unknown placeholder `{token}`{hint} (the placeholders "
                         f"are {listed}; write {{{{ and }}}} for a literal brace)",
                         "unknown-placeholder")

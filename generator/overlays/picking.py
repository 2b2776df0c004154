"""Find the item of the standard job description that an overlay entry names.

An entry names an item by its exact wording or by its printed number (duties: within their
group). Whatever it names must be exactly one item: nothing or several is an error at the
entry, with a "did you mean" where one is close.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostics, Loc
from ..fields import Text
from ..suggest import SHOWN_SUGGESTION, close_matches, did_you_mean
from ..textsafety import shown


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a standard list; ``group`` is its duty group's title (None: no group)."""

    index: int
    group: str | None
    position: int
    text: Text


@dataclass(frozen=True, slots=True)
class Scope:
    """The list being changed, for messages: whose it is and what its items are called."""

    role_id: str
    noun: str
    plural: str
    grouped: bool = False


@dataclass(frozen=True, slots=True)
class Wanted:
    """What an overlay entry says about the item it means (a Pick, a Replacement or text)."""

    loc: Loc
    text: Text | None = None
    position: int | None = None
    position_loc: Loc | None = None
    group: Text | None = None


def wanted_from(entry) -> Wanted:
    if isinstance(entry, Text):
        return Wanted(entry.loc, text=entry)
    return Wanted(entry.loc, entry.text, entry.position, entry.loc_of("position"), entry.group)


def find(wanted: Wanted, entries: list[Entry], scope: Scope, diags: Diagnostics) -> Entry | None:
    """The one entry ``wanted`` names, or None after reporting why there is not one."""
    if not _well_formed(wanted, scope, diags):
        return None
    candidates = _candidates(wanted, entries, scope, diags)
    if candidates is None:
        return None
    if wanted.text is not None:
        return _by_text(wanted.text, candidates, scope, diags)
    return _by_position(wanted, candidates, scope, diags)


def _well_formed(wanted: Wanted, scope: Scope, diags: Diagnostics) -> bool:
    if wanted.group is not None and not scope.grouped:
        diags.error(wanted.group.loc, f"`group` only applies to duties, not to "
                    f"{scope.plural}", "overlay-target")
        return False
    if wanted.text is not None and wanted.position is not None:
        diags.error(wanted.loc, f"write either `text` or `position` to say which {scope.noun} "
                    "you mean, not both", "overlay-target")
        return False
    if wanted.text is None and wanted.position is None:
        diags.error(wanted.loc, f"say which {scope.noun} you mean: write `text:` (its exact "
                    "wording) or `position:` (its number, 1 = first)", "overlay-target")
        return False
    return True


def _candidates(wanted: Wanted, entries: list[Entry], scope: Scope,
                diags: Diagnostics) -> list[Entry] | None:
    groups = list(dict.fromkeys(e.group for e in entries if e.group is not None))
    if wanted.group is not None:
        if wanted.group.strip() not in groups:
            hint = did_you_mean(wanted.group.strip(), groups) or _listing(groups)
            diags.error(wanted.group.loc, f"`{scope.role_id}` has no duty group "
                        f"`{wanted.group}`{hint}", "overlay-no-match")
            return None
        return [e for e in entries if e.group == wanted.group.strip()]
    if wanted.text is not None:
        return entries
    loose = [e for e in entries if e.group is None]
    if groups and not loose:
        diags.error(wanted.loc, f"the duties of `{scope.role_id}` are in groups: add `group:` "
                    f"to say which group duty {wanted.position} is in{_listing(groups)}",
                    "overlay-target")
        return None
    return loose


def _listing(groups: list[str]) -> str:
    return f" (its groups: {', '.join(groups)})" if groups else ""


def _by_text(text: Text, candidates: list[Entry], scope: Scope,
             diags: Diagnostics) -> Entry | None:
    wording = text.strip()
    matches = [e for e in candidates if e.text.strip() == wording]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        diags.error(text.loc, _no_text_match(wording, candidates, scope), "overlay-no-match")
        return None
    diags.error(text.loc, _ambiguous(wording, matches, scope), "overlay-ambiguous")
    return None


def _no_text_match(wording: str, candidates: list[Entry], scope: Scope) -> str:
    message = f"no {scope.noun} of `{scope.role_id}` reads `{shown(wording, SHOWN_SUGGESTION)}`"
    close = close_matches(wording, [e.text.strip() for e in candidates], limit=1)
    if close:
        message += f": did you mean `{shown(close[0], SHOWN_SUGGESTION)}`?"
    message += " (write the wording exactly as in the standard job description)"
    if wording.isdigit():
        message += f"; to pick the {scope.noun} by number write `position: {wording}`"
    return message


def _ambiguous(wording: str, matches: list[Entry], scope: Scope) -> str:
    groups = list(dict.fromkeys(e.group for e in matches))
    message = f"`{wording}` matches {len(matches)} {scope.plural} of `{scope.role_id}`"
    if len(groups) > 1 and None not in groups:
        shown = " and ".join(f"`{g}`" for g in groups)
        return f"{message} (in groups {shown}): add `group:` to say which one"
    return f"{message}: use `position:` to say which one"


def _by_position(wanted: Wanted, candidates: list[Entry], scope: Scope,
                 diags: Diagnostics) -> Entry | None:
    for entry in candidates:
        if entry.position == wanted.position:
            return entry
    count = len(candidates)
    owner = (f"duty group `{wanted.group.strip()}` of `{scope.role_id}`"
             if wanted.group is not None else f"`{scope.role_id}`")
    items = scope.noun if count == 1 else scope.plural
    diags.error(wanted.position_loc or wanted.loc, f"{owner} has {count} {items}, so there is "
                f"no {scope.noun} {wanted.position}", "overlay-no-match")
    return None

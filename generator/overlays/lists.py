"""Apply an overlay's add / remove / replace to a list of text items, or to duties in groups.

Every entry names an item of the *standard* list (its wording or printed number), never an
item as an earlier entry left it: the manager reads the standard JD while writing, so
"duty 3" means what the printed standard calls duty 3. New items go at the end (of their
group, for duties).
"""
from __future__ import annotations

import dataclasses

from ..diagnostics import Diagnostics
from ..fields import Text
from ..model import DutyGroup
from ..suggest import did_you_mean
from .model import DutyAddition, DutyChanges, ListChanges
from .picking import Entry, Scope, find, wanted_from
from .placeholders import Fill

_REMOVED = None


def edit_list(items: tuple[Text, ...], changes: ListChanges | None, scope: Scope, fill: Fill,
              diags: Diagnostics) -> tuple[Text, ...]:
    if changes is None:
        return items
    entries = [Entry(index, None, index + 1, text) for index, text in enumerate(items)]
    plan = _plan(entries, changes, scope, fill, diags)
    kept = [outcome for entry in entries for outcome in _outcome(entry, plan)]
    return tuple(kept) + tuple(fill(text) for text in changes.add)


def edit_duties(duties: tuple, changes: DutyChanges | None, scope: Scope, fill: Fill,
                diags: Diagnostics) -> tuple:
    if changes is None:
        return duties
    entries = duty_entries(duties)
    plan = _plan(entries, changes, scope, fill, diags)
    groups = [e.group for e in entries if e.group is not None]
    additions = _duty_additions(changes.add, groups, scope, fill, diags)
    result: list = []
    remaining = iter(entries)
    for duty in duties:
        if isinstance(duty, DutyGroup):
            items = [out for _ in duty.items for out in _outcome(next(remaining), plan)]
            items += additions.pop(duty.group.strip(), [])
            if items:  # a group whose every duty was removed disappears with them
                result.append(dataclasses.replace(duty, items=tuple(items)))
        else:
            result += _outcome(next(remaining), plan)
    return tuple(result + additions.get(None, []))


def duty_entries(duties: tuple) -> list[Entry]:
    """Duties as numbered entries: within a group from 1; loose duties from 1 among themselves."""
    entries: list[Entry] = []
    loose = 0
    for duty in duties:
        if isinstance(duty, DutyGroup):
            for number, item in enumerate(duty.items, 1):
                entries.append(Entry(len(entries), duty.group.strip(), number, item))
        else:
            loose += 1
            entries.append(Entry(len(entries), None, loose, duty))
    return entries


def _plan(entries: list[Entry], changes, scope: Scope, fill: Fill,
          diags: Diagnostics) -> dict[int, Text | None]:
    """Entry index → its new text, or _REMOVED; each standard item is changed at most once."""
    plan: dict[int, Text | None] = {}
    claimed_at: dict[int, int] = {}
    for removal in changes.remove:
        wanted = wanted_from(removal)
        entry = find(wanted, entries, scope, diags)
        _claim(entry, _REMOVED, wanted.loc, plan, claimed_at, scope, diags)
    for replacement in changes.replace:
        new_text = fill(replacement.with_)  # filled even when nothing matches: report all
        wanted = wanted_from(replacement)
        entry = find(wanted, entries, scope, diags)
        _claim(entry, new_text, wanted.loc, plan, claimed_at, scope, diags)
    return plan


def _claim(entry: Entry | None, outcome, loc, plan, claimed_at, scope: Scope,
           diags: Diagnostics) -> None:
    if entry is None:
        return
    if entry.index in plan:
        diags.error(loc, f"{scope.noun} `{entry.text.strip()}` is already removed or replaced "
                    f"at line {claimed_at[entry.index]}: change each {scope.noun} once",
                    "overlay-conflict")
        return
    plan[entry.index] = outcome
    claimed_at[entry.index] = loc.line


def _outcome(entry: Entry, plan: dict[int, Text | None]) -> list[Text]:
    if entry.index not in plan:
        return [entry.text]
    new_text = plan[entry.index]
    return [] if new_text is _REMOVED else [new_text]


def _duty_additions(additions, groups: list[str], scope: Scope, fill: Fill,
                    diags: Diagnostics) -> dict[str | None, list[Text]]:
    by_group: dict[str | None, list[Text]] = {}
    for addition in additions:
        if not isinstance(addition, DutyAddition):
            by_group.setdefault(None, []).append(fill(addition))
            continue
        text = fill(addition.text)
        if addition.group is None:
            by_group.setdefault(None, []).append(text)
        elif _known_group(addition.group, groups, scope, diags):
            by_group.setdefault(addition.group.strip(), []).append(text)
    return by_group


def _known_group(group: Text, groups: list[str], scope: Scope, diags: Diagnostics) -> bool:
    title = group.strip()
    if title in groups:
        return True
    known = list(dict.fromkeys(groups))
    hint = did_you_mean(title, known) or (f" (its groups: {', '.join(known)})"
                                          if known else " (it has no duty groups)")
    diags.error(group.loc, f"`{scope.role_id}` has no duty group `{title}`"
                f"{hint}; to list the duty after all groups, leave out `group:`",
                "overlay-no-match")
    return False

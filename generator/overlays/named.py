"""Apply add / change / remove to things found by name: KPIs and skills."""
from __future__ import annotations

import dataclasses

from ..diagnostics import Diagnostics
from ..fields import Text
from ..model import Kpi, Skill
from ..suggest import SHOWN_SUGGESTION, did_you_mean
from ..textsafety import shown
from .model import KpiChange, KpiChanges, SkillChanges
from .placeholders import Fill


def edit_kpis(kpis: tuple[Kpi, ...], changes: KpiChanges | None, role_id: str, fill: Fill,
              diags: Diagnostics) -> tuple[Kpi, ...]:
    if changes is None:
        return kpis

    def changed(kpi: Kpi, change: KpiChange) -> Kpi:
        return dataclasses.replace(
            kpi, name=fill(change.new_name) or kpi.name,
            target=fill(change.target) if change.target is not None else kpi.target,
            period=change.period or kpi.period)

    def added(kpi: Kpi) -> Kpi:
        return dataclasses.replace(kpi, name=fill(kpi.name), target=fill(kpi.target))

    return _edit(kpis, changes, "KPI", role_id, changed, added, diags)


def edit_skills(skills: tuple[Skill, ...], changes: SkillChanges | None, role_id: str,
                fill: Fill, diags: Diagnostics) -> tuple[Skill, ...]:
    if changes is None:
        return skills

    def changed(skill: Skill, change: Skill) -> Skill:
        return dataclasses.replace(skill, level=change.level or skill.level)

    def added(skill: Skill) -> Skill:
        return dataclasses.replace(skill, name=fill(skill.name))

    return _edit(skills, changes, "skill", role_id, changed, added, diags)


def _edit(things: tuple, changes, noun: str, role_id: str, changed, added,
          diags: Diagnostics) -> tuple:
    # A thing without a name was reported as missing `name` already: it can be neither
    # found by name nor added, and must not stop the rest of the overlay from applying.
    names = [_name_of(thing) for thing in things]
    result: dict[int, object] = dict(enumerate(things))
    claimed_at: dict[int, int] = {}
    for name in changes.remove:
        index = _index(name, names, noun, role_id, diags)
        if index is not None and _claim(index, name, claimed_at, noun, diags):
            del result[index]
    for change in changes.change:
        index = _index(change.name, names, noun, role_id, diags)
        if index is not None and _claim(index, change.name, claimed_at, noun, diags):
            result[index] = changed(things[index], change)
    new = []
    for thing in changes.add:
        if thing.name is None:
            continue
        if thing.name.strip() in names:
            diags.error(thing.name.loc, f"`{role_id}` already has a {noun} named "
                        f"`{thing.name.strip()}`: use `change:` to change it", "overlay-duplicate")
            continue
        new.append(added(thing))
    return tuple(result[i] for i in sorted(result)) + tuple(new)


def _name_of(thing) -> str | None:
    return None if thing.name is None else thing.name.strip()


def _index(name: Text | None, names: list[str | None], noun: str, role_id: str,
           diags: Diagnostics) -> int | None:
    if name is None:
        return None
    wanted = name.strip()
    if wanted in names:
        return names.index(wanted)
    named = [n for n in names if n is not None]
    hint = did_you_mean(wanted, named) or (f" (its {noun}s: {', '.join(named)})" if named
                                           else f" (it has no {noun}s)")
    diags.error(name.loc, f"`{role_id}` has no {noun} named `{shown(wanted, SHOWN_SUGGESTION)}`"
                f"{hint}", "overlay-no-match")
    return None


def _claim(index: int, name: Text, claimed_at: dict[int, int], noun: str,
           diags: Diagnostics) -> bool:
    if index in claimed_at:
        diags.error(name.loc, f"{noun} `{name.strip()}` is already removed or changed at line "
                    f"{claimed_at[index]}: change each {noun} once", "overlay-conflict")
        return False
    claimed_at[index] = name.loc.line
    return True

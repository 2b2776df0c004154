"""Compare a custom role with its standard, section by section, for the redlines.

Both roles are written out as the same sections of items (a field line, a summary
paragraph, a duty group's title, a list item); the diff engine (``generator.textdiff``)
compares each section's items, so an added duty is one added item, a removed one a removed
item, and a reworded one a single item whose pieces mark only the words that changed.
Field lines are keyed by their label, skills and KPIs by their name: a KPI whose target
moved is the same KPI reworded, however much of its line changed.
"""
from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Callable
from dataclasses import dataclass

from .. import store
from ..buildcache import output_key
from ..documents.environment import duty_blocks, paragraphs
from ..i18n import Labels
from ..model import Role
from ..textdiff import ADDED, DELETED, INSERTED, REMOVED, REWORDED, SAME, Item, Op, diff_items
from ..views.role import skill_level

__all__ = ["ADDED", "DELETED", "GROUP", "INSERTED", "ITEM", "REMOVED", "REWORDED", "SAME",
           "TEXT", "Change", "Section", "change_count", "changes", "compare"]

TEXT, GROUP, ITEM = "text", "group", "item"   # an item's style


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    change: str          # a section only one side has is INSERTED or DELETED whole
    ops: tuple[Op, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One change a person made, as the summary at the top of a redline lists it."""

    kind: str            # ADDED, REMOVED or REWORDED
    section: str         # the heading of the section it is in
    text: str            # the item as it is now; a removed one as it was


def compare(standard: Role, custom: Role, t: Labels,
            actor: Callable[[str], str]) -> list[Section]:
    """The sections of both roles, compared. A build compares each custom role three times
    (the Word and PDF redlines, the portal's list of variants), and the word-level diff
    (jieba) is most of a redline's cost, so the result is kept for the same roles, locale
    and actor names. Roles are immutable and a new check makes new ones: compared by
    identity, and held so that an id is not reused while its entry lives."""
    owner = getattr(actor, "__self__", actor)  # linked.actor_name is a new bound method each time
    key = (id(standard), id(custom), t.locale, id(owner), getattr(actor, "__func__", actor))
    kept = _compared.get(key)
    if kept is None:
        if len(_compared) >= _COMPARED_LIMIT:
            _compared.clear()
        kept = _compared[key] = ((standard, custom, owner), tuple(_compare(standard, custom, t,
                                                                             actor)))
    return list(kept[1])


_COMPARED_LIMIT = 64
_compared: dict[tuple, tuple[tuple, tuple[Section, ...]]] = {}


def _compare(standard: Role, custom: Role, t: Labels,
             actor: Callable[[str], str]) -> list[Section]:
    sections = []
    for heading, items_of in _section_writers(t, actor):
        before, after = items_of(standard), items_of(custom)
        if not before and not after:
            continue
        change = SAME if before and after else (INSERTED if after else DELETED)
        sections.append(Section(heading, change, tuple(diff_items(before, after))))
    return sections


def changes(sections: list[Section]) -> list[Change]:
    """What a person changed: one entry per added, removed or reworded item. A duty
    group's title that comes or goes with its duties is not a change of its own."""
    return [Change(op.kind, section.heading, op.item.text)
            for section in sections for op in section.ops
            if op.kind == REWORDED or (op.kind in (ADDED, REMOVED) and op.item.style != GROUP)]


def change_count(standard: Role, custom: Role, t: Labels,
                 actor: Callable[[str], str]) -> int:
    """``len(changes(compare(…)))``, kept in the build cache: the portal shows the count on
    every build, and comparing loads jieba's dictionary (a second or more). The items
    compared, and the segmenter's version, are the key."""
    parts = [f"jieba={_jieba_version()}"]
    for heading, items_of in _section_writers(t, actor):
        for role in (standard, custom):
            parts.append(json.dumps([heading, [[i.text, i.style, i.key] for i in items_of(role)]],
                                    ensure_ascii=False))
    key = output_key("redline-changes", *parts)
    count = store.load_or_make("redline-changes", key, lambda: str(
        len(changes(compare(standard, custom, t, actor)))).encode("ascii"))
    return int(count)


def _jieba_version() -> str:
    try:
        return importlib.metadata.version("jieba")
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _section_writers(t: Labels, actor: Callable[[str], str]):
    def field(label: str, value: str) -> Item:
        return Item(t("jd_field_line", label=t(label), value=value), TEXT, key=label)

    def items(values) -> list[Item]:
        return [Item(str(v), ITEM) for v in values]

    def basics(role: Role) -> list[Item]:
        title = role.title if not role.title_en else t("jd_title_with_en", title=role.title,
                                                        title_en=role.title_en)
        lines = [field("title", title), field("department", actor(role.department))]
        if role.reports_to:
            lines.append(field("reports_to", actor(role.reports_to)))
        return lines + [field("headcount", str(role.headcount))]

    def duties(role: Role) -> list[Item]:
        lines = []
        for group, entries in duty_blocks(role.duties):
            lines += ([Item(str(group), GROUP)] if group else []) + items(entries)
        return lines

    def qualifications(role: Role) -> list[Item]:
        q = role.qualifications
        if q is None:
            return []
        lines = [field(label, value) for label, value in
                 (("education", q.education), ("experience", q.experience)) if value]
        if q.other:
            lines += [Item(t("other_requirements"), GROUP)] + items(q.other)
        return lines

    return [
        (t("jd_redline_basics"), basics),
        (t("summary"), lambda r: [Item(p, TEXT) for p in paragraphs(r.summary or "")]),
        (t("duties"), duties),
        (t("responsibilities"), lambda r: items(r.responsibilities)),
        (t("authorities"), lambda r: items(r.authorities)),
        (t("qualifications"), qualifications),
        (t("knowledge"), lambda r: items(r.knowledge)),
        (t("skills"), lambda r: [Item(_skill(s, t), ITEM, str(s.name)) for s in r.skills]),
        (t("kpis"), lambda r: [Item(_kpi(k, t), ITEM, str(k.name)) for k in r.kpis]),
    ]


def _skill(skill, t: Labels) -> str:
    level = skill_level(skill)
    return t("jd_field_line", label=skill.name, value=level) if level else str(skill.name)


def _kpi(kpi, t: Labels) -> str:
    text = str(kpi.name)
    if kpi.target:
        text = t("jd_field_line", label=text, value=kpi.target)
    if kpi.period:
        text = t("jd_with_period", text=text, period=t(f"period_{kpi.period}"))
    return text

"""Compare a custom role with its standard, paragraph by paragraph, for the redlines.

Both roles are written out as the same sections of plain lines; each section's lines are
diffed, so an added duty is one inserted line, a removed one a deleted line, and a reworded
one a deleted line followed by an inserted one. Everything else is unchanged context.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from ..documents.environment import duty_blocks, paragraphs
from ..i18n import Labels
from ..model import Role
from ..views.role import skill_level

SAME, INSERTED, DELETED = "same", "ins", "del"
TEXT, GROUP, ITEM = "text", "group", "item"


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    style: str           # TEXT, GROUP (a duty group's title) or ITEM (a list item)
    change: str = SAME   # SAME, INSERTED or DELETED


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    change: str          # a section only one side has is inserted or deleted whole
    lines: tuple[Line, ...]


def compare(standard: Role, custom: Role, t: Labels,
            actor: Callable[[str], str]) -> list[Section]:
    sections = []
    for heading, lines_of in _section_writers(t, actor):
        before, after = lines_of(standard), lines_of(custom)
        if not before and not after:
            continue
        change = SAME if before and after else (INSERTED if after else DELETED)
        sections.append(Section(heading, change, tuple(diff_lines(before, after))))
    return sections


def changed_lines(sections: list[Section]) -> list[Line]:
    return [line for section in sections for line in section.lines if line.change != SAME]


def diff_lines(before: list[Line], after: list[Line]) -> list[Line]:
    key = lambda line: (line.style, line.text)  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(x) for x in before], [key(x) for x in after],
                                      autojunk=False)
    result: list[Line] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result += before[i1:i2]
            continue
        result += [Line(x.text, x.style, DELETED) for x in before[i1:i2]]
        result += [Line(x.text, x.style, INSERTED) for x in after[j1:j2]]
    return result


def _section_writers(t: Labels, actor: Callable[[str], str]):
    field = lambda label, value: Line(t("jd_field_line", label=t(label), value=value), TEXT)  # noqa: E731
    items = lambda values: [Line(str(v), ITEM) for v in values]  # noqa: E731

    def basics(role: Role) -> list[Line]:
        title = role.title if not role.title_en else t("jd_title_with_en", title=role.title,
                                                        title_en=role.title_en)
        lines = [field("title", title), field("department", actor(role.department))]
        if role.reports_to:
            lines.append(field("reports_to", actor(role.reports_to)))
        return lines + [field("headcount", str(role.headcount))]

    def duties(role: Role) -> list[Line]:
        lines = []
        for group, entries in duty_blocks(role.duties):
            lines += ([Line(str(group), GROUP)] if group else []) + items(entries)
        return lines

    def qualifications(role: Role) -> list[Line]:
        q = role.qualifications
        if q is None:
            return []
        lines = [field(label, value) for label, value in
                 (("education", q.education), ("experience", q.experience)) if value]
        if q.other:
            lines += [Line(t("other_requirements"), GROUP)] + items(q.other)
        return lines

    return [
        (t("jd_redline_basics"), basics),
        (t("summary"), lambda r: [Line(p, TEXT) for p in paragraphs(r.summary or "")]),
        (t("duties"), duties),
        (t("responsibilities"), lambda r: items(r.responsibilities)),
        (t("authorities"), lambda r: items(r.authorities)),
        (t("qualifications"), qualifications),
        (t("knowledge"), lambda r: items(r.knowledge)),
        (t("skills"), lambda r: [Line(_skill(s, t), ITEM) for s in r.skills]),
        (t("kpis"), lambda r: [Line(_kpi(k, t), ITEM) for k in r.kpis]),
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

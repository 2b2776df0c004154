"""The overlay format: a manager's changes to a standard job description (sops/custom/<id>.yaml).

Declared with the same ``spec`` fields as the content model, so ``convert`` reports every
mistake with its ``file:line:col`` and ``sopkit schema`` writes ``overlay.schema.json``.
Positions count from 1, as the printed job description numbers its items; a duty's
position is counted within its group, because that is the number the reader sees.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..fields import PERIODS, STATUSES, Text, spec
from ..model import Kpi, Node, Skill

MAX_POSITION = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class Variables(Node):
    KIND = "variables block"
    territory: Text | None = spec(doc="责任区域, e.g. 上海; write {territory} in the text")
    team: Text | None = spec(doc="团队, e.g. 华东二组; write {team} in the text")
    location: Text | None = spec(doc="工作地点, e.g. 上海办事处; write {location} in the text")


@dataclass(frozen=True, slots=True, kw_only=True)
class Pick(Node):
    """Which item of the standard job description an entry is about."""

    KIND = "item to change"
    text: Text | None = spec(doc="the item's exact wording in the standard job description")
    position: int | None = spec(minimum=1, maximum=MAX_POSITION,
                                doc="its number, 1 = first (duties: counted within the group)")
    group: Text | None = spec(doc="duties only: the title of the duty group it is in")


@dataclass(frozen=True, slots=True, kw_only=True)
class Replacement(Node):
    KIND = "replacement"
    text: Text | None = spec(doc="the exact wording to replace")
    position: int | None = spec(minimum=1, maximum=MAX_POSITION,
                                doc="or its number, 1 = first (duties: within the group)")
    group: Text | None = spec(doc="duties only: the title of the duty group it is in")
    with_: Text = spec(required=True, key="with", doc="the new wording")


@dataclass(frozen=True, slots=True, kw_only=True)
class DutyAddition(Node):
    KIND = "added duty"
    text: Text = spec(required=True, doc="the new duty")
    group: Text | None = spec(doc="title of the duty group to add it to (at its end); "
                              "omit to list it after all groups")


@dataclass(frozen=True, slots=True, kw_only=True)
class ListChanges(Node):
    KIND = "list of changes"
    add: tuple[Text, ...] = spec(default=(), doc="new items, added at the end")
    remove: tuple[Text | Pick, ...] = spec(default=(), doc="items to leave out: exact "
                                           "wording, or {position: n}")
    replace: tuple[Replacement, ...] = spec(default=(), doc="items to reword")


@dataclass(frozen=True, slots=True, kw_only=True)
class DutyChanges(Node):
    KIND = "duty changes"
    add: tuple[Text | DutyAddition, ...] = spec(default=(), doc="new duties: text, or "
                                                "{group: …, text: …}")
    remove: tuple[Text | Pick, ...] = spec(default=(), doc="duties to leave out: exact "
                                           "wording, or {group: …, position: n}")
    replace: tuple[Replacement, ...] = spec(default=(), doc="duties to reword")


@dataclass(frozen=True, slots=True, kw_only=True)
class KpiChange(Node):
    KIND = "KPI change"
    name: Text = spec(required=True, doc="the KPI's name in the standard job description")
    new_name: Text | None = spec(doc="a new name for it")
    target: Text | None = spec(doc="new 目标值")
    period: Text | None = spec(choices=PERIODS, doc="new 考核周期")


@dataclass(frozen=True, slots=True, kw_only=True)
class KpiChanges(Node):
    KIND = "KPI changes"
    add: tuple[Kpi, ...] = spec(default=(), doc="new KPIs")
    change: tuple[KpiChange, ...] = spec(default=(), doc="KPIs to change, found by name")
    remove: tuple[Text, ...] = spec(default=(), doc="names of KPIs to leave out")


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillChanges(Node):
    KIND = "skill changes"
    add: tuple[Skill, ...] = spec(default=(), doc="new skills")
    change: tuple[Skill, ...] = spec(default=(), doc="skills whose level changes, found by name")
    remove: tuple[Text, ...] = spec(default=(), doc="names of skills to leave out")


@dataclass(frozen=True, slots=True, kw_only=True)
class QualificationChanges(Node):
    KIND = "qualification changes"
    education: Text | None = spec(doc="new 学历 requirement (replaces the standard one)")
    experience: Text | None = spec(doc="new 工作经验 requirement (replaces the standard one)")
    other: ListChanges | None = spec(doc="changes to 其他条件")


@dataclass(frozen=True, slots=True, kw_only=True)
class Overlay(Node):
    KIND = "overlay"
    id: Text = spec(is_id=True, doc="must equal the file name without extension")
    extends: Text = spec(required=True, ref="role", doc="id of the standard role it adapts")
    title: Text | None = spec(doc="职位名称 of the custom job description")
    title_en: Text | None = spec(doc="English title")
    summary: Text | None = spec(long_text=True, doc="岗位概述 (replaces the standard one)")
    headcount: int | None = spec(minimum=0, maximum=100000, doc="编制人数")
    status: Text | None = spec(choices=STATUSES, doc="draft | in_review | approved | retired "
                               "(default: the standard's)")
    author: Text | None = spec(doc="the manager who wrote it: author of the tracked changes")
    date: dt.date | None = spec(doc="date of the changes, YYYY-MM-DD")
    variables: Variables | None = spec(doc="values for {territory}, {team}, {location}")
    duties: DutyChanges | None = spec(label="duties", doc="Duties: add, remove, replace")
    responsibilities: ListChanges | None = spec(doc="责任范围: add, remove, replace")
    authorities: ListChanges | None = spec(doc="权利范围: add, remove, replace")
    qualifications: QualificationChanges | None = spec(label="qualifications", doc="Qualifications")
    knowledge: ListChanges | None = spec(doc="专业要求: add, remove, replace")
    skills: SkillChanges | None = spec(doc="技能要求: add, change, remove")
    kpis: KpiChanges | None = spec(doc="绩效指标: add, change, remove")
    source: str = ""

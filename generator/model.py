"""The typed, immutable content model (format version 1, with the 1.1 additions). No I/O
happens here.

Every object keeps ``loc`` (where its mapping starts) and ``locs`` (where each key's value
is written); every string is a :class:`Text` that knows its own location. Keys starting
with ``x-`` are kept untouched in ``extra``.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from .diagnostics import Loc
from .fields import DATA_KEY, FIELD_TYPES, LOCALES, PERIODS, STATUSES, BadValue, Text, spec
from .suggest import close_matches
from .textsafety import shown
from .theme import Theme

if TYPE_CHECKING:  # the overlay format builds on these node types, so only name it here
    from .overlays.model import Overlay

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    KIND: ClassVar[str] = "value"
    # Keys renamed in a later format version: old key -> (new key, version). The old
    # spelling then gets a precise error instead of a generic "unknown key".
    RENAMED: ClassVar[Mapping[str, tuple[str, str]]] = _EMPTY
    loc: Loc = Loc("")
    locs: Mapping[str, Loc] = field(default_factory=lambda: _EMPTY, compare=False)
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    def loc_of(self, name: str) -> Loc:
        return self.locs.get(name, self.loc)


# ---------------------------------------------------------------- document control

@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry(Node):
    KIND = "history entry"
    version: Text = spec(required=True, doc="版本号")
    date: dt.date = spec(required=True, label="revision_date", doc="Date")
    changes: Text = spec(required=True, label="revision_changes", doc="Changes")
    by: Text | None = spec(label="revision_by", doc="By")


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentControl(Node):
    KIND = "document block"
    number: Text | None = spec(label="document_number",
                               doc="Document number: derived from the id when absent")
    version: Text | None = spec(doc="版本号, e.g. \"1.0\"")
    status: Text | None = spec(choices=STATUSES, doc="draft | in_review | approved | retired")
    review_every_months: int | None = spec(minimum=1, maximum=120, doc="复审周期(月)")
    effective: dt.date | None = spec(label="effective", doc="Effective: YYYY-MM-DD")
    author: Text | None = spec(doc="编制人 / 编制单位")
    reviewer: Text | None = spec(doc="审核人")
    approver: Text | None = spec(doc="审批人")
    history: tuple[HistoryEntry, ...] = spec(default=(), label="revision_history",
                                             doc="Revision history: newest first")
    replaced_by: Text | None = spec(label="replaced_by",
                                    doc="For a retired item: the id of the item of the same "
                                        "kind that replaces it (shown in the 作废文件 register)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Item(Node):
    """A file-level item: role, workflow, training plan, form or policy."""

    id: Text = spec(is_id=True, doc="must equal the file name without extension")
    document: DocumentControl | None = spec(doc="document control; overrides org defaults")
    order: int | None = spec(minimum=-100000, maximum=100000,
                             doc="place within its kind (handbook, portal, registers); "
                                 "default: roles by department, reporting depth, title; "
                                 "others by title")
    # `extra` (the key) fills the organisation's own fields declared in org.yaml's
    # `extra_fields`; Node.extra already holds the `x-` keys, hence the attribute's name.
    own_fields: Mapping[str, Text] = spec(default=_EMPTY, key="extra",
                                          doc="values of the fields org.yaml declares in "
                                              "`extra_fields` for this kind")
    source: str = ""
    if TYPE_CHECKING:
        # Every item kind declares its own required title (each with its own label and
        # doc), so declaring it here would add a dataclass field; the checker alone needs it.
        title: Text


# ---------------------------------------------------------------- org.yaml

@dataclass(frozen=True, slots=True, kw_only=True)
class Organization(Node):
    KIND = "organization"
    name: Text = spec(required=True, doc="公司名称")
    short_name: Text | None = spec(doc="简称")
    logo: Text | None = spec(doc="path under sops/, e.g. assets/logo.png")


@dataclass(frozen=True, slots=True, kw_only=True)
class Department(Node):
    KIND = "department"
    id: Text = spec(required=True, is_id=True,
                    doc="department id; shares a namespace with role ids")
    name: Text = spec(required=True, doc="部门名称")
    head: Text | None = spec(ref="role", doc="role id of the department head")
    summary: Text | None = spec(long_text=True, label="doc_department_summary", doc="Function")


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor(Node):
    """Someone in a process who is not a box of the org chart: 申请人, 客户, 全体员工."""

    KIND = "actor"
    id: Text = spec(required=True, is_id=True,
                    doc="actor id; shares a namespace with role and department ids")
    name: Text = spec(required=True, doc="名称, e.g. 申请人")
    # Who may be this actor: a 申请人 is any member of the sales department, a 客户 nobody
    # on the chart. A new hire's pack shows the workflows of the actors their role stands
    # as (the role's own steps as executor, checker or approver are in it anyway).
    stands_for: tuple[Text, ...] = spec(default=(), ref="audience",
                                        doc="who acts as this actor: `all`, role or "
                                            "department ids (申请人: [sales])")


@dataclass(frozen=True, slots=True, kw_only=True)
class HandbookInfo(Node):
    KIND = "handbook block"
    title: Text | None = spec(doc="手册名称, e.g. 销售部作业指导书 (default: derived)")
    number: Text | None = spec(doc="手册文件编号")
    version: Text | None = spec(doc="手册版本 (default: document_defaults.version)")
    purpose: Text | None = spec(long_text=True, label="handbook_purpose", doc="制定目的")
    scope: Text | None = spec(long_text=True, label="handbook_scope", doc="适用范围")
    principles: tuple[Text, ...] = spec(default=(), label="handbook_principles",
                                        doc="原则 / 指导思想")
    history: tuple[HistoryEntry, ...] = spec(default=(), label="revision_history",
                                             doc="the handbook's own revision record, "
                                                 "newest first")


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_N_FORMAT = re.compile(r"^n(:0[1-9])?$")


def parse_number_pattern(text: str) -> str:
    """A document-number pattern such as XS-JD-{n:03}: {n} is the item's place in its kind."""
    placeholders = _PLACEHOLDER.findall(text)
    for placeholder in placeholders:
        if not _N_FORMAT.match(placeholder):
            raise BadValue(f"`{{{shown(placeholder)}}}` in numbering pattern `{shown(text)}` is "
                           "not a placeholder: write {n} (1, 2, 3 …) or {n:03} (001, 002 …)")
    if not placeholders:
        raise BadValue(f"`{shown(text)}` has no {{n}}, so every item of the kind would get "
                       "the same number: add {n} or {n:03}, e.g. XS-JD-{n:03}")
    if re.sub(_PLACEHOLDER, "", text).count("{") or re.sub(_PLACEHOLDER, "", text).count("}"):
        raise BadValue(f"`{shown(text)}` has an unmatched brace: placeholders are written "
                       "{n} or {n:03}")
    return text


_PATTERN_SCHEMA = {"type": "string", "pattern": r"^[^{}]*(\{n(:0[1-9])?\}[^{}]*)+$"}


def _pattern(kind: str) -> Any:
    return spec(parse=parse_number_pattern, json_schema=_PATTERN_SCHEMA,
                doc=f"document numbers of {kind} items without their own, e.g. XS-JD-{{n:03}}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Numbering(Node):
    """Patterns per kind (the names of generator.kinds.KINDS; a test keeps them equal)."""

    KIND = "numbering"
    role: Text | None = _pattern("role")
    workflow: Text | None = _pattern("workflow")
    training: Text | None = _pattern("training")
    form: Text | None = _pattern("form")
    policy: Text | None = _pattern("policy")
    approval: Text | None = _pattern("approval")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtraField(Node):
    KIND = "extra field"
    id: Text = spec(required=True, is_id=True, doc="the key items write under `extra:`")
    label: Text = spec(required=True, doc="what documents print before the value, e.g. 薪资等级")


def _extra_fields(kind: str) -> Any:
    return spec(default=(), doc=f"the organisation's own fields of {kind} items")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtraFields(Node):
    """Declared fields per kind (the names of generator.kinds.KINDS; a test keeps them equal)."""

    KIND = "extra_fields"
    role: tuple[ExtraField, ...] = _extra_fields("role")
    workflow: tuple[ExtraField, ...] = _extra_fields("workflow")
    training: tuple[ExtraField, ...] = _extra_fields("training")
    form: tuple[ExtraField, ...] = _extra_fields("form")
    policy: tuple[ExtraField, ...] = _extra_fields("policy")
    approval: tuple[ExtraField, ...] = _extra_fields("approval")

    def of(self, kind: str) -> tuple[ExtraField, ...]:
        return getattr(self, kind, ())


_CLOCK = re.compile(r"^([0-9]{2}):([0-9]{2})$")  # ASCII: int() also reads ０９ and ٠٩


def parse_clock(text: str) -> dt.time:
    """A time of day written HH:MM (24-hour clock), as timetables print it."""
    match = _CLOCK.match(text.strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    raise BadValue(f"`{shown(text)}` is not a time of day: write HH:MM, e.g. 09:00")


def parse_timezone(text: str) -> str:
    """An IANA time zone name such as Asia/Shanghai; calendars (.ics) need the real rules."""
    # Not ZoneInfo(text): it opens the name as a file, so `Asia` (a folder of the database)
    # or an overlong name raises OSError instead of "not found".
    if text in _time_zones():
        return text
    examples = "Asia/Shanghai or Asia/Taipei"
    if any(zone.startswith(text.rstrip("/") + "/") for zone in _time_zones()):
        raise BadValue(f"`{shown(text)}` is a region, not a time zone: add the city, "
                       f"e.g. {examples}")
    close = close_matches(text, _time_zones(), limit=1) if len(text) < 100 else []
    hint = f": did you mean `{close[0]}`?" if close else ":"
    raise BadValue(f"`{shown(text)}` is not a known time zone{hint} use an IANA name such as "
                   f"{examples}")


@cache
def _time_zones() -> frozenset[str]:
    from zoneinfo import available_timezones
    return frozenset(available_timezones())


def parse_country(text: str) -> str:
    """A country code the holiday library knows (ISO 3166 alpha-2, e.g. CN)."""
    alpha2, alpha3 = _country_codes()
    if text in alpha2:
        return text
    code = text.upper() if text.upper() in alpha2 else alpha3.get(text.upper())
    if code:
        raise BadValue(f"`{shown(text)}` is not a country code: did you mean `{code}`? "
                       "(two upper-case letters)")
    close = close_matches(text.upper(), sorted(alpha2), limit=1) if len(text) < 100 else []
    hint = f": did you mean `{close[0]}`?" if close else ":"
    raise BadValue(f"`{shown(text)}` is not a country the holiday calendar knows{hint} use a "
                   "two-letter ISO 3166 code such as CN (mainland China)")


@cache
def _country_codes() -> tuple[frozenset[str], dict[str, str]]:
    """(alpha-2 codes, alpha-3 → alpha-2) from the library's registry, which lists every
    country without importing its module (list_supported_countries imports them all)."""
    from holidays.registry import COUNTRIES  # loaded only when a calendar names a country
    entries = list(COUNTRIES.values())   # (class name, alpha-2, alpha-3, aliases …)
    others = {alias: names[1] for names in entries for alias in names[2:]
              if alias.isupper() and len(alias) <= 3}   # CHN, and aliases such as UK (GB)
    return frozenset(names[1] for names in entries if len(names) > 1), others


_CLOCK_SCHEMA = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkCalendar(Node):
    """Working days and hours, for dated training schedules (onboarding packs)."""

    KIND = "calendar"
    timezone: Text | None = spec(parse=parse_timezone,
                                 doc="IANA time zone, e.g. Asia/Shanghai (the default)")
    country: Text | None = spec(parse=parse_country, json_schema={"type": "string",
                                                                  "pattern": "^[A-Z]{2}$"},
                                doc="ISO 3166 code, e.g. CN: official public holidays and "
                                "make-up working days from the holiday library")
    workday_start: Text | None = spec(parse=parse_clock, json_schema=_CLOCK_SCHEMA,
                                      doc="上班时间 HH:MM (default 09:00)")
    workday_end: Text | None = spec(parse=parse_clock, json_schema=_CLOCK_SCHEMA,
                                    doc="下班时间 HH:MM (default 18:00)")
    lunch_start: Text | None = spec(parse=parse_clock, json_schema=_CLOCK_SCHEMA,
                                    doc="午休开始 HH:MM (default 12:00)")
    lunch_end: Text | None = spec(parse=parse_clock, json_schema=_CLOCK_SCHEMA,
                                  doc="午休结束 HH:MM (default 13:00)")
    holidays: tuple[dt.date, ...] = spec(default=(), doc="放假日期 (public holidays and "
                                         "bridging days off), YYYY-MM-DD")
    workdays: tuple[dt.date, ...] = spec(default=(), doc="调休上班日期: weekend days that are "
                                         "working days, YYYY-MM-DD")


@dataclass(frozen=True, slots=True, kw_only=True)
class Org(Node):
    KIND = "org.yaml"
    organization: Organization = spec(required=True)
    locale: Text = spec(default=None, choices=LOCALES, doc="zh-Hans | zh-Hant | en")
    font: Text | None = spec(doc="corporate font family for every output; must be installed "
                             "(default: Noto Sans CJK for the locale)")
    departments: tuple[Department, ...] = spec(default=(), doc="部门")
    actors: tuple[Actor, ...] = spec(default=(), doc="people in a process who are not a box "
                                     "of the chart: 申请人, 客户, 全体员工")
    document_defaults: DocumentControl | None = spec(doc="applied to every item")
    handbook: HandbookInfo | None = spec(doc="optional: the handbook's own title and number")
    calendar: WorkCalendar | None = spec(doc="optional: working hours, public holidays and "
                                         "make-up working days, for dated training schedules")
    numbering: Numbering | None = spec(doc="document-number patterns per kind, e.g. "
                                       "role: XS-JD-{n:03}")
    extra_fields: ExtraFields | None = spec(doc="the organisation's own fields per kind, "
                                            "printed with their label")
    source: str = ""


# ---------------------------------------------------------------- roles

_PERCENT = re.compile(r"^[0-9]{1,3}(\.[0-9]+)?%$")
_LEVEL = re.compile(r"^[0-9]{1,3}$")  # ASCII: isdigit() and int() also take ① and ٣


def parse_skill_level(text: str) -> int:
    """A level is 1–5, or a percentage as manuals print it ("85%"); returns a percentage."""
    value = text.strip()
    if value.endswith("%"):
        if not _PERCENT.match(value):
            raise BadValue(f"skill level `{shown(text)}` is not a number or percentage")
        number = float(value[:-1])
        if not 0 <= number <= 100:
            raise BadValue(f"skill level {shown(value)} is out of range: use 0%–100%")
        return round(number)
    if not _LEVEL.match(value):
        raise BadValue(f"skill level `{shown(text)}` must be 1–5 or a percentage such as \"85%\"")
    if not 1 <= int(value) <= 5:
        raise BadValue(f"skill level {value} is out of range: use 1–5 or a percentage")
    return int(value) * 20


@dataclass(frozen=True, slots=True, kw_only=True)
class DutyGroup(Node):
    KIND = "duty group"
    group: Text = spec(required=True, doc="分组标题")
    items: tuple[Text, ...] = spec(default=(), min_items=1, label="duties", doc="Duties")


@dataclass(frozen=True, slots=True, kw_only=True)
class Qualifications(Node):
    KIND = "qualifications"
    education: Text | None = spec(label="education", doc="Education")
    experience: Text | None = spec(label="experience", doc="Experience")
    other: tuple[Text, ...] = spec(default=(), label="other_requirements", doc="Other requirements")


@dataclass(frozen=True, slots=True, kw_only=True)
class Skill(Node):
    KIND = "skill"
    name: Text = spec(required=True, doc="技能名称")
    level: Text | None = spec(parse=parse_skill_level, json_schema={
        "anyOf": [{"type": "integer", "minimum": 1, "maximum": 5},
                  {"type": "string", "pattern": r"^\d{1,3}(\.\d+)?%$"}]},
        doc="1–5, or a percentage such as \"85%\"")
    description: Text | None = spec(label="skill_description", doc="what the skill means here")

    @property
    def percent(self) -> int | None:
        """The level on one scale, so charts can compare 4 and "85%"."""
        return None if self.level is None else parse_skill_level(self.level)


@dataclass(frozen=True, slots=True, kw_only=True)
class Kpi(Node):
    KIND = "KPI"
    name: Text = spec(required=True, doc="指标名称")
    target: Text | None = spec(doc="目标值")
    period: Text | None = spec(choices=PERIODS, doc="考核周期")
    weight: float | None = spec(minimum=0, maximum=100, label="kpi_weight",
                                doc="权重: a number, e.g. 30 (percent of the appraisal)")
    definition: Text | None = spec(label="kpi_definition", doc="计算方法 / 定义")


@dataclass(frozen=True, slots=True, kw_only=True)
class Routine(Node):
    KIND = "routine"
    every: Text = spec(required=True, choices=PERIODS, doc="频率")
    when: Text | None = spec(label="doc_when", doc="When: e.g. 每月25日前")
    task: Text = spec(required=True, label="doc_task", doc="Task")
    form: Text | None = spec(ref="form", doc="form id")
    attendees: tuple[Text, ...] = spec(default=(), ref="actor", label="routine_attendees",
                                       doc="meeting attendees: role, department or actor ids")
    agenda: tuple[Text, ...] = spec(default=(), label="routine_agenda", doc="meeting agenda")


@dataclass(frozen=True, slots=True, kw_only=True)
class CareerGrade(Node):
    KIND = "career grade"
    name: Text = spec(required=True, label="career_grade", doc="grade inside the role")
    requires: Text | None = spec(label="career_requires", doc="promotion condition")


@dataclass(frozen=True, slots=True, kw_only=True)
class Career(Node):
    KIND = "career path"
    from_: tuple[Text, ...] = spec(default=(), key="from", ref="role", label="career_from",
                                   doc="From")
    to: tuple[Text, ...] = spec(default=(), ref="role", label="career_to", doc="To")
    grades: tuple[CareerGrade, ...] = spec(default=(), label="career_grades",
                                           doc="grades inside the role, lowest first")


@dataclass(frozen=True, slots=True, kw_only=True)
class Classification(Node):
    KIND = "classification"
    scheme: Text = spec(required=True, doc="e.g. isco-08")
    code: Text = spec(required=True, doc="occupation code")


@dataclass(frozen=True, slots=True, kw_only=True)
class Role(Item):
    KIND = "role"
    title: Text = spec(required=True, label="title", doc="Job title")
    title_en: Text | None = spec(doc="English title")
    department: Text = spec(required=True, ref="department", doc="department id")
    reports_to: Text | None = spec(ref="role", label="reports_to",
                                   doc="Reports to: role id; omit for the top")
    dotted_line_to: tuple[Text, ...] = spec(default=(), ref="role", label="dotted_line_to",
                                            doc="Dotted line to: role ids")
    headcount: int = spec(default=1, minimum=0, maximum=100000, label="headcount", doc="Headcount")
    summary: Text | None = spec(long_text=True, label="summary", doc="Summary")
    duties: tuple[Text | DutyGroup, ...] = spec(default=(), label="duties", doc="Duties")
    responsibilities: tuple[Text, ...] = spec(default=(), label="responsibilities",
                                              doc="Responsibilities")
    authorities: tuple[Text, ...] = spec(default=(), label="authorities", doc="Authorities")
    qualifications: Qualifications | None = spec(label="qualifications", doc="Qualifications")
    knowledge: tuple[Text, ...] = spec(default=(), label="knowledge", doc="Knowledge")
    skills: tuple[Skill, ...] = spec(default=(), label="skills", doc="Skills")
    kpis: tuple[Kpi, ...] = spec(default=(), label="kpis", doc="Key performance indicators")
    routines: tuple[Routine, ...] = spec(default=(), label="routines", doc="Routines")
    career: Career | None = spec(label="career", doc="Career path")
    classification: tuple[Classification, ...] = spec(default=(), doc="occupational codes")


# ---------------------------------------------------------------- workflows

@dataclass(frozen=True, slots=True, kw_only=True)
class Branch(Node):
    KIND = "decision branch"
    if_: Text = spec(required=True, key="if", doc="branch label, e.g. 是 / 否")
    next: Text = spec(required=True, doc="step id to go to")


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer(Node):
    KIND = "script answer"
    if_: Text = spec(required=True, key="if", label="script_if", doc="the customer's answer")
    say: Text = spec(required=True, label="script_say", doc="what to say then")


@dataclass(frozen=True, slots=True, kw_only=True)
class ScriptLine(Node):
    """One line of a step's script (话术): something to say, or a question and what to say
    to each answer."""

    KIND = "script line"
    say: Text | None = spec(label="script_say", doc="what to say")
    ask: Text | None = spec(label="script_ask", doc="a question to ask")
    answers: tuple[Answer, ...] = spec(default=(), min_items=1, label="script_answers",
                                       doc="what to say by answer (with `ask`)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase(Node):
    KIND = "workflow phase"
    id: Text = spec(required=True, is_id=True, doc="named by steps' `phase`")
    name: Text = spec(required=True, label="phase", doc="阶段名称")


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Node):
    KIND = "workflow step"
    id: Text = spec(required=True, is_id=True, doc="unique within the workflow")
    name: Text = spec(required=True, doc="步骤名称")
    by: Text = spec(required=True, ref="actor", label="executor",
                    doc="Performed by: role or department id")
    checker: Text | None = spec(ref="actor", label="checker",
                                doc="Checked by: role or department id")
    consulted: tuple[Text, ...] = spec(default=(), ref="actor", doc="consulted (C)")
    informed: tuple[Text, ...] = spec(default=(), ref="actor", doc="informed (I)")
    forms: tuple[Text, ...] = spec(default=(), ref="form", doc="form ids")
    time_limit: Text | None = spec(label="time_limit", doc="Time limit")
    description: Text | None = spec(long_text=True, doc="说明")
    next: Text | None = spec(doc="next step id; default is the following step")
    decision: tuple[Branch, ...] = spec(default=(), doc="branches of a decision")
    end: bool = spec(default=False, doc="this step ends the flow")
    phase: Text | None = spec(label="phase", doc="id of one of the workflow's `phases`")
    checklist: tuple[Text, ...] = spec(default=(), label="checklist", doc="检查清单")
    script: tuple[ScriptLine, ...] = spec(default=(), label="script", doc="话术")
    approval: Text | None = spec(ref="approval", label="approval_matrix",
                                 doc="approval matrix id: the step is decided by it")


@dataclass(frozen=True, slots=True, kw_only=True)
class Workflow(Item):
    KIND = "workflow"
    title: Text = spec(required=True, doc="流程名称")
    owner: Text | None = spec(ref="role", doc="role accountable for the whole process")
    department: Text | None = spec(ref="department", doc="department id")
    purpose: Text | None = spec(long_text=True, label="purpose", doc="Purpose")
    scope: Text | None = spec(long_text=True, label="scope", doc="Scope")
    trigger: Text | None = spec(label="trigger", doc="Trigger")
    time_limit: Text | None = spec(label="time_limit", doc="Time limit")
    phases: tuple[Phase, ...] = spec(default=(), label="phases", doc="阶段, in order")
    lanes: tuple[Text, ...] = spec(default=(), ref="actor",
                                   doc="swimlane order: executor ids, first lane first "
                                       "(optional; default: the order they first act)")
    steps: tuple[Step, ...] = spec(default=(), min_items=1, required=True, label="step", doc="Step")


# ---------------------------------------------------------------- training

@dataclass(frozen=True, slots=True, kw_only=True)
class Session(Node):
    KIND = "training session"
    id: Text = spec(required=True, is_id=True, doc="unique within the plan")
    title: Text = spec(required=True, label="training_session", doc="Session")
    topics: tuple[Text, ...] = spec(default=(), label="training_topics", doc="Topics")
    by: Text = spec(required=True, ref="actor", label="training_by",
                    doc="Run by: department or role id")
    day: int | None = spec(minimum=1, maximum=366,
                           doc="working day from the start date, 1 = first day; "
                               "without it the session is to be scheduled")
    hours: float | None = spec(minimum=0.25, maximum=200, label="training_hours", doc="Hours")
    method: Text | None = spec(label="training_method", doc="Method")
    assessment: Text | None = spec(label="training_assessment", doc="Assessment")
    materials: tuple[Text, ...] = spec(default=(), ref="material", doc="workflow/policy/form ids")


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingPlan(Item):
    KIND = "training plan"
    title: Text = spec(required=True, label="training_title", doc="Training plan title")
    for_: tuple[Text, ...] = spec(default=(), key="for", ref="role", doc="role ids")
    sessions: tuple[Session, ...] = spec(default=(), required=True, min_items=1,
                                         label="training_session", doc="Session")


# ---------------------------------------------------------------- forms

@dataclass(frozen=True, slots=True, kw_only=True)
class Column(Node):
    KIND = "table column"
    id: Text = spec(required=True, is_id=DATA_KEY, doc="data key: letters, digits, - or _")
    label: Text = spec(required=True)
    type: Text = spec(default=None, choices=FIELD_TYPES[:8] + ("checkbox",), doc="cell type")


@dataclass(frozen=True, slots=True, kw_only=True)
class FormField(Node):
    KIND = "form field"
    id: Text = spec(required=True, is_id=DATA_KEY,
                    doc="fillable field name and data key: letters, digits, - or _")
    label: Text = spec(required=True, doc="标签")
    type: Text = spec(default=None, choices=FIELD_TYPES, doc="field type; default text")
    required: bool = spec(default=False)
    options: tuple[Text, ...] = spec(default=(), doc="choices for choice / multichoice")
    rows: int | None = spec(minimum=1, maximum=200, doc="table rows")
    columns: tuple[Column, ...] = spec(default=(), doc="table columns")
    help: Text | None = spec(doc="填写说明")


@dataclass(frozen=True, slots=True, kw_only=True)
class FormSection(Node):
    KIND = "form section"
    title: Text = spec(required=True)
    fields: tuple[FormField, ...] = spec(default=(), min_items=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Form(Item):
    KIND = "form"
    title: Text = spec(required=True, doc="表单名称")
    owner: Text | None = spec(ref="role", doc="role id")
    purpose: Text | None = spec(long_text=True, doc="用途")
    sections: tuple[FormSection, ...] = spec(default=(), min_items=1)
    fields: tuple[FormField, ...] = spec(default=(), min_items=1,
                                         doc="a flat list for a one-section form")

    @property
    def all_fields(self) -> tuple[FormField, ...]:
        return self.fields + tuple(f for s in self.sections for f in s.fields)


# ---------------------------------------------------------------- policies

@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyTable(Node):
    KIND = "policy table"
    columns: tuple[Text, ...] = spec(default=(), required=True, min_items=1,
                                     label="table_columns", doc="column headings")
    rows: tuple[tuple[Text, ...], ...] = spec(default=(), required=True, min_items=1,
                                              label="table_rows",
                                              doc="one list per row, as many cells as columns")


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicySection(Node):
    KIND = "policy section"
    title: Text = spec(required=True)
    rules: tuple[Text, ...] = spec(default=(), min_items=1)
    table: PolicyTable | None = spec(label="policy_table",
                                     doc="a table beside or instead of `rules`")


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy(Item):
    KIND = "policy"
    title: Text = spec(required=True, doc="制度名称")
    applies_to: tuple[Text, ...] = spec(default=(), ref="audience",
                                        doc="`all`, or role / department ids")
    sections: tuple[PolicySection, ...] = spec(default=(), required=True, min_items=1)


# ---------------------------------------------------------------- approvals (format 1.1)

@dataclass(frozen=True, slots=True, kw_only=True)
class ApprovalTier(Node):
    KIND = "approval tier"
    up_to: float | None = spec(label="approval_up_to",
                               doc="inclusive upper bound, in the matrix's `unit`")
    condition: Text | None = spec(label="approval_condition",
                                  doc="free text instead of, or beside, a bound")
    review: tuple[Text, ...] = spec(default=(), ref="actor", label="approval_review",
                                    doc="reviewed by: role or department ids")
    approve: Text = spec(required=True, ref="actor", label="approval_approve",
                         doc="approved by: role or department id")
    inform: tuple[Text, ...] = spec(default=(), ref="actor", label="approval_inform",
                                    doc="informed: role or department ids")


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval(Item):
    KIND = "approval matrix"
    title: Text = spec(required=True, doc="审批权限名称")
    matter: Text = spec(required=True, label="approval_matter", doc="审批事项")
    unit: Text | None = spec(label="approval_unit", doc="what the bounds are in: %, 元, 天 …")
    tiers: tuple[ApprovalTier, ...] = spec(default=(), required=True, min_items=1,
                                          doc="the first tier whose bound or condition "
                                              "holds applies")


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything loaded from one ``sops/`` directory, before linking."""

    root: str
    org: Org | None
    # Items by kind folder, then id, in the order of generator.kinds.KINDS.
    groups: Mapping[str, Mapping[str, Item]]
    files: int = 0
    # sops/custom/: managers' overlays of standard roles, by id. Not items: they have no
    # document control of their own; the linker applies them (LinkedKB.custom_jds).
    overlays: Mapping[str, Overlay] = field(default_factory=lambda: _EMPTY)
    # Files that could not be read (reported): kind folder → the id each would define →
    # its shown path. References to those ids are not dangling, only unchecked for now.
    unread: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: _EMPTY)
    theme: Theme | None = None  # sops/theme/: the knowledge base's own look

    def of(self, folder: str) -> Mapping[str, Item]:
        """The items of one kind, by its folder name (generator.kinds); none if it has none."""
        return self.groups.get(folder, _EMPTY)

    def items(self) -> list[Item]:
        return [item for group in self.groups.values() for item in group.values()]

    # Typed access for code about one kind; a new kind needs none to be loaded and linked.
    @property
    def roles(self) -> Mapping[str, Role]:
        return self.of("roles")  # type: ignore[return-value]

    @property
    def workflows(self) -> Mapping[str, Workflow]:
        return self.of("workflows")  # type: ignore[return-value]

    @property
    def training(self) -> Mapping[str, TrainingPlan]:
        return self.of("training")  # type: ignore[return-value]

    @property
    def forms(self) -> Mapping[str, Form]:
        return self.of("forms")  # type: ignore[return-value]

    @property
    def policies(self) -> Mapping[str, Policy]:
        return self.of("policies")  # type: ignore[return-value]

    @property
    def approvals(self) -> Mapping[str, Approval]:
        return self.of("approvals")  # type: ignore[return-value]

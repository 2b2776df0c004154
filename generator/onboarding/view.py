"""Everything one pack says, gathered from the linked model, and its document view.

The template (templates/onboarding/pack.html.j2) only arranges what is collected here;
the PDF and the Word version are both printed from that one document HTML.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..approvals import ApprovalPart
from ..doccontrol import DocInfo
from ..documents import DocumentView, document_meta
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Form, Item, Policy, Role, Session, TrainingPlan, Workflow
from ..views.role import StepPart, approval_parts, participation_with_actors, script_steps
from .checklist import Milestone, checklist
from .coverage import unchecked, year_spans
from .orgchart import Position, position, position_path
from .prefill import prefill
from .request import NewHire
from .schedule import Sitting, schedule
from .workdays import WorkingCalendar

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


@dataclass(frozen=True, slots=True)
class PackForm:
    form: Form
    doc: DocInfo
    values: Mapping[str, str]   # field id → pre-filled value
    file: str                   # path inside the pack folder


@dataclass(frozen=True, slots=True)
class WorkflowPart:
    workflow: Workflow
    doc: DocInfo
    steps: tuple[StepPart, ...]   # the steps the role acts in


@dataclass(frozen=True, slots=True)
class PackDocument:
    kind: str
    title: str
    doc: DocInfo
    revising: bool = False  # its last approved revision, while a draft is revised (修订中)


@dataclass(frozen=True, slots=True)
class Pack:
    hire: NewHire
    role: Role
    department: str
    calendar: WorkingCalendar
    where: Position
    sittings: tuple[Sitting, ...]
    plans: tuple[TrainingPlan, ...]
    workflows: tuple[WorkflowPart, ...]
    forms: tuple[PackForm, ...]
    policies: tuple[Policy, ...]
    checklist: tuple[Milestone, ...]
    documents: tuple[PackDocument, ...]   # every controlled document, in pack order
    files: Mapping[str, str]    # "pdf" | "docx" | "ics" → file name in the pack folder
    org_chart: str              # <img src> of the position chart
    # Format 1.1: sessions without a `day` (listed, never dated nor in the .ics), the
    # matters the role reviews or approves, and the steps it performs with a checklist or
    # a script (话术).
    unscheduled: tuple[tuple[TrainingPlan, Session], ...] = ()
    approvals: tuple[ApprovalPart, ...] = ()
    scripts: tuple[tuple[Workflow, StepPart], ...] = ()

    @property
    def unchecked_dates(self) -> frozenset[dt.date]:
        """Schedule dates in years the calendar has no holidays for (marked in the table)."""
        return frozenset(sitting.date for sitting in unchecked(self.calendar, self.sittings))

    @property
    def first_day(self) -> tuple[Sitting, ...]:
        return tuple(s for s in self.sittings if s.date == self.hire.start)


def safe_file_part(text: str) -> str:
    """A name usable in a file or folder name on Windows, macOS and Linux."""
    return _UNSAFE.sub("_", text).strip(" .") or "_"


def pack_files(hire: NewHire, t: Labels, formats) -> dict[str, str]:
    """Format → file name in the pack folder, for the formats asked for."""
    name = safe_file_part(hire.name)
    pack, calendar = t("onboard_file_pack"), t("onboard_file_calendar")
    names = {"pdf": f"{pack}-{name}.pdf", "docx": f"{pack}-{name}.docx",
             "ics": f"{calendar}-{name}.ics"}
    return {fmt: file for fmt, file in names.items() if fmt in formats}


def form_files(forms) -> dict[str, str]:
    """Form id → file in the pack, named by title (what the new hire looks for); a title
    used twice gets the id added, so no form overwrites another."""
    titles = [safe_file_part(form.title) for form in forms]
    return {form.id: f"forms/{title if titles.count(title) == 1 else f'{title}-{form.id}'}.pdf"
            for form, title in zip(forms, titles, strict=True)}


def folder_name(hire: NewHire) -> str:
    return safe_file_part(f"{hire.start.isoformat()}-{hire.role}-{hire.name}")


def build_pack(linked: LinkedKB, hire: NewHire, calendar: WorkingCalendar, t: Labels,
               formats=("pdf", "ics")) -> Pack:
    role = linked.kb.roles[hire.role]
    department = linked.actor_name(role.department)
    sittings = schedule(linked.role_training.get(role.id, ()), hire.start, calendar)
    plans = tuple({plan.id: plan for plan, _ in linked.role_training.get(role.id, ())}.values())
    workflows = _workflow_parts(linked, role)
    role_forms = _pack_forms(linked, role, workflows)
    files = form_files(role_forms)
    forms = tuple(PackForm(f, linked.doc(f), prefill(f, hire.name, department, t), files[f.id])
                  for f in role_forms)
    policies = tuple(linked.role_policies.get(role.id, ()))
    return Pack(hire=hire, role=role, department=department, calendar=calendar,
                where=position(linked, role), sittings=sittings, plans=plans,
                workflows=workflows, forms=forms, policies=policies,
                checklist=checklist(role, hire.start, sittings, t),
                documents=_documents(linked, role, plans, workflows, forms, policies, t)
                + tuple(PackDocument(t("approvals"), part.approval.title,
                                     linked.doc(part.approval))
                        for part in approval_parts(linked, role)),
                files=pack_files(hire, t, formats), org_chart=position_path(role.id),
                unscheduled=tuple((plan, session) for plan, session
                                  in linked.role_training.get(role.id, ())
                                  if session.day is None),
                approvals=approval_parts(linked, role),
                scripts=tuple(script_steps(linked, role)))


def _workflow_parts(linked: LinkedKB, role: Role) -> tuple[WorkflowPart, ...]:
    # With the actors the role stands as: a hire needs the workflows they act in as 申请人.
    return tuple(WorkflowPart(workflow, linked.doc(workflow), tuple(parts))
                 for workflow, parts in participation_with_actors(linked, role))


def _pack_forms(linked: LinkedKB, role: Role, workflows) -> list[Form]:
    """The role's forms, and those it fills or checks in steps as an actor (申请人: the
    出差申请单). A draft form met only that way stays out, even with --include-drafts."""
    own = list(linked.role_forms.get(role.id, ()))
    as_actor = {form_id for part in workflows for own_step in part.steps
                if own_step.as_actor and {"R", "A"} & set(own_step.letters)
                for form_id in own_step.step.forms}
    extra = [form for form in linked.kb.forms.values()
             if form.id in as_actor and form not in own and not linked.doc(form).is_draft]
    return [form for form in linked.in_order([*own, *extra]) if isinstance(form, Form)]


def _documents(linked: LinkedKB, role: Role, plans, workflows, forms, policies,
               t: Labels) -> tuple[PackDocument, ...]:
    def entry(kind: str, item: Item) -> PackDocument:
        return PackDocument(t(kind), item.title, linked.doc(item),
                            linked.revision(item) is not None)
    return (entry("job_description", role),
            *(entry("training", plan) for plan in plans),
            *(entry("workflow", part.workflow) for part in workflows),
            *(entry("form", pack_form.form) for pack_form in forms),
            *(entry("policy", policy) for policy in policies))


def pack_view(linked: LinkedKB, pack: Pack, t: Labels, fillable: bool) -> DocumentView:
    """The pack as document HTML; ``fillable`` adds the PDF's form fields (<input>), which
    the Word renderer does not read, so its version gets blank cells instead."""
    title = t("onboard_pack_title")
    number = f"ONB-{pack.hire.start:%Y%m%d}-{pack.role.id.upper()}"
    # A pack is issued once per person, so its own version is always 1.0; the versions
    # that matter are those of the documents in it, listed on the acknowledgement page.
    meta = document_meta(linked, t, f"{title} · {pack.hire.name}", number, "1.0",
                         "approved", pack.hire.start)
    return DocumentView(path=f"onboarding/{folder_name(pack.hire)}", template="pack.html.j2",
                        title=meta["title"], meta=meta,
                        context={"pack": pack, "fillable": fillable,
                                 "coverage": _coverage_note(pack, t),
                                 "weekday": lambda day: t(f"onboard_weekday_{day.weekday()}")})


def _coverage_note(pack: Pack, t: Labels) -> str:
    """What the schedule avoided, as far as the calendar knows (never more)."""
    known = pack.calendar.known_years()
    if not known:
        return t("onboard_calendar_none")
    years = year_spans(known, t("list_separator"))
    missing = sorted({day.year for day in pack.unchecked_dates})
    if missing:
        return t("onboard_calendar_partial", years=years,
                 missing=year_spans(missing, t("list_separator")))
    return t("onboard_calendar_known", years=years)

"""Link the loaded model: check every reference and rule, and derive what is implied.

The result, :class:`LinkedKB`, is what every renderer reads. It holds the facts nobody
writes twice: direct and dotted-line reports, each workflow's RACI, and for every role the
steps, training, forms and policies that concern it; for every form, where it is used; and
every overlay in `sops/custom/` applied to its standard role, as a custom job description.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from . import (
    pickling,  # noqa: F401  (the model it makes can go to worker processes)
    rules,
)
from .approvals import ApprovalPart, role_approvals
from .diagnostics import Diagnostics, Loc
from .doccontrol import DocInfo, resolve
from .fields import Text
from .flow import FlowGraph, check_workflow, flow_graph
from .i18n import DEFAULT_LOCALE, Labels
from .logo import check_logo
from .model import (
    Actor,
    Department,
    Form,
    Item,
    KnowledgeBase,
    Org,
    Organization,
    Policy,
    Role,
    Routine,
    Session,
    Step,
    TrainingPlan,
    Workflow,
)
from .ordering import kind_orders, numbered
from .overlays import CustomJD, Overlay, Standards, check_overlay_id, customise
from .published import LastApproved, RetiredEntry, split_published
from .raci import Raci, build_raci
from .references import check_references
from .stepcontent import check_step_content


@dataclass(frozen=True, slots=True)
class Participation:
    """A role's part in one step: letters is a subset of "RACI" in that order."""

    workflow: Workflow
    step: Step
    letters: str
    as_actor: str | None = None   # the actor (申请人) the role takes part as, if not itself


@dataclass(frozen=True, slots=True)
class FormUse:
    kind: str  # "step" | "routine" | "training"
    owner: Item       # the workflow, role or training plan
    detail: Step | Routine | Session


@dataclass(frozen=True, slots=True)
class LinkedKB:
    kb: KnowledgeBase
    today: dt.date
    org: Org  # never missing: a stand-in while a missing org.yaml is reported (see link)
    departments: Mapping[str, Department]
    actors: Mapping[str, Actor]
    # Each kind's items (by folder) in reading order: own `order:`, else the default.
    orders: Mapping[str, tuple[Item, ...]]
    ranks: Mapping[tuple[str, str], tuple[int, int]]  # (KIND, id) -> (kind, place): sort keys
    documents: Mapping[tuple[str, str], DocInfo]
    direct_reports: Mapping[str, tuple[Role, ...]]
    dotted_reports: Mapping[str, tuple[Role, ...]]
    department_roles: Mapping[str, tuple[Role, ...]]
    flows: Mapping[str, FlowGraph]
    raci: Mapping[str, Raci]
    role_steps: Mapping[str, tuple[Participation, ...]]
    role_training: Mapping[str, tuple[tuple[TrainingPlan, Session], ...]]
    role_forms: Mapping[str, tuple[Form, ...]]
    role_policies: Mapping[str, tuple[Policy, ...]]
    form_uses: Mapping[str, tuple[FormUse, ...]]
    material_uses: Mapping[str, tuple[tuple[TrainingPlan, Session], ...]]
    # Role id -> the approval matrices it reviews or approves in (format 1.1).
    role_approvals: Mapping[str, tuple[ApprovalPart, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    # Overlays without errors, applied, by overlay id (sorted). Filled in last, by link().
    custom_jds: Mapping[str, CustomJD] = field(default_factory=lambda: MappingProxyType({}))
    # The 作废文件 register: retired items, which `kb` no longer holds (see published.py).
    retired: tuple[RetiredEntry, ...] = ()
    # Role id -> its steps as an actor that stands for it (a sales rep is a 申请人).
    role_actor_steps: Mapping[str, tuple[Participation, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    # Published = last approved (publication.py): drafts published as their last approved
    # git revision, by (KIND, id), and the working tree's own model, which has the drafts.
    revising: Mapping[tuple[str, str], LastApproved] = field(
        default_factory=lambda: MappingProxyType({}))
    working: LinkedKB | None = None

    @property
    def locale(self) -> str:
        return self.org.locale or DEFAULT_LOCALE

    @property
    def labels(self) -> Labels:
        return Labels(self.locale)

    def doc(self, item: Item) -> DocInfo:
        return self.documents[(item.KIND, item.id)]

    def revision(self, item: Item) -> LastApproved | None:
        """The item's last approved revision when it is published in place of a draft."""
        return self.revising.get((item.KIND, item.id))

    def for_custom(self, jd: CustomJD) -> LinkedKB:
        """The knowledge base as the custom JD's documents see it: the custom role keeps the
        standard role's id, and its document control is the variant's."""
        documents = dict(self.documents)
        documents[(jd.role.KIND, jd.role.id)] = jd.doc
        return dataclasses.replace(self, documents=MappingProxyType(documents))

    def actor_name(self, actor_id: str) -> str:
        """The display name of a role, department or actor id."""
        if actor_id in self.kb.roles:
            return self.kb.roles[actor_id].title
        if actor_id in self.departments:
            return self.departments[actor_id].name
        if actor_id in self.actors:
            return self.actors[actor_id].name
        return actor_id

    def in_order(self, items: Iterable[Item]) -> list[Item]:
        """Items (of one or several kinds) in the reading order of their kind."""
        return sorted(items, key=lambda item: self.ranks[(item.KIND, item.id)])

    def rank(self, item: Item) -> tuple[int, int]:
        """Sort key: an item's place in the reading order (its kind, then within the kind)."""
        return self.ranks[(item.KIND, item.id)]

    @property
    def top_roles(self) -> tuple[Role, ...]:
        return tuple(r for r in self.kb.roles.values() if not r.reports_to)


def _freeze(mapping: dict) -> Mapping:
    return MappingProxyType({k: tuple(v) for k, v in sorted(mapping.items())})


# Stands in for a missing org.yaml, which check_org reports: renderers only ever see a model
# that passed the check, and then the real one, but every layer may read `linked.org`.
_NO_ORG = Org(organization=Organization(name=Text("", Loc(""))))


def link(kb: KnowledgeBase, today: dt.date, diags: Diagnostics) -> LinkedKB:
    org = kb.org or _NO_ORG
    orders = kind_orders(kb)
    numbers = numbered(org, orders)
    documents: dict[tuple[str, str], DocInfo] = {
        (item.KIND, item.id): resolve(item, org, numbers.get((item.KIND, item.id)))
        for item in kb.items()}
    doc_of = lambda item: documents[(item.KIND, item.id)]  # noqa: E731
    _check(kb, diags, doc_of)
    # Everything below is derived from what is published: retired items only reach the
    # register, so no role list, pack, acknowledgement, page list or search can show them.
    kb, retired = split_published(kb, doc_of, diags)
    ranks = _ranks(orders)  # retired items keep their place (and number) for the register
    orders = MappingProxyType({folder: tuple(i for i in items if i.id in kb.of(folder))
                               for folder, items in orders.items()})
    form_uses = _form_uses(kb)
    rules.warn_unused_forms(kb.forms, form_uses, diags)
    rules.warn_review_overdue(kb.items(), doc_of, today, diags)
    departments: dict[str, Department] = {d.id: d for d in org.departments if d.id}
    flows: dict[str, FlowGraph] = {wf.id: flow_graph(wf) for wf in kb.workflows.values()}
    raci: dict[str, Raci] = {wf.id: build_raci(wf, kb.approvals)
                             for wf in kb.workflows.values()}
    role_steps = _role_steps(kb, raci)
    linked = LinkedKB(
        kb=kb, today=today, org=org,
        departments=MappingProxyType(departments),
        actors=MappingProxyType({a.id: a for a in org.actors if a.id}),
        orders=orders,
        ranks=ranks,
        documents=MappingProxyType(documents),
        direct_reports=_freeze(_group(kb.roles.values(), lambda r: [r.reports_to])),
        dotted_reports=_freeze(_group(kb.roles.values(), lambda r: r.dotted_line_to)),
        department_roles=_freeze(_group(kb.roles.values(), lambda r: [r.department])),
        flows=MappingProxyType(flows),
        raci=MappingProxyType(raci),
        role_steps=_freeze(role_steps),
        role_training=_freeze(_role_training(kb)),
        role_forms=_freeze(_role_forms(kb, role_steps, orders)),
        role_policies=_freeze(_role_policies(kb, orders)),
        form_uses=MappingProxyType(form_uses),
        material_uses=_freeze(_material_uses(kb)),
        role_approvals=_freeze(role_approvals(kb)),
        retired=retired,
        role_actor_steps=_freeze(_role_actor_steps(kb, raci)),
    )
    return dataclasses.replace(linked, custom_jds=_custom_jds(linked, diags))


def _ranks(orders: Mapping[str, tuple[Item, ...]]) -> Mapping[tuple[str, str], tuple[int, int]]:
    return MappingProxyType({(item.KIND, item.id): (kind, place)
                             for kind, items in enumerate(orders.values())
                             for place, item in enumerate(items)})


def link_overlay(linked: LinkedKB, overlay: Overlay, diags: Diagnostics,
                 overrides: Mapping[str, str] | None = None) -> CustomJD | None:
    """One overlay applied to its standard role (``overrides``: `sopkit jd --set` values
    for its variables); None after reporting its errors into ``diags``."""
    standards = Standards(linked.kb.roles, linked.doc, linked.labels, linked.today)
    return customise(overlay, standards, diags, overrides)


def _custom_jds(linked: LinkedKB, diags: Diagnostics) -> Mapping[str, CustomJD]:
    made = {}
    for overlay in linked.kb.overlays.values():
        before = len(diags.errors)
        check_overlay_id(overlay, linked.kb.roles, diags)
        custom = link_overlay(linked, overlay, diags)
        if custom is not None and len(diags.errors) == before:
            made[custom.id] = custom
    return MappingProxyType(dict(sorted(made.items())))


def _check(kb: KnowledgeBase, diags: Diagnostics, doc_of) -> None:
    rules.check_org(kb, diags)
    check_logo(kb, diags)
    rules.check_extra_fields(kb, diags)
    check_references(kb, diags, lambda item: doc_of(item).is_retired,
                     lambda item: doc_of(item).is_draft)
    rules.check_reporting_cycles(kb.roles, diags)
    rules.warn_roles(kb.roles, diags)
    for workflow in kb.workflows.values():
        check_workflow(workflow, diags)
        check_step_content(workflow, diags)
    for plan in kb.training.values():
        rules.check_unique(plan.sessions, "session id", f"in training plan `{plan.id}`", diags)
    for form in kb.forms.values():
        rules.check_form(form, diags)
    for approval in kb.approvals.values():
        rules.check_approval_tiers(approval, diags)
    for policy in kb.policies.values():
        rules.check_policy(policy, diags)


def _group(roles, keys_of) -> dict[str, list[Role]]:
    grouped: dict[str, list[Role]] = {}
    for role in sorted(roles, key=lambda r: r.id):
        for key in keys_of(role):
            if key:
                grouped.setdefault(key, []).append(role)
    return grouped


def _role_steps(kb: KnowledgeBase, raci: Mapping[str, Raci]) -> dict[str, list[Participation]]:
    result: dict[str, list[Participation]] = {}
    for workflow in kb.workflows.values():
        for row in raci[workflow.id].rows:
            for actor, letters in row.cells.items():
                if actor in kb.roles:
                    result.setdefault(actor, []).append(Participation(workflow, row.step, letters))
    return result


def _role_actor_steps(kb: KnowledgeBase,
                      raci: Mapping[str, Raci]) -> dict[str, list[Participation]]:
    """Each role's steps as an actor whose `stands_for` names the role, its department or
    `all` (the first such actor of the step, in org.yaml order)."""
    actors = kb.org.actors if kb.org else ()
    result: dict[str, list[Participation]] = {}
    for role in kb.roles.values():
        audience = {"all", role.id, role.department}
        ids = [actor.id for actor in actors if actor.id and audience & set(actor.stands_for)]
        for workflow in kb.workflows.values():
            for row in raci[workflow.id].rows:
                acting = [actor_id for actor_id in ids if actor_id in row.cells]
                if acting:
                    result.setdefault(role.id, []).append(
                        Participation(workflow, row.step, row.cells[acting[0]], acting[0]))
    return result


def _role_training(kb: KnowledgeBase) -> dict[str, list]:
    result: dict[str, list] = {}
    for plan in kb.training.values():
        for role_id in plan.for_:
            result.setdefault(role_id, []).extend((plan, s) for s in plan.sessions)
    return result


def _role_forms(kb: KnowledgeBase, role_steps: dict[str, list[Participation]],
                orders: Mapping[str, tuple[Item, ...]]) -> dict[str, list[Form]]:
    """Forms a role fills or checks in steps, uses in routines, or owns."""
    result: dict[str, set[str]] = {}
    for role_id, parts in role_steps.items():
        for part in parts:
            if "R" in part.letters or "A" in part.letters:
                result.setdefault(role_id, set()).update(part.step.forms)
    for role in kb.roles.values():
        result.setdefault(role.id, set()).update(r.form for r in role.routines if r.form)
    for form in kb.forms.values():
        if form.owner:
            result.setdefault(form.owner, set()).add(form.id)
    return {role_id: [form for form in orders["forms"] if isinstance(form, Form) and form.id in ids]
            for role_id, ids in result.items() if ids}


def _role_policies(kb: KnowledgeBase,
                   orders: Mapping[str, tuple[Item, ...]]) -> dict[str, list[Policy]]:
    result: dict[str, list[Policy]] = {}
    for role in sorted(kb.roles.values(), key=lambda r: r.id):
        audience = {"all", role.id, role.department}
        for policy in orders["policies"]:
            assert isinstance(policy, Policy)
            if audience & set(policy.applies_to):
                result.setdefault(role.id, []).append(policy)
    return result


def _form_uses(kb: KnowledgeBase) -> dict[str, tuple[FormUse, ...]]:
    uses: dict[str, list[FormUse]] = {}
    for workflow in kb.workflows.values():
        for step in workflow.steps:
            for form_id in step.forms:
                uses.setdefault(form_id, []).append(FormUse("step", workflow, step))
    for role in kb.roles.values():
        for routine in role.routines:
            if routine.form:
                uses.setdefault(routine.form, []).append(FormUse("routine", role, routine))
    for plan in kb.training.values():
        for session in plan.sessions:
            for material in session.materials:
                if material in kb.forms:
                    uses.setdefault(material, []).append(FormUse("training", plan, session))
    return {k: tuple(v) for k, v in sorted(uses.items())}


def _material_uses(kb: KnowledgeBase) -> dict[str, list]:
    result: dict[str, list] = {}
    for plan in kb.training.values():
        for session in plan.sessions:
            for material in session.materials:
                result.setdefault(material, []).append((plan, session))
    return result

"""Rules that span more than one value: uniqueness, cycles, form shapes, and warnings."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from .diagnostics import Diagnostics, Loc
from .doccontrol import DocInfo
from .fields import Text
from .i18n import DEFAULT_LOCALE, Labels
from .kinds import KINDS, kind_of
from .model import Approval, Form, FormField, Item, KnowledgeBase, Policy, Role
from .suggest import did_you_mean
from .textsafety import shown


def _label(key: str) -> str:
    """A field's name as HR knows it, from the content locale's catalog."""
    return Labels(DEFAULT_LOCALE)(key)


class _Identified(Protocol):
    @property
    def id(self) -> Text | None: ...


def check_unique(things: Iterable[_Identified], what: str, scope: str, diags: Diagnostics,
                 code: str = "duplicate-id") -> None:
    """Each thing has an ``id`` Text; report every repeat with where the first one is."""
    first_at: dict[str, Loc] = {}
    for thing in things:
        if thing.id is None:
            continue
        if thing.id in first_at:
            diags.error(thing.id.loc, f"{what} `{thing.id}` is used twice {scope} (first at "
                        f"{first_at[thing.id]}): {what}s must be unique", code)
        else:
            first_at[thing.id] = thing.id.loc


def check_org(kb: KnowledgeBase, diags: Diagnostics) -> None:
    if kb.org is None:
        return
    check_unique(kb.org.departments, "department id", "in org.yaml", diags)
    for department in kb.org.departments:
        role = kb.roles.get(department.id) if department.id else None
        if role is not None:
            diags.error(department.id.loc, f"department id `{department.id}` is also a role "
                        f"id ({role.source}): roles and departments share one namespace, "
                        "rename one", "duplicate-id")
    _check_actor_ids(kb, diags)


def _check_actor_ids(kb: KnowledgeBase, diags: Diagnostics) -> None:
    """Actors share the namespace of roles and departments: a step's `by: x` must mean one
    thing, so a clash is an error that names both places."""
    assert kb.org is not None
    check_unique(kb.org.actors, "actor id", "in org.yaml", diags)
    departments = {d.id: d for d in kb.org.departments if d.id}
    for actor in kb.org.actors:
        if not actor.id:
            continue
        if actor.id in kb.roles:
            other = f"a role id ({kb.roles[actor.id].source})"
        elif actor.id in departments:
            other = f"a department id ({departments[actor.id].id.loc})"
        else:
            continue
        diags.error(actor.id.loc, f"actor id `{actor.id}` is also {other}: roles, departments "
                    "and actors share one namespace, rename one", "duplicate-id")


def check_extra_fields(kb: KnowledgeBase, diags: Diagnostics) -> None:
    """Every key under an item's `extra:` is one org.yaml declares for its kind."""
    declared = kb.org.extra_fields if kb.org else None
    if declared is not None:
        for each in KINDS:
            check_unique(declared.of(each.name), "extra field id",
                         f"in `extra_fields: {each.name}`", diags)
    for item in kb.items():
        kind = kind_of(item).name
        ids: list[str] = list(dict.fromkeys(  # a repeated id is reported above
            field.id for field in (declared.of(kind) if declared else ()) if field.id))
        for key in item.own_fields:
            if key in ids:
                continue
            assert isinstance(key, Text)  # the converter keeps every key with its place
            diags.error(key.loc, f"`extra` has `{shown(key)}`, which is not a field declared "
                        f"for {kind} items{_undeclared_hint(key, kind, ids)}",
                        "undeclared-field")


def check_reporting_cycles(roles: Mapping[str, Role], diags: Diagnostics) -> None:
    reported: set[str] = set()
    for start in sorted(roles):
        path: list[str] = []
        current: str | None = start  # None: the chain reached the top of the chart
        while current is not None and current in roles and current not in path \
                and current not in reported:
            path.append(current)
            current = roles[current].reports_to
        if current in path:
            cycle = path[path.index(current):]
            reported.update(cycle)
            first = min(cycle)
            chain = " → ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
            superior = roles[first].reports_to
            assert superior is not None  # every role in a cycle reports to the next one
            diags.error(superior.loc, f"`reports_to` forms a cycle: {chain}; "
                        "one of these roles must report to someone outside the cycle "
                        "(or be the top of the chart)", "reports-to-cycle")
        reported.update(path)


def check_form(form: Form, diags: Diagnostics) -> None:
    if not form.sections and not form.fields and "sections" not in form.locs \
            and "fields" not in form.locs:
        diags.error(form.loc, "form has no fields: add `sections:` (or a flat `fields:` list)",
                    "required")
    if form.sections and form.fields:
        diags.error(form.loc_of("fields"), "form has both `sections` and `fields`: put the "
                    "flat fields into a section", "type")
    check_unique(form.all_fields, "field id", f"in form `{form.id}`", diags, "duplicate-field")
    for field in form.all_fields:
        _check_field_shape(field, diags)


def check_approval_tiers(approval: Approval, diags: Diagnostics) -> None:
    """The first tier whose bound or condition holds applies, so bounds must rise, and a
    tier with neither (everything above) can only be the last."""
    last_bound: float | None = None
    for number, tier in enumerate(approval.tiers, start=1):
        if tier.up_to is None and tier.condition is None and number < len(approval.tiers):
            diags.error(tier.loc, f"tier {number} has neither `up_to` nor `condition`, so no "
                        "tier after it could ever apply: give it a bound or a condition, or "
                        "move it to the end", "approval-tiers")
        if tier.up_to is None:
            continue
        if last_bound is not None and tier.up_to <= last_bound:
            diags.error(tier.loc_of("up_to"), f"`up_to: {tier.up_to:g}` is not above the "
                        f"previous tier's {last_bound:g}: list tiers from the smallest bound "
                        "up", "approval-tiers")
        last_bound = tier.up_to


def check_policy(policy: Policy, diags: Diagnostics) -> None:
    """A section holds rules, a table, or both; every row has one cell per column."""
    for section in policy.sections:
        if not section.rules and section.table is None and not (
                {"rules", "table"} & set(section.locs)):
            diags.error(section.loc, f"policy section `{section.title}` has neither `rules` "
                        "nor `table`: add one of them", "required")
        table = section.table
        if table is None or not table.columns:
            continue
        for number, row in enumerate(table.rows, start=1):
            if len(row) != len(table.columns):
                where = row[0].loc if row else table.loc_of("rows")
                diags.error(where, f"row {number} of the table has {len(row)} "
                            f"cell{'s' if len(row) != 1 else ''} but there are "
                            f"{len(table.columns)} columns: give every row one cell per "
                            "column (an empty cell is \"\")", "table-row")
def _undeclared_hint(key: str, kind: str, ids: list[str]) -> str:
    where = f"org.yaml under `extra_fields: {kind}:`"
    if not ids:
        return (f": org.yaml declares none; declare it in {where} as "
                f"`{{id: {shown(key)}, label: …}}`")
    close = did_you_mean(key, ids)
    if close:
        return f"{close} (or declare it in {where})"
    return f" (declared: {', '.join(ids)}): fix the key, or declare it in {where}"


def _check_field_shape(field: FormField, diags: Diagnostics) -> None:
    kind = field.type or "text"
    if kind in ("choice", "multichoice") and len(field.options) < 1:
        diags.error(field.loc, f"field `{field.id}` is a {kind} but has no `options`",
                    "required")
    if field.options and kind not in ("choice", "multichoice"):
        diags.error(field.loc_of("options"), f"field `{field.id}` has `options` but its type "
                    f"is {kind}: use type choice or multichoice", "type")
    if kind == "table" and not field.columns:
        diags.error(field.loc, f"table field `{field.id}` has no `columns`", "required")
    if field.columns and kind != "table":
        diags.error(field.loc_of("columns"), f"field `{field.id}` has `columns` but its type "
                    f"is {kind}: use type table", "type")
    if kind == "table":
        check_unique(field.columns, "column id", f"in table `{field.id}`", diags,
                     "duplicate-field")


def warn_review_overdue(items: Iterable[Item], doc_of: Callable[[Item], DocInfo],
                        today: dt.date, diags: Diagnostics) -> None:
    for item in items:
        info = doc_of(item)
        due = info.next_review
        if due is not None and due < today and not info.is_retired:
            assert info.effective is not None  # a review falls due only after an effective date
            where = item.document.loc if item.document else item.id.loc
            months = info.review_every_months
            diags.warning(where, f"review overdue: {item.KIND} `{item.id}` was due for review "
                          f"on {due.isoformat()} (effective {info.effective.isoformat()}, every "
                          f"{months} month{'s' if months != 1 else ''}); review it and update "
                          "`effective`", "review-overdue")


def warn_roles(roles: Mapping[str, Role], diags: Diagnostics) -> None:
    for role in roles.values():
        if not role.duties:
            diags.warning(role.loc_of("duties") if "duties" in role.locs else role.id.loc,
                          f"role `{role.id}` has no duties ({_label('duties')})", "no-duties")
    tops = [r for r in roles.values() if not r.reports_to]
    if len(tops) > 1:
        top = max(sorted(tops, key=lambda r: r.id), key=lambda r: _subtree_size(r.id, roles))
        for role in sorted(tops, key=lambda r: r.id):
            if role is not top:
                diags.warning(role.id.loc, f"role `{role.id}` has no `reports_to` but `{top.id}` "
                              "is the top of the chart: add its superior", "orphan-role")


def _subtree_size(role_id: str, roles: Mapping[str, Role]) -> int:
    children: dict[str, list[str]] = {}
    for role in roles.values():
        if role.reports_to:
            children.setdefault(role.reports_to, []).append(role.id)
    seen, stack = set(), [role_id]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(children.get(current, ()))
    return len(seen)


def warn_unused_forms(forms: Mapping[str, Form], uses: Mapping[str, tuple],
                      diags: Diagnostics) -> None:
    for form in forms.values():
        if not uses.get(form.id):
            diags.warning(form.id.loc, f"form `{form.id}` is used nowhere: list it in a "
                          "workflow step's `forms`, a routine's `form` or a training "
                          "session's `materials`", "unused-form")

"""The kinds of item a knowledge base holds: one record each, read by every layer.

Adding a kind means adding its model class (model.py), a record here, and its templates
(document, portal page, scaffold); the loader, linker, schema, scaffold, document views,
portal and JSON output find it here (docs/architecture.md).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Approval, Form, Item, Policy, Role, TrainingPlan, Workflow


@dataclass(frozen=True, slots=True)
class ItemKind:
    name: str                # `sopkit new NAME`, schema file and anchor prefix: "role"
    folder: str              # under sops/, dist/ and the portal; the KnowledgeBase field: "roles"
    model: type[Item]
    number_prefix: str       # derived document numbers: JD-SALES-REP
    document_template: str | None  # a printed document of its own (templates/documents/)
    portal_template: str     # its portal page (templates/portal/)
    portal_index_label: str  # label key of the portal's index of the kind
    portal_index_column: str  # label key of that index's last column
    portal_wide: bool = False  # its page needs the full width (charts, schedules)


KINDS: tuple[ItemKind, ...] = (
    ItemKind("role", "roles", Role, "JD", "role.html.j2", "role.md.j2",
             "job_descriptions", "reports_to"),
    ItemKind("workflow", "workflows", Workflow, "WF", "workflow.html.j2", "workflow.md.j2",
             "workflows", "owner", portal_wide=True),
    ItemKind("training", "training", TrainingPlan, "TP", "training.html.j2", "training.md.j2",
             "training", "training_for", portal_wide=True),
    ItemKind("form", "forms", Form, "FM", None, "form.md.j2", "forms", "form_owner"),
    ItemKind("policy", "policies", Policy, "PL", "policy.html.j2", "policy.md.j2",
             "policies", "applies_to"),
    ItemKind("approval", "approvals", Approval, "AP", "approval.html.j2", "approval.md.j2",
             "approvals", "approval_matter"),
)
BY_NAME: Mapping[str, ItemKind] = {kind.name: kind for kind in KINDS}
BY_FOLDER: Mapping[str, ItemKind] = {kind.folder: kind for kind in KINDS}
_BY_MODEL: Mapping[type, ItemKind] = {kind.model: kind for kind in KINDS}


def kind_of(item: Item) -> ItemKind:
    return _BY_MODEL[type(item)]

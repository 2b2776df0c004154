"""What each kind of item shows, decided once for every presentation: the handbook's
document HTML, the portal's Markdown and the onboarding pack all read these views.

Views are plain data computed from ``LinkedKB`` — numbers, joined-up facts, level texts —
so templates only arrange them. Nothing here imports a renderer: the portal and onboarding
use these views without loading the PDF or Word machinery.
"""
from __future__ import annotations

from ..linker import LinkedKB
from . import approval, blankform, extra, form, role, training, workflow


def template_globals(linked: LinkedKB) -> dict:
    """The views as template functions, bound to one knowledge base; every environment
    (documents, onboarding, portal) offers the same ones under the same names."""
    return {
        "numbered_steps": lambda item: workflow.numbered_steps(linked, item),
        "forms_used": lambda item: workflow.forms_used(linked, item),
        "participation": lambda item: role.participation(linked, item),
        "skill_level": role.skill_level,
        "form_uses": lambda item: form.form_uses(linked, item),
        "approval_rows": lambda item: approval.tier_rows(item, linked.labels),
        "approval_parts": lambda item: role.approval_parts(linked, item),
        "script_steps": lambda item: role.script_steps(linked, item),
        "has_step_guides": workflow.has_step_guides,
        "weight_text": role.weight_text,
        "own_fields": lambda item: extra.own_fields(linked, item),
        "session_columns": training.session_columns,
        "blank_blocks": blankform.blank_blocks,
        "materials_of": lambda ids: training.materials_of(linked, ids),
    }

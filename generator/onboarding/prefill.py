"""What the pack writes into each of the role's forms before the new hire sees them.

A field is the person's name when its id is `name` or its label is one the locale lists
(姓名, 申请人 …), and the department when its id is `department` or its label matches
(部门 …). Labels are matched whole, so 申请人签字 (a signature) is never filled in.
"""
from __future__ import annotations

from ..i18n import Labels
from ..model import Form, FormField

FILLABLE_TYPES = (None, "text")


def _labels(t: Labels, key: str) -> set[str]:
    return {label.strip() for label in t(key).split("|") if label.strip()}


def prefill(form: Form, name: str, department: str, t: Labels) -> dict[str, str]:
    """Field id → value for the fields this form has for a name or a department."""
    wanted = (("name", _labels(t, "onboard_prefill_name_labels"), name),
              ("department", _labels(t, "onboard_prefill_department_labels"), department))
    values: dict[str, str] = {}
    for field in form.all_fields:
        for field_id, labels, value in wanted:
            if _matches(field, field_id, labels) and field.id not in values:
                values[field.id] = value
    return values


def _matches(field: FormField, field_id: str, labels: set[str]) -> bool:
    if field.type not in FILLABLE_TYPES:
        return False
    return field.id == field_id or field.label.strip() in labels

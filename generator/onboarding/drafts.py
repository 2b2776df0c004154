"""Packs hand a new hire approved documents only, unless HR asks for drafts too.

A pack is signed for (the acknowledgement lists every document in it), so a workflow,
training plan, form or policy still in draft or review is left out by default;
``sopkit onboard --include-drafts`` keeps them, marked with their status. The role's own
job description is the pack's subject and always stays, marked when it is a draft.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar

from ..linker import LinkedKB
from ..model import Item

T = TypeVar("T")


def approved_only(linked: LinkedKB) -> LinkedKB:
    """The linked model as a pack without drafts sees it: each role's training, steps,
    forms and policies limited to approved documents."""
    current = lambda item: not linked.doc(item).is_draft  # noqa: E731
    return dataclasses.replace(
        linked,
        role_training=_keep(linked.role_training, lambda pair: current(pair[0])),
        role_steps=_keep(linked.role_steps, lambda part: current(part.workflow)),
        role_actor_steps=_keep(linked.role_actor_steps, lambda part: current(part.workflow)),
        role_forms=_keep(linked.role_forms, current),
        role_policies=_keep(linked.role_policies, current))


def drafts_left_out(linked: LinkedKB, role_ids: Iterable[str]) -> list[Item]:
    """The draft documents the packs of these roles would otherwise hold (to say so)."""
    full: dict[str, Item] = {}
    for role_id in role_ids:
        full.update({p.id: p for p, _ in linked.role_training.get(role_id, ())})
        full.update({s.workflow.id: s.workflow for s in linked.role_steps.get(role_id, ())})
        full.update({s.workflow.id: s.workflow
                     for s in linked.role_actor_steps.get(role_id, ())})
        full.update({f.id: f for f in linked.role_forms.get(role_id, ())})
        full.update({p.id: p for p in linked.role_policies.get(role_id, ())})
    return sorted((item for item in full.values() if linked.doc(item).is_draft),
                  key=lambda item: linked.doc(item).number)


def _keep(mapping: Mapping[str, tuple[T, ...]],
          wanted: Callable[[T], bool]) -> Mapping[str, tuple[T, ...]]:
    return MappingProxyType({key: tuple(v for v in values if wanted(v))
                             for key, values in mapping.items()})

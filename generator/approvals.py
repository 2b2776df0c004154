"""Who takes part in which approval matrix, derived once for roles, steps and the RACI.

A step with `approval:` is decided by that matrix: every approver of any tier is
accountable (A) for it and every reviewer is consulted (C). A role lists each matter it
reviews or approves on its job description, portal page and onboarding pack.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Approval, KnowledgeBase


@dataclass(frozen=True, slots=True)
class ApprovalPart:
    """A role's part in one approval matrix: it reviews, approves, or both, and at which
    tiers (1-based, as the matrix numbers them)."""

    approval: Approval
    reviews: tuple[int, ...]
    approves: tuple[int, ...]


def approvers(approval: Approval) -> list[str]:
    """Every actor that approves at some tier, in tier order, each once."""
    return list(dict.fromkeys(tier.approve for tier in approval.tiers if tier.approve))


def reviewers(approval: Approval) -> list[str]:
    return list(dict.fromkeys(actor for tier in approval.tiers for actor in tier.review))


def role_approvals(kb: KnowledgeBase) -> dict[str, list[ApprovalPart]]:
    """Role id → the matrices the role reviews or approves in, by matrix id."""
    result: dict[str, list[ApprovalPart]] = {}
    for approval_id in sorted(kb.approvals):
        approval = kb.approvals[approval_id]
        for role_id in kb.roles:
            part = _part(approval, role_id)
            if part is not None:
                result.setdefault(role_id, []).append(part)
    return result


def _part(approval: Approval, actor: str) -> ApprovalPart | None:
    reviews = tuple(n for n, tier in enumerate(approval.tiers, 1) if actor in tier.review)
    approves = tuple(n for n, tier in enumerate(approval.tiers, 1) if tier.approve == actor)
    return ApprovalPart(approval, reviews, approves) if reviews or approves else None


def matrix_of(approvals: Mapping[str, Approval], approval_id: str | None) -> Approval | None:
    return approvals.get(approval_id) if approval_id else None

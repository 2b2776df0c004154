"""An approval matrix as readers see it: one row per tier, its bound or condition in words.

Documents, the portal and onboarding packs all show tiers this way, so the wording of a
bound ("5% 及以下") is decided here once, from the locale catalog.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Labels
from ..model import Approval, ApprovalTier


@dataclass(frozen=True, slots=True)
class TierRow:
    when: str                  # "5% 及以下", "重大项目", or "其余情况" for the open last tier
    review: tuple[str, ...]    # actor ids
    approve: str
    inform: tuple[str, ...]


def tier_rows(approval: Approval, t: Labels) -> list[TierRow]:
    if len(approval.tiers) == 1 and _is_open(approval.tiers[0]):
        only = approval.tiers[0]  # one approver for every case: "all cases", not "the rest"
        return [TierRow(t("approval_all"), only.review, only.approve, only.inform)]
    return [TierRow(_when(tier, approval.unit, t), tier.review, tier.approve, tier.inform)
            for tier in approval.tiers]


def _is_open(tier: ApprovalTier) -> bool:
    return tier.up_to is None and not tier.condition


def _when(tier: ApprovalTier, unit: str | None, t: Labels) -> str:
    parts = []
    if tier.up_to is not None:
        parts.append(t("approval_bound", value=_amount(tier.up_to), unit=unit or "").strip())
    if tier.condition:
        parts.append(str(tier.condition))
    return t("approval_when_both", bound=parts[0], condition=parts[1]) if len(parts) == 2 \
        else (parts[0] if parts else t("approval_above"))


def _amount(value: float) -> str:
    """5000 → "5,000", 2.5 → "2.5", never "5e+06": bounds are read by people."""
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"

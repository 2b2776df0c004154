"""Overlay + standard role → the custom role: a normal ``Role``, so every renderer prints it."""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..diagnostics import Diagnostics
from ..model import Qualifications, Role
from ..suggest import did_you_mean
from .lists import edit_duties, edit_list
from .model import Overlay, QualificationChanges
from .named import edit_kpis, edit_skills
from .picking import Scope
from .placeholders import Filler


def base_role(overlay: Overlay, roles: Mapping[str, Role], diags: Diagnostics) -> Role | None:
    """The standard role the overlay extends, or None after saying it does not exist."""
    if overlay.extends is None:
        return None  # convert reported the missing key
    role = roles.get(overlay.extends)
    if role is None:
        hint = did_you_mean(overlay.extends, roles)
        diags.error(overlay.extends.loc, f"`extends` names `{overlay.extends}`, which is not a "
                    f"role id{hint}", "dangling-ref")
    return role


def apply_overlay(overlay: Overlay, base: Role, values: Mapping[str, str],
                  diags: Diagnostics) -> Role:
    fill = Filler(values, diags)

    def scope(noun: str, plural: str, grouped: bool = False) -> Scope:
        return Scope(base.id, noun, plural, grouped)

    return dataclasses.replace(
        base,
        title=fill(overlay.title) or base.title,
        title_en=fill(overlay.title_en) or base.title_en,
        summary=fill(overlay.summary) or base.summary,
        headcount=base.headcount if overlay.headcount is None else overlay.headcount,
        duties=edit_duties(base.duties, overlay.duties, scope("duty", "duties", True), fill,
                           diags),
        responsibilities=edit_list(base.responsibilities, overlay.responsibilities,
                                   scope("responsibility", "responsibilities"), fill, diags),
        authorities=edit_list(base.authorities, overlay.authorities,
                              scope("authority", "authorities"), fill, diags),
        knowledge=edit_list(base.knowledge, overlay.knowledge,
                            scope("knowledge item", "knowledge items"), fill, diags),
        qualifications=_qualifications(base, overlay.qualifications, fill, diags),
        skills=edit_skills(base.skills, overlay.skills, base.id, fill, diags),
        kpis=edit_kpis(base.kpis, overlay.kpis, base.id, fill, diags),
    )


def _qualifications(base: Role, changes: QualificationChanges | None, fill,
                    diags: Diagnostics) -> Qualifications | None:
    if changes is None:
        return base.qualifications
    standard = base.qualifications or Qualifications()
    scope = Scope(base.id, "requirement", "other requirements")
    return dataclasses.replace(
        standard,
        education=fill(changes.education) or standard.education,
        experience=fill(changes.experience) or standard.experience,
        other=edit_list(standard.other, changes.other, scope, fill, diags),
    )

"""schema.org `Occupation` for a role page, so intranet search engines and HR tools can read
a job description without scraping it (https://schema.org/Occupation)."""
from __future__ import annotations

from ..documents.environment import duty_blocks
from ..model import Role


def _category(scheme: str, code: str) -> dict:
    return {"@type": "CategoryCode", "codeValue": str(code),
            "inCodeSet": {"@type": "CategoryCodeSet", "name": str(scheme).upper()}}


def _qualifications(role: Role) -> dict:
    q = role.qualifications
    if q is None:
        return {}
    return {"educationRequirements": q.education, "experienceRequirements": q.experience,
            "qualifications": list(q.other)}


def occupation(role: Role) -> dict:
    duties = [duty for _, items in duty_blocks(role.duties) for duty in items]
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.title,
        "alternateName": role.title_en,
        "description": " ".join((role.summary or "").split()),
        "occupationalCategory": [_category(c.scheme, c.code) for c in role.classification],
        "responsibilities": [*duties, *role.responsibilities],
        "skills": [skill.name for skill in role.skills] + list(role.knowledge),
        **_qualifications(role),
    }
    return {key: value for key, value in data.items() if value}

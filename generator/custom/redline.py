"""What both redlines (Word and PDF) show: who changed what in which standard, and the diff."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..fonts import org_font
from ..linker import LinkedKB
from ..overlays import CustomJD
from .compare import ADDED, REMOVED, REWORDED, Change, Section, changes, compare

# Word's language tag for East Asian text, per sopkit locale.
WORD_LANGUAGES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "zh-CN"}
# An item in the summary list is cut to this length: the comparison below shows it whole.
SUMMARY_CHARACTERS = 40


@dataclass(frozen=True, slots=True)
class Redline:
    organization: str
    title: str
    facts: tuple[tuple[str, str], ...]   # label, value rows above the comparison
    note: str
    sections: tuple[Section, ...]
    changes: tuple[Change, ...]          # what the author changed, one entry a change
    summary_heading: str
    summary: tuple[str, ...]             # the changes as lines, worded by the catalog (jd_change_*)
    author: str
    date: dt.date
    font: str
    language: str
    number: str
    footer: str                          # "第 {page} 页 共 {pages} 页"

    @property
    def change_count(self) -> int:
        return len(self.changes)


def redline_for(linked: LinkedKB, custom: CustomJD,
                note_key: str = "jd_redline_note_docx") -> Redline:
    t = linked.labels
    org = linked.org
    sections = compare(custom.standard, custom.role, t, linked.actor_name)
    changed = tuple(changes(sections))
    standard, doc = custom.standard_doc, custom.doc
    facts = (
        (t("jd_redline_standard"), t("document_ref", title=custom.standard.title,
                                     number=standard.number, version=standard.version)),
        (t("jd_redline_custom"), t("document_ref", title=custom.role.title,
                                   number=doc.number, version=doc.version)),
        (t("jd_redline_author"), custom.author),
        (t("jd_redline_date"), custom.date.isoformat()),
        (t("jd_redline_changes"), t("jd_change_count", count=len(changed), **{
            kind: sum(c.kind == kind for c in changed) for kind in (ADDED, REMOVED, REWORDED)})),
    )
    return Redline(
        organization=org.organization.name, title=t("jd_redline_title"),
        facts=facts, note=t(note_key), sections=tuple(sections), changes=changed,
        summary_heading=t("jd_redline_summary"),
        summary=tuple(t("jd_change_line", kind=t(f"jd_change_{c.kind}"), section=c.section,
                        text=_shortened(c.text)) for c in changed),
        author=custom.author, date=custom.date, font=org_font(org),
        language=WORD_LANGUAGES.get(linked.locale, "zh-CN"),
        number=doc.number, footer=t("page_x_of_y"))


def _shortened(text: str, limit: int = SUMMARY_CHARACTERS) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"

"""What both redlines (Word and PDF) show: who changed what in which standard, and the diff."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..fonts import org_font
from ..linker import LinkedKB
from ..overlays import CustomJD
from .compare import Section, changed_lines, compare

# Word's language tag for East Asian text, per sopkit locale.
WORD_LANGUAGES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "zh-CN"}


@dataclass(frozen=True, slots=True)
class Redline:
    organization: str
    title: str
    facts: tuple[tuple[str, str], ...]   # label, value rows above the comparison
    note: str
    sections: tuple[Section, ...]
    author: str
    date: dt.date
    font: str
    language: str
    number: str
    footer: str                          # "第 {page} 页 共 {pages} 页"

    @property
    def change_count(self) -> int:
        return len(changed_lines(list(self.sections)))


def redline_for(linked: LinkedKB, custom: CustomJD,
                note_key: str = "jd_redline_note_docx") -> Redline:
    t = linked.labels
    org = linked.org
    sections = compare(custom.standard, custom.role, t, linked.actor_name)
    standard, doc = custom.standard_doc, custom.doc
    facts = (
        (t("jd_redline_standard"), t("document_ref", title=custom.standard.title,
                                     number=standard.number, version=standard.version)),
        (t("jd_redline_custom"), t("document_ref", title=custom.role.title,
                                   number=doc.number, version=doc.version)),
        (t("jd_redline_author"), custom.author),
        (t("jd_redline_date"), custom.date.isoformat()),
        (t("jd_redline_changes"), str(len(changed_lines(sections)))),
    )
    return Redline(
        organization=org.organization.name, title=t("jd_redline_title"),
        facts=facts, note=t(note_key), sections=tuple(sections), author=custom.author,
        date=custom.date, font=org_font(org),
        language=WORD_LANGUAGES.get(linked.locale, "zh-CN"),
        number=doc.number, footer=t("page_x_of_y"))

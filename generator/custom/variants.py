"""Custom job descriptions as the portal lists them: under their standard role, as variants."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..linker import LinkedKB
from ..overlays import CustomJD
from .compare import change_count

OUTPUT_FOLDER = "roles/custom"  # in dist/: <id>.pdf, <id>.docx and their redlines


@dataclass(frozen=True, slots=True)
class Variant:
    id: str            # the overlay's id (its file name), e.g. sales-rep-shanghai
    role_id: str       # the standard role it adapts
    title: str         # the custom job description's title (placeholders filled in)
    number: str        # its document number: `<standard number>-<id>`
    status: str        # draft | in_review | approved | retired
    author: str        # the manager who wrote the changes
    date: dt.date      # date of the changes
    changes: int       # items added, removed or reworded compared with the standard
    source: str        # the overlay file, e.g. sops/custom/sales-rep-shanghai.yaml
    pdf: str           # outputs of `sopkit build`, relative to dist/
    docx: str
    redline_pdf: str
    redline_docx: str


def variants(linked: LinkedKB) -> dict[str, list[Variant]]:
    """Standard role id → its custom variants, sorted by id. Overlays with errors are not
    among them (`sopkit check` reports them, and `sopkit build` refuses to run with them)."""
    result: dict[str, list[Variant]] = {}
    for jd in linked.custom_jds.values():
        result.setdefault(jd.standard.id, []).append(_variant(linked, jd))
    return result


def _variant(linked: LinkedKB, jd: CustomJD) -> Variant:
    base = f"{OUTPUT_FOLDER}/{jd.id}"
    return Variant(
        id=jd.id, role_id=jd.standard.id, title=str(jd.role.title), number=jd.doc.number,
        status=jd.doc.status, author=jd.author, date=jd.date,
        changes=change_count(jd.standard, jd.role, linked.labels, linked.actor_name),
        source=jd.overlay.source,
        pdf=f"{base}.pdf", docx=f"{base}.docx", redline_pdf=f"{base}-redline.pdf",
        redline_docx=f"{base}-redline.docx")

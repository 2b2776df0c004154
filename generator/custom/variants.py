"""Custom job descriptions as the portal lists them: under their standard role, as variants."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics
from ..linker import LinkedKB
from .compare import changed_lines, compare
from .load import load_overlays
from .variant import OUTPUT_FOLDER, CustomJD, customise


@dataclass(frozen=True, slots=True)
class Variant:
    id: str            # the overlay's id (its file name), e.g. sales-rep-shanghai
    role_id: str       # the standard role it adapts
    title: str         # the custom job description's title (placeholders filled in)
    number: str        # its document number: `<standard number>-<id>`
    status: str        # draft | in_review | approved | retired
    author: str        # the manager who wrote the changes
    date: dt.date      # date of the changes
    changes: int       # paragraphs added or removed compared with the standard
    source: str        # the overlay file, e.g. sops/custom/sales-rep-shanghai.yaml
    pdf: str           # outputs of `sopkit build`, relative to dist/
    docx: str
    redline_pdf: str
    redline_docx: str


def custom_jds(linked: LinkedKB, sops_root: Path | None = None) -> list[CustomJD]:
    """Every overlay in `sops/custom/` applied, by id; overlays with errors are left out
    (`sopkit check` reports them, and `sopkit build` refuses to run with them)."""
    diags = Diagnostics()
    overlays, _ = load_overlays(Path(sops_root or linked.kb.root), diags)
    made = (customise(linked, overlay, Diagnostics()) for overlay in overlays.values())
    return sorted((jd for jd in made if jd is not None), key=lambda jd: jd.id)


def variants(source: LinkedKB | Path | str,
             sops_root: Path | None = None) -> dict[str, list[Variant]]:
    """Standard role id → its custom variants, sorted by id. ``source`` is the linked model
    (its overlays are read from ``sops_root``, default the folder it was loaded from) or a
    `sops/` folder, which is then checked first."""
    if isinstance(source, LinkedKB):
        linked, root = source, sops_root
    else:
        from ..pipeline import check  # the pipeline calls into this package: import late
        root = Path(source)
        linked = check(root).linked
    result: dict[str, list[Variant]] = {}
    for jd in custom_jds(linked, root):
        result.setdefault(jd.standard.id, []).append(_variant(jd))
    return result


def _variant(jd: CustomJD) -> Variant:
    base = f"{OUTPUT_FOLDER}/{jd.id}"
    sections = compare(jd.standard, jd.role, jd.labels(), jd.linked.actor_name)
    return Variant(
        id=jd.id, role_id=jd.standard.id, title=str(jd.role.title), number=jd.doc.number,
        status=jd.doc.status, author=jd.author, date=jd.date,
        changes=len(changed_lines(sections)), source=jd.overlay.source,
        pdf=f"{base}.pdf", docx=f"{base}.docx", redline_pdf=f"{base}-redline.pdf",
        redline_docx=f"{base}-redline.docx")

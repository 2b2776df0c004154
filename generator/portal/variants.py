"""Custom job descriptions on the portal: variants listed under their standard role.

Each standard role page lists its variants (from ``generator.custom.variants``) with the
documents `sopkit build` made for them. Each variant also has a page of its own: the
customised job description through the role page template, with its own document control.
Those pages are reached from their standard role, so they stay out of the navigation; search
still finds them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..custom import CustomJD, Variant, variants
from ..linker import LinkedKB
from ..model import Role
from . import views
from .downloads import Downloads
from .occupation import occupation

FOLDER = "roles/custom"  # variant pages, beside the standard role pages in roles/


@dataclass(frozen=True, slots=True)
class Listed:
    """A variant as the portal shows it. Files are (suffix, site path), built ones only."""

    variant: Variant
    standard: Role
    standard_status: str                 # the standard's own status (the variant's may differ)
    uri: str                             # the variant's own page
    documents: tuple[tuple[str, str], ...]
    redlines: tuple[tuple[str, str], ...]


def variant_uri(variant_id: str) -> str:
    """Overlay ids are checked like item ids (``[a-z0-9-]``): safe in a path."""
    return f"{FOLDER}/{variant_id}.md"


class PortalVariants:
    """The custom job descriptions of one linked knowledge base, by standard role."""

    def __init__(self, linked: LinkedKB, downloads: Downloads) -> None:
        self.downloads = downloads
        self.jds = linked.custom_jds
        self.by_role: dict[str, list[Listed]] = {
            role_id: [self._listed(v) for v in found]
            for role_id, found in variants(linked).items()}

    def of(self, role_id: str) -> list[Listed]:
        return self.by_role.get(role_id, [])

    def counts(self) -> dict[str, int]:
        return {role_id: len(found) for role_id, found in self.by_role.items()}

    def all(self) -> list[tuple[CustomJD, Listed]]:
        return [(self.jds[entry.variant.id], entry)
                for found in self.by_role.values() for entry in found]

    def _listed(self, variant: Variant) -> Listed:
        jd = self.jds[variant.id]
        return Listed(variant, jd.standard, jd.standard_doc.status, variant_uri(variant.id),
                      self._built(variant.pdf, variant.docx),
                      self._built(variant.redline_pdf, variant.redline_docx))

    def _built(self, *names: str) -> tuple[tuple[str, str], ...]:
        found = ((PurePosixPath(name).suffix[1:], self.downloads.site_path(name))
                 for name in names)
        return tuple((suffix, path) for suffix, path in found if path)


def page_context(linked: LinkedKB, jd: CustomJD, entry: Listed) -> dict:
    """The role template's context for a variant page. The custom role keeps the standard
    role's id, so the lookups that read document control or files are the variant's own."""
    seen = linked.for_custom(jd)
    return {
        "item": jd.role, "occupation": occupation(jd.role), "variant": entry,
        "variants": [], "linked": seen, "doc": seen.doc,
        "control": lambda item: views.item_control(seen, item),
        "downloads": lambda item: list(entry.documents) if item is jd.role else [],
    }

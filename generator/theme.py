"""A knowledge base's own look: `sops/theme/`, picked up by every output.

HR restyles the handbook by editing files they know (a Word document, a CSS file, a logo)
in their own folder, not in the installed package that every knowledge base shares.
`sopkit theme init` copies the defaults there to start from.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

THEME_FOLDER = "theme"
# The files a theme may hold; each is optional, and a missing one keeps the default.
PRINT_CSS = "print.css"          # added after the house print.css: PDF documents and books
REFERENCE_DOCX = "reference.docx"  # replaces the Word reference document (styles)
PORTAL_CSS = "portal.css"        # added to the portal's stylesheets
LOGO_NAMES = ("logo.png", "logo.svg", "logo.jpg")


@dataclass(frozen=True, slots=True)
class Theme:
    """Absolute paths of the theme files present (None: the default is used)."""

    print_css: str | None = None
    reference_docx: str | None = None
    portal_css: str | None = None
    logo: str | None = None


def find_theme(root: Path) -> Theme | None:
    folder = root / THEME_FOLDER
    if not folder.is_dir():
        return None

    def present(name: str) -> str | None:
        path = folder / name
        return os.path.abspath(path) if path.is_file() else None

    logos = [present(name) for name in LOGO_NAMES]
    return Theme(present(PRINT_CSS), present(REFERENCE_DOCX), present(PORTAL_CSS),
                 next((logo for logo in logos if logo), None))

"""`sopkit theme init`: copy the default look into `sops/theme/` to edit there."""
from __future__ import annotations

from pathlib import Path

import click

from ..docx import REFERENCE_PATH
from ..outputs import write_atomic, write_text_atomic
from ..theme import PORTAL_CSS, PRINT_CSS, REFERENCE_DOCX, THEME_FOLDER
from .options import reporting, sops_option
from .report import Reporter

# Additions, not a copy: the house print.css stays underneath, so a theme holds only what
# differs and keeps working when sopkit's own style sheet improves.
PRINT_CSS_START = """\
/* sops/theme/print.css: additions to sopkit's print style for PDF documents and handbooks.
   Rules here come last, so they win. To use an example, delete the comment marks on
   its own line; each note stays a comment of its own, so the file stays valid CSS. */

/* 标题颜色 */
/* h1, h2 { color: #1f4e79; } */

/* 正文字号 */
/* body { font-size: 10.5pt; } */
"""
PORTAL_CSS_START = """\
/* sops/theme/portal.css: additions to the portal's style (the web pages in dist/site).
   Rules here come after sopkit's own, so they win. To use an example, delete the comment
   marks on its own line; each note stays a comment of its own. */

/* 顶栏与链接的颜色 */
/* [data-md-color-primary] { --md-primary-fg-color: #1f4e79; --md-accent-fg-color: #2e75b6; } */

/* 标题颜色 */
/* .md-typeset h1, .md-typeset h2 { color: #1f4e79; } */

/* 正文字号 */
/* .md-typeset { font-size: 0.85rem; } */
"""


@click.group()
def theme() -> None:
    """The knowledge base's own look: sops/theme/ (reference.docx, print.css, portal.css)."""


@theme.command("init")
@sops_option
@reporting("theme")
def theme_init(sops: Path, report: Reporter) -> None:
    """Copy the default Word reference document, a print.css and a portal.css to edit into
    sops/theme/; files already there are kept."""
    folder = sops / THEME_FOLDER
    if not sops.is_dir():
        raise click.UsageError(f"knowledge base folder `{sops}` not found: run `sopkit init` "
                               "first, or pass --sops DIR")
    starters = {REFERENCE_DOCX: REFERENCE_PATH.read_bytes(),
                PRINT_CSS: PRINT_CSS_START.encode("utf-8"),
                PORTAL_CSS: PORTAL_CSS_START.encode("utf-8")}
    for name, data in starters.items():
        target = folder / name
        if target.exists():
            report.note(f"kept {target} (already there)")
            continue
        if name.endswith(".css"):
            report.wrote(write_text_atomic(target, data.decode("utf-8")))
        else:
            report.wrote(write_atomic(target, data))
    report.note("edit the styles in reference.docx (Word: Home → Styles → Modify), "
                "print.css (PDF) and portal.css (web portal), then run `sopkit build`")
    report.finish()

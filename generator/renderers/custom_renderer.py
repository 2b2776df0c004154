"""`dist/roles/custom/<id>.pdf/.docx` for every overlay in `sops/custom/`, with redlines."""
from __future__ import annotations

from ..custom.outputs import OUTPUT_FOLDER, write_custom_jd
from ..fonts import org_font
from ..linker import LinkedKB
from ..pdf import htmlscan

NAME = "custom"
ORDER = 60  # after pdf (22); the portal, later still, links to these files
READS_OTHER_OUTPUTS = False  # Word files may still be in the making meanwhile (build.py)
DESCRIPTION = "custom job descriptions from sops/custom/ (Word, PDF) with redlines"


def render(linked: LinkedKB, context) -> None:
    org_font(linked.org)  # stop before any work if the font is missing
    htmlscan.install()  # the JDs are printed in this process: its HTML parser, fixed
    for custom in context.progress(list(linked.custom_jds.values()), "custom JD"):
        write_custom_jd(linked, custom, context.out / OUTPUT_FOLDER, tally=context.tally)

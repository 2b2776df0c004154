"""`dist/registers/`: Excel workbooks for HR (roles, duties, KPIs; RACI; training; documents).

Each workbook is kept in the build cache under its plan (every sheet's title, header and
rows: all it shows), the font it names and its date.
"""
from __future__ import annotations

from functools import partial

from ..buildcache import cached, output_key
from ..fonts import org_font
from ..linker import LinkedKB
from ..outputs import write_atomic

NAME = "registers"
ORDER = 35
READS_OTHER_OUTPUTS = False  # Word files may still be in the making meanwhile (build.py)
DESCRIPTION = "Excel registers in dist/registers (roles and KPIs, RACI, training, documents)"
KIND = "xlsx"


def render(linked: LinkedKB, context) -> None:
    # Imported here, not with the module: every build (an up-to-date one too) imports every
    # renderer to know the formats, and openpyxl is ~0.1 s that then delays the Word files.
    from ..registers import register_plans, register_stamp, workbook

    font, stamp = org_font(linked.org), register_stamp(linked)
    for name, plan in register_plans(linked).items():
        key = output_key(KIND, repr(plan), font, stamp.isoformat())
        data = cached(context.tally, NAME, KIND, key, partial(workbook, plan, font, stamp),
                      f"registers/{name}")
        write_atomic(context.out / "registers" / name, data)

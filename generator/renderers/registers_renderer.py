"""`dist/registers/`: Excel workbooks for HR (roles, duties, KPIs; RACI; training; documents)."""
from __future__ import annotations

from ..linker import LinkedKB
from ..outputs import write_atomic
from ..registers import registers

NAME = "registers"
ORDER = 35
DESCRIPTION = "Excel registers in dist/registers (roles and KPIs, RACI, training, documents)"


def render(linked: LinkedKB, context) -> None:
    for name, data in registers(linked).items():
        write_atomic(context.out / "registers" / name, data)

"""Excel registers for HR (`dist/registers/`): roles with duties, KPIs and qualifications;
the RACI matrix; the training matrix; the document register. Read only the LinkedKB."""
from .workbooks import register_plans, register_stamp, registers, workbook

__all__ = ["register_plans", "register_stamp", "registers", "workbook"]

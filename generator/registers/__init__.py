"""Excel registers for HR (`dist/registers/`): roles with duties, KPIs and qualifications;
the RACI matrix; the training matrix; the document register. Read only the LinkedKB."""
from .workbooks import registers

__all__ = ["registers"]

"""`sopkit schema`: JSON Schema files for editors."""
from __future__ import annotations

from pathlib import Path

import click

from ..schema import write_schemas
from .options import reporting, sops_option
from .report import Reporter


@click.command()
@sops_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the schema files (default: SOPS/.schema).")
@reporting("schema")
def schema(sops: Path, out: Path | None, report: Reporter) -> None:
    """Write JSON Schema files for editors (yaml-language-server)."""
    for path in write_schemas(out or sops / ".schema"):
        report.wrote(path)
    report.finish()

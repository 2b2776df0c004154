"""`sopkit check`: validate and link the knowledge base, and report every problem."""
from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import check as run_check
from .options import reporting, sops_option, today_option
from .report import Reporter


@click.command()
@sops_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@today_option
@reporting("check")
def check(sops: Path, strict: bool, today, report: Reporter) -> None:
    """Validate and link the knowledge base; report every problem with file:line:col."""
    with report.failures():  # SOPKIT_TODAY not a date, an unreadable installation
        result = run_check(sops, today)
    report.content(result, strict=strict)
    report.summary()
    diags = result.diagnostics
    report.finish(1 if diags.errors or (strict and diags.warnings) else 0)

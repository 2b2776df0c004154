"""`sopkit new`: a starter file for a new item."""
from __future__ import annotations

from pathlib import Path

import click

from ..pipeline import check as run_check
from ..scaffold import KINDS, ScaffoldError, scaffold
from .options import reporting, sops_option
from .report import Reporter


@click.command()
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("item_id", metavar="ID")
@sops_option
@reporting("new")
def new(kind: str, item_id: str, sops: Path, report: Reporter) -> None:
    """Scaffold a valid, commented file for a new item (role, workflow, training, form,
    policy, approval)."""
    # The knowledge base is read only for sensible defaults; its problems are `check`'s.
    with report.failures():
        linked = run_check(sops).linked
    if linked.kb.org is None:  # ids made up here would be dangling references later
        raise click.UsageError(f"no org.yaml in `{sops}`: start a knowledge base with "
                               "`sopkit init`, or pass --sops DIR")
    departments = list(linked.departments)
    tops = [r.id for r in linked.top_roles]
    try:
        path = scaffold(kind, item_id, sops, departments[0] if departments else "sales",
                        tops[0] if tops else None)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    report.wrote(path, f"wrote {path}; fill in the 待填写 parts, then run `sopkit check`")
    report.finish()

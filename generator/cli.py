"""The `sopkit` command line.

Content mistakes are printed as diagnostics and give exit status 1; a bad command line gives
2, and so does an --out that sopkit must not replace (see output_dir.py). Anything else is a bug in sopkit and is left to show its traceback.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import __version__
from .build import UnknownRenderer, build as run_build, build_target, select
from .cli_output import fail_output
from .diagnostics import format_json, format_text
from .errors import OutputError, SetupError
from .output_dir import check_folder
from .pipeline import check as run_check
from .progress import progress_bar
from .scaffold import KINDS, ScaffoldError, scaffold
from .schema import write_schemas

sops_option = click.option("--sops", "sops", type=click.Path(path_type=Path), default="sops",
                           show_default=True, help="Knowledge base folder.")
today_option = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                            help="Date used for review-overdue checks (default: today).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopkit")
def main() -> None:
    """sopkit: SOP content in YAML → handbooks, forms, onboarding packs and a portal."""


def _today(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@main.command()
@sops_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@today_option
def check(sops: Path, strict: bool, fmt: str, today) -> None:
    """Validate and link the knowledge base; report every problem with file:line:col."""
    result = run_check(sops, _today(today))
    diags = result.diagnostics
    click.echo(format_json(diags, result.files) if fmt == "json" else format_text(diags, result.files))
    failed = bool(diags.errors) or (strict and bool(diags.warnings))
    sys.exit(1 if failed else 0)


@main.command()
@sops_option
@click.option("--out", type=click.Path(path_type=Path), default="dist", show_default=True)
@click.option("--only", default=None, help="Comma-separated output formats (default: all).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--pdf-variant", type=click.Choice(["pdf/a-3b", "pdf/a-2b", "pdf/ua-1"]),
              default=None, help="Archival PDF variant for controlled-document archives.")
@today_option
def build(sops: Path, out: Path, only: str | None, quiet: bool, pdf_variant: str | None,
          today) -> None:
    """Check, then render every output format into --out (atomically)."""
    try:
        renderers = select(only)
    except UnknownRenderer as exc:
        raise click.UsageError(str(exc)) from None
    try:
        check_folder(build_target(out, sops))  # a bad --out is told before the long check
    except OutputError as exc:
        fail_output(exc)
    result = run_check(sops, _today(today))
    if not result.ok:
        click.echo(format_text(result.diagnostics, result.files), err=True)
        click.echo("build refused: fix the errors above first", err=True)
        sys.exit(1)
    for warning in result.diagnostics.warnings:
        click.echo(warning.format(), err=True)
    try:
        with progress_bar(enabled=not quiet) as progress:
            run_build(result.linked, out, renderers, sops, progress=progress,
                      keep_others=bool(only), options={"pdf_variant": pdf_variant})
    except SetupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OutputError as exc:
        fail_output(exc)
    if not quiet:
        click.echo(f"built {', '.join(r.NAME for r in renderers)} into {out}", err=True)


@main.command()
@sops_option
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the schema files (default: SOPS/.schema).")
def schema(sops: Path, out: Path | None) -> None:
    """Write JSON Schema files for editors (yaml-language-server)."""
    for path in write_schemas(out or sops / ".schema"):
        click.echo(str(path))


@main.command()
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("item_id", metavar="ID")
@sops_option
def new(kind: str, item_id: str, sops: Path) -> None:
    """Scaffold a valid, commented file for a new role, workflow, training, form or policy."""
    result = run_check(sops)
    departments = list(result.linked.departments)
    tops = [r.id for r in result.linked.top_roles]
    try:
        path = scaffold(kind, item_id, sops, departments[0] if departments else "sales",
                        tops[0] if tops else None)
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {path}; fill in the 待填写 parts, then run `sopkit check`")
from .cli_onboard import onboard  # noqa: E402
main.add_command(onboard)
from .cli_jd import jd  # noqa: E402
main.add_command(jd)
from .cli_forms import form  # noqa: E402
main.add_command(form)

"""`sopkit init [DIR]`: start a knowledge base from an empty folder.

A person at a terminal is asked three questions (organisation, department, locale); the
flags answer them in scripts; with no terminal on stdin nothing is asked and the defaults
are written, so that `sopkit init` never hangs in a pipeline.
"""
from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import click
import yaml

from ..i18n import available_locales
from ..paths import TEMPLATES_DIR
from ..scaffold import ScaffoldError, Starter, init_kb
from ..schema import write_schemas
from .options import reporting
from .report import Reporter


@cache
def common_departments() -> dict[str, str]:
    """Name → id of the departments HR most often types (templates/scaffold/)."""
    text = (TEMPLATES_DIR / "scaffold" / "departments.yaml").read_text(encoding="utf-8")
    return {str(name): str(key) for name, key in yaml.safe_load(text).items()}


def department_id_for(name: str) -> str:
    if name in common_departments():
        return common_departments()[name]
    slug = "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in name.lower())
                    .split())
    return slug or "dept"


@click.command()
@click.argument("folder", metavar="[DIR]", required=False, default=".",
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--organization", "--organisation", "organization", default=None,
              help="The organisation's full name (asked if not given).")
@click.option("--department", default=None, help="The first department's name, e.g. 财务部.")
@click.option("--department-id", default=None,
              help="Its id (default: from the name, e.g. 财务部 → finance).")
@click.option("--locale", type=click.Choice(available_locales()), default=None,
              help="Language of the outputs (default: zh-Hans).")
@reporting("init")
def init(folder: Path, organization: str | None, department: str | None,
         department_id: str | None, locale: str | None, report: Reporter) -> None:
    """Start a knowledge base in DIR/sops: a commented org.yaml and one example of each kind
    (role, workflow, training, form, policy, approval) that passes `sopkit check --strict`."""
    ask = at_terminal() and not report.quiet
    organization = _answer(organization, ask, "组织名称 (organisation)",
                           folder.resolve().name or "organisation")
    department = _answer(department, ask, "第一个部门的名称 (department)",
                         next(iter(common_departments())))
    department_id = _answer(department_id, ask, "部门编号 (department id: a-z, 0-9, -)",
                            department_id_for(department))
    locale = _answer(locale, ask, "输出语言 (locale: zh-Hans, zh-Hant, en)", "zh-Hans")
    if locale not in available_locales():
        raise click.UsageError(f"unknown locale `{locale}`: use one of "
                               f"{', '.join(available_locales())}")
    sops = folder / "sops"
    try:
        written = init_kb(sops, Starter(organization, department, department_id, locale))
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None
    for path in written:
        report.wrote(path, f"wrote {path}")
    # The files' first line points editors (VS Code's YAML extension) at these schemas.
    write_schemas(sops / ".schema")
    report.wrote(sops / ".schema", f"wrote {sops / '.schema'} (completion in editors)")
    where = "" if folder.resolve() == Path.cwd() else f" in {folder}"  # not "in ."
    report.note(f"next: replace the 待填写 parts, then run `sopkit check`{where}")
    report.finish()


def at_terminal() -> bool:
    """A person can answer: stdin is a terminal (not a pipe, a file or CI's /dev/null)."""
    return sys.stdin.isatty()


def _answer(given: str | None, ask: bool, question: str, default: str) -> str:
    if given is not None:
        return given.strip()
    if not ask:
        return default
    return str(click.prompt(question, default=default)).strip()

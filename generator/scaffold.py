"""`sopkit new KIND ID`: write a valid, commented starting file for one item; `sopkit init`:
a new knowledge base, org.yaml and one example of each kind, that passes `check --strict`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .fields import check_id
from .kinds import KINDS as ITEM_KINDS
from .outputs import write_text_atomic
from .paths import TEMPLATES_DIR
from .schema import modeline

KINDS = {kind.name: kind.folder for kind in ITEM_KINDS}


class ScaffoldError(Exception):
    """A user mistake in the `sopkit new` or `sopkit init` command line."""


def _environment() -> Environment:
    # Content typed by the user (names) goes into YAML, not HTML: no autoescape, and the
    # values are quoted by `yaml_text` where they could break the YAML.
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters["yaml_text"] = yaml_text
    return env


def yaml_text(value: str) -> str:
    """A name as a YAML scalar: plain when it reads back as itself, else double-quoted."""
    plain_safe = value and value.strip() == value and not any(
        c in value for c in ':#{}[],&*!|>\'"%@`\\') and value[0] not in "-?"
    if plain_safe:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold(kind: str, item_id: str, sops: Path, department: str, top_role: str | None,
             form: str | None = None) -> Path:
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind `{kind}`: use one of {', '.join(KINDS)}")
    problem = check_id(item_id)
    if problem:
        raise ScaffoldError(problem)
    target = sops / KINDS[kind] / f"{item_id}.yaml"
    existing = [p for p in (target, target.with_suffix(".yml")) if p.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists: pick another id or edit that file")
    text = _environment().get_template(f"scaffold/{kind}.yaml.j2").render(
        id=item_id, modeline=modeline(kind, from_root=False), department=department,
        top_role=top_role, form=form)
    return write_text_atomic(target, text)


@dataclass(frozen=True, slots=True)
class Starter:
    """What `sopkit init` asks for."""

    organization: str
    department: str      # the department's name, as printed
    department_id: str
    locale: str


# The examples `init` writes, one per kind, in an order where each names only earlier ones.
EXAMPLE_IDS = {"form": "sample-form", "workflow": "sample-workflow",
               "training": "sample-training", "policy": "sample-policy",
               "approval": "sample-approval"}


def head_role(department_id: str) -> str:
    return f"{department_id}-manager"


def init_kb(sops: Path, starter: Starter) -> list[Path]:
    """Write a new knowledge base into ``sops``: a commented org.yaml whose department is
    headed by an example role, and one example of every other kind wired to it, so that
    the first `sopkit check --strict` is clean and every file shows how references look."""
    problem = check_id(starter.department_id)
    if problem:
        raise ScaffoldError(f"department id: {problem}")
    existing = [p for p in (sops / "org.yaml", sops / "org.yml") if p.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists: this folder already holds a "
                            "knowledge base; run `sopkit check` there, or init another folder")
    head = head_role(starter.department_id)
    org = _environment().get_template("scaffold/org.yaml.j2").render(
        modeline=modeline("org", from_root=True), organization=yaml_text(starter.organization),
        department=yaml_text(starter.department), department_id=starter.department_id,
        locale=starter.locale, head=head)
    written = [write_text_atomic(sops / "org.yaml", org)]
    written.append(scaffold("role", head, sops, starter.department_id, None))
    for kind in ITEM_KINDS:
        if kind.name in EXAMPLE_IDS:
            written.append(scaffold(kind.name, EXAMPLE_IDS[kind.name], sops,
                                    starter.department_id, head,
                                    form=EXAMPLE_IDS["form"]))
    return written

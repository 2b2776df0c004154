"""`sopkit new KIND ID`: write a valid, commented starting file for one item."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .fields import check_id
from .kinds import KINDS as ITEM_KINDS
from .outputs import write_text_atomic
from .paths import TEMPLATES_DIR
from .schema import modeline

KINDS = {kind.name: kind.folder for kind in ITEM_KINDS}


class ScaffoldError(Exception):
    """A user mistake in the `sopkit new` command line."""


def scaffold(kind: str, item_id: str, sops: Path, department: str, top_role: str | None) -> Path:
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind `{kind}`: use one of {', '.join(KINDS)}")
    problem = check_id(item_id)
    if problem:
        raise ScaffoldError(problem)
    target = sops / KINDS[kind] / f"{item_id}.yaml"
    existing = [p for p in (target, target.with_suffix(".yml")) if p.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists: pick another id or edit that file")
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR / "scaffold"),
                      undefined=StrictUndefined, keep_trailing_newline=True)
    text = env.get_template(f"{kind}.yaml.j2").render(
        id=item_id, modeline=modeline(kind, from_root=False), department=department,
        top_role=top_role)
    return write_text_atomic(target, text)

"""The Jinja environment for document templates: autoescaped, strict, with label lookup.

Content is data: it only ever reaches templates as values, which autoescaping turns into
text, so a duty containing `{{ }}` or `<script>` prints literally.
"""
from __future__ import annotations

import datetime as dt
import re

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..i18n import Labels
from ..linker import LinkedKB
from ..model import DutyGroup
from ..paths import TEMPLATES_DIR
from ..raci import LETTERS


def document_environment(linked: LinkedKB, extra_template_dirs=()) -> Environment:
    search_path = [*extra_template_dirs, TEMPLATES_DIR / "documents"]
    env = Environment(loader=FileSystemLoader(search_path),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    t = Labels(linked.org.locale if linked.org else None)
    env.globals.update(t=t, linked=linked, kb=linked.kb, org=linked.org, RACI=LETTERS)
    env.filters.update(
        actor=linked.actor_name,
        date=_date,
        period=lambda value: t(f"period_{value}") if value else "",
        status=lambda value: t(f"status_{value}"),
        anchor=lambda item: f"{item.KIND.split()[0]}-{item.id}",
        duty_blocks=duty_blocks,
        paragraphs=paragraphs,
        ordered=lambda items: sorted(items, key=lambda i: (linked.doc(i).number, i.id)),
    )
    return env


def duty_blocks(duties) -> list[tuple[str | None, list[str]]]:
    """Duties as (group title or None, items): consecutive loose duties share one list."""
    blocks: list[tuple[str | None, list[str]]] = []
    for duty in duties:
        if isinstance(duty, DutyGroup):
            blocks.append((duty.group, list(duty.items)))
        elif blocks and blocks[-1][0] is None:
            blocks[-1][1].append(duty)
        else:
            blocks.append((None, [duty]))
    return blocks


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs. A line break inside one is only where the writer's
    editor wrapped: joined with nothing between Chinese characters, a space otherwise."""
    result = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        joined = lines[0]
        for line in lines[1:]:
            cjk_seam = _CJK.match(joined[-1]) and _CJK.match(line[0])
            joined += line if cjk_seam else " " + line
        result.append(joined)
    return result


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""

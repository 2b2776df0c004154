"""The Jinja environment for document templates: autoescaped, strict, with label lookup.

Content is data: it only ever reaches templates as values, which autoescaping turns into
text, so a duty containing `{{ }}` or `<script>` prints literally.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from .. import store
from ..buildcache import fingerprint
from ..diagrams.catalog import Figure, diagrams, printed_figures
from ..kinds import kind_of
from ..linker import LinkedKB
from ..model import DutyGroup
from ..paths import TEMPLATES_DIR
from ..raci import LETTERS
from ..views import template_globals
from ..views.training import hours_text
from .columns import name_column_percent
from .numbering import numbering_globals


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for every document environment of this process.
    Each model (a build's, each custom job description's) gets its own environment, and
    compiling the role template and its macros again cost ~0.5 s of CPU per environment.
    Jinja names an entry by the template's file and checks it against the source's
    checksum, so an edited template is compiled again. Only environments made with the
    same settings (below) may share it: the compiled code depends on them."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def document_environment(linked: LinkedKB, extra_template_dirs=()) -> Environment:
    search_path = [*extra_template_dirs, TEMPLATES_DIR / "documents"]
    env = Environment(loader=FileSystemLoader(search_path),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, bytecode_cache=_compiled_templates())
    t = linked.labels
    env.globals.update(t=t.markup, linked=linked, kb=linked.kb, org=linked.org, RACI=LETTERS,
                       xrefs=frozenset(), chart_figures=_chart_figures(linked),
                       name_column_percent=name_column_percent,
                       **template_globals(linked), **numbering_globals(t))
    env.filters.update(
        actor=linked.actor_name,
        xref=_cross_reference(linked),
        date=_date,
        period=lambda value: t(f"period_{value}") if value else "",
        status=lambda value: t(f"status_{value}"),
        anchor=item_anchor,
        duty_blocks=duty_blocks,
        paragraphs=paragraphs,
        hours=hours_text,
        ordered=linked.in_order,
    )
    return env


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """A cache that cannot be written (deleted, full disk) only costs compiling again."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> BytecodeCache | None:
    """Compiled document templates kept in the build cache: compiling them takes longer
    than a rebuild from the cache otherwise spends. Jinja checks each template's source;
    the folder is per sopkit fingerprint (the environment's options and Jinja's version).
    Without a build cache (--no-cache, an unwritable folder) they are shared in memory."""
    if not store.enabled():
        return _COMPILED
    try:
        folder = store.store_root() / "jinja" / fingerprint()[:32]
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return _COMPILED
    return _QuietBytecodeCache(str(folder))
def template_state() -> tuple:
    """The document templates' names, sizes and modification times: what a result rendered
    from them is still valid for."""
    folder = TEMPLATES_DIR / "documents"
    return (str(folder), *((path.name, info.st_size, info.st_mtime_ns)
                           for path in sorted(folder.iterdir()) for info in (path.stat(),)))


def _chart_figures(linked: LinkedKB):
    """The figures printed for a chart path (the chart, or a long flow's parts), worked out
    on first use: charts are laid out once per environment, not once per document."""
    figures: dict[str, list[Figure]] = {}

    def chart_figures(path: str) -> list[Figure]:
        if not figures:
            figures.update(printed_figures(diagrams(linked)))
        return figures.get(path) or [Figure(f"diagrams/{path}.svg", False, 1, 1)]
    return chart_figures


def item_anchor(item) -> str:
    return f"{kind_of(item).name}-{item.id}"


def _cross_reference(linked: LinkedKB):
    """A role, workflow, plan or policy (or an actor id) by name, as a link to its section
    when the document being rendered has it (``xrefs``: the anchors it shows)."""
    @pass_context
    def xref(context, target):
        item = linked.kb.roles.get(target) if isinstance(target, str) else target
        name = item.title if item is not None else linked.actor_name(target)
        anchor = item_anchor(item) if item is not None else None
        if anchor in context.get("xrefs", ()):
            return Markup('<a href="#{}">{}</a>').format(anchor, name)
        return escape(name)
    return xref


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

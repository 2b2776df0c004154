"""The Jinja environment of portal templates: Markdown out, every value made inert.

Templates write Markdown and HTML syntax; values from content only ever arrive through
``{{ }}``, where :func:`markup.inert` neutralises them. Links are computed here, relative to
the page being rendered, so MkDocs can check and rewrite them.
"""
from __future__ import annotations

import datetime as dt
import re

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)
from markupsafe import Markup

from ..documents.environment import duty_blocks, paragraphs
from ..linker import LinkedKB
from ..paths import TEMPLATES_DIR
from ..raci import LETTERS
from ..views import template_globals
from ..views.training import hours_text
from . import views
from .downloads import Downloads
from .markup import inert, json_for_script
from .urls import (
    actor_uri,
    department_anchor,
    diagram_uri,
    document_stem,
    draft_uri,
    page_uri,
)


@pass_context
def href(context, target: str) -> Markup:
    """``target`` (a path from the site's root) relative to the page being rendered. MkDocs
    checks every such link and turns `.md` into the page's URL."""
    return Markup("../" * context["here"].count("/") + target)


_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def anchor_id(value: str) -> Markup:
    """An item or step id as part of an anchor: ids are checked by the loader, and checked
    again here because this value is placed in markup unescaped."""
    if not _ID.match(str(value)):
        raise ValueError(f"`{value}` is not an id")
    return Markup(value)


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates in the user's temp folder spare each build compiling them; Jinja
    refuses a folder it cannot trust, and then templates are simply compiled again."""
    try:
        return FileSystemBytecodeCache()
    except (RuntimeError, OSError):
        return None


def portal_environment(linked: LinkedKB, downloads: Downloads) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR / "portal"), autoescape=True,
                      bytecode_cache=bytecode_cache(),
                      finalize=inert, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    t = linked.labels
    env.globals.update(
        t=t, linked=linked, kb=linked.kb, org=linked.org, RACI=LETTERS, views=views,
        href=href, page_uri=page_uri, draft_uri=draft_uri,
        actor_uri=lambda actor: actor_uri(linked, actor),
        diagram_uri=diagram_uri, downloads=lambda item: downloads.for_document(
            document_stem(item)), handbook_downloads=lambda: downloads.for_document("handbook"),
        registers=lambda: _registers(linked, downloads),
        doc=linked.doc, control=lambda item: views.item_control(linked, item),
        department_anchor=department_anchor, **_lookups(linked), **template_globals(linked),
    )
    env.filters.update(
        actor=linked.actor_name,
        date=lambda value: value.isoformat() if isinstance(value, dt.date) else "",
        period=lambda value: t(f"period_{value}") if value else "",
        status=lambda value: t(f"status_{value}"),
        field_type=lambda value: t(f"portal_type_{value or 'text'}"),
        duty_blocks=duty_blocks,
        paragraphs=paragraphs,
        json_script=json_for_script,
        percent=lambda value: Markup(int(value)),
        hours=hours_text,
        id=anchor_id,
        inline_list=lambda values: inert(t("list_separator")).join(map(inert, values)),
    )
    return env


REGISTER_FILES = ("register_roles_file", "register_raci_file", "register_training_file",
                  "register_documents_file")  # the catalog keys the registers are named by


def _registers(linked: LinkedKB, downloads: Downloads) -> list[tuple[str, str]]:
    """(title, site path) of each Excel register that was built, in the catalog's order."""
    found = ((linked.labels(key), downloads.register(linked.labels(key)))
             for key in REGISTER_FILES)
    return [(title, path) for title, path in found if path]


def _lookups(linked: LinkedKB) -> dict:
    """Ids to items, for templates: references in content may name items of several kinds."""
    kb = linked.kb

    return {
        "roles_of": lambda ids: [kb.roles[i] for i in ids if i in kb.roles],
    }

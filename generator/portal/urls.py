"""Where each thing lives in the site. Ids are stable and match ``[a-z0-9-]``, so paths built
from them are safe in links without escaping."""
from __future__ import annotations

from ..diagrams.catalog import org_path, workflow_path
from ..kinds import kind_of
from ..linker import LinkedKB
from ..model import Item

HOME = "index.md"
ORGANIZATION = "org.md"
ARCHIVE = "archive.md"  # the 作废文件 register
REGISTER = "register.md"  # the document register (sopkit status)


def folder(item: Item) -> str:
    return kind_of(item).folder


def page_uri(item: Item) -> str:
    return f"{folder(item)}/{item.id}.md"


def draft_uri(item: Item) -> str:
    """The page of an item's draft while its last approved revision is published (a
    folder of its own: no item id can collide with it)."""
    return f"drafts/{folder(item)}/{item.id}.md"


def index_uri(kind_folder: str) -> str:
    return f"{kind_folder}/index.md"


def document_stem(item: Item) -> str:
    """The path, without suffix, of the item's Word and PDF documents in the build output."""
    return f"{folder(item)}/{item.id}"


def department_anchor(department_id: str) -> str:
    return f"{ORGANIZATION}#dept-{department_id}"


def actor_uri(linked: LinkedKB, actor_id: str) -> str | None:
    """A step's executor may be a role (its page), a department (its part of the org page) or
    an actor of org.yaml (the org page's list of them)."""
    if actor_id in linked.kb.roles:
        return page_uri(linked.kb.roles[actor_id])
    if actor_id in linked.departments:
        return department_anchor(actor_id)
    if actor_id in linked.actors:
        return f"{ORGANIZATION}#actors"
    return None


def diagram_uri(path: str) -> str:
    """``path`` as the diagrams catalog names it: "org", "workflows/<id>"."""
    return f"diagrams/{path}.svg"


__all__ = ["org_path", "workflow_path", "page_uri", "index_uri", "document_stem",
           "department_anchor", "actor_uri", "diagram_uri", "HOME", "ORGANIZATION"]

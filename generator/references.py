"""Resolve every reference in the model, generically, from the fields' ``ref`` metadata.

One walk finds every id a field points at; a table says which namespace each kind of
reference may name. A new reference field in the model is checked without new code here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .diagnostics import Diagnostics, Loc
from .fields import Text, field_infos
from .kinds import KINDS
from .model import Actor, Department, Item, KnowledgeBase, Node, Role
from .suggest import did_you_mean_id

# What each `ref` kind may name, and how a message describes it.
EXPECTED = {
    "role": ("a role id", ("roles",)),
    "department": ("a department id", ("departments",)),
    "actor": ("a role, department or actor id", ("roles", "departments", "actors")),
    "form": ("a form id", ("forms",)),
    "approval": ("an approval matrix id (a file in approvals/)", ("approvals",)),
    "material": ("a workflow, policy or form id", ("workflows", "policies", "forms")),
    "audience": ("`all`, a role id or a department id", ("all", "roles", "departments")),
}

# Namespace name ("roles", "departments", "all", ...) -> the ids in it -> what they name.
Namespaces = Mapping[str, Mapping[str, object]]


@dataclass(frozen=True, slots=True)
class Reference:
    owner: Item | None   # the item whose file holds the reference (None for org.yaml)
    node: Node           # the object holding the field
    key: str
    kind: str
    target: Text


def iter_references(node: Node, owner: Item | None) -> Iterator[Reference]:
    # Typed as plain `type`: mypy wrongly finds type[Node] unhashable for field_infos' cache.
    node_type: type = type(node)
    for info in field_infos(node_type):
        value = getattr(node, info.name)
        if info.meta["ref"]:
            values = value if isinstance(value, tuple) else (value,)
            for target in values:
                if isinstance(target, Text):
                    yield Reference(owner, node, info.key, info.meta["ref"], target)
            continue
        yield from _children(value, owner)


def _children(value, owner: Item | None) -> Iterator[Reference]:
    values = value if isinstance(value, tuple) else (value,)
    for child in values:
        if isinstance(child, Node):
            yield from iter_references(child, owner)


def all_references(kb: KnowledgeBase) -> Iterator[Reference]:
    if kb.org is not None:
        yield from iter_references(kb.org, None)
    for item in kb.items():
        yield from iter_references(item, item)


def namespaces(kb: KnowledgeBase) -> Namespaces:
    departments: dict[str, Department] = {
        d.id: d for d in (kb.org.departments if kb.org else ()) if d.id}
    actors: dict[str, Actor] = {a.id: a for a in (kb.org.actors if kb.org else ()) if a.id}
    items = {kind.folder: kb.of(kind.folder) for kind in KINDS}
    return {**items, "departments": departments, "actors": actors, "all": {"all": None}}


def resolve_target(spaces: Namespaces, ref: Reference) -> object:
    """The object a reference names (None for `all`), or raise KeyError."""
    for space in EXPECTED[ref.kind][1]:
        if ref.target in spaces[space]:
            return spaces[space][ref.target]
    raise KeyError(ref.target)


def check_references(kb: KnowledgeBase, diags: Diagnostics,
                     is_retired: Callable[[Item], bool],
                     is_draft: Callable[[Item], bool] | None = None) -> None:
    """Report dangling references; warn when a reference leads to a retired item, or from
    a published item to one still in draft or review (ISO 9001 §7.5: only approved
    documents in use). A role named as an actor (reports to, RACI, audience) is the post,
    not its job description, so a draft job description raises no warning there."""
    spaces = namespaces(kb)
    skipped: dict[str, list[Reference]] = {}  # unread file → the references to its item
    for ref in all_references(kb):
        try:
            target = resolve_target(spaces, ref)
        except KeyError:
            if kb.org is None and "departments" in EXPECTED[ref.kind][1]:
                continue  # org.yaml is missing or unreadable (reported): departments unknown
            unread = _unread_file(kb, ref)
            if unread is not None:
                skipped.setdefault(unread, []).append(ref)
                continue
            _report_dangling(spaces, kb, ref, diags)
            continue
        if isinstance(target, Item) and is_retired(target) and not (
                ref.owner is not None and is_retired(ref.owner)):
            diags.warning(ref.target.loc, f"`{ref.key}` refers to retired {target.KIND} "
                          f"`{target.id}`: point it at the replacement, or retire this item too",
                          "retired-reference")
        elif (isinstance(target, Item) and not isinstance(target, Role)
              and is_draft is not None and is_draft(target)
              and ref.owner is not None and not is_draft(ref.owner)
              and not is_retired(ref.owner)):
            diags.warning(ref.target.loc, f"`{ref.key}` refers to {target.KIND} `{target.id}`, "
                          f"which is not approved yet: approve it before "
                          f"{ref.owner.KIND} `{ref.owner.id}` is published, or refer to "
                          f"something approved", "draft-reference")
    _note_skipped(skipped, diags)


def _unread_file(kb: KnowledgeBase, ref: Reference) -> str | None:
    """The file that would define the reference's target but could not be read, if any:
    one syntax error must not turn every mention of its item into a false error."""
    for space in EXPECTED[ref.kind][1]:
        path = kb.unread.get(space, {}).get(ref.target)
        if path is not None:
            return path
    return None


def _note_skipped(skipped: dict[str, list[Reference]], diags: Diagnostics) -> None:
    for path, refs in skipped.items():
        files = {ref.target.loc.path for ref in refs}
        diags.warning(Loc(path, 1, 1), f"{len(refs)} reference{'s' if len(refs) != 1 else ''} "
                      f"to `{refs[0].target}` in {len(files)} other "
                      f"file{'s' if len(files) != 1 else ''} not checked: this file has an error "
                      "that stops it from loading; fix it and run `sopkit check` again",
                      "references-skipped")


def _report_dangling(spaces: Namespaces, kb: KnowledgeBase, ref: Reference,
                     diags: Diagnostics) -> None:
    description, space_names = EXPECTED[ref.kind]
    # by id or by title; ids of files that failed to load are often what was meant too
    candidates = {key: _title(target) for name in space_names
                  for key, target in spaces[name].items()}
    for name in space_names:
        for key in kb.unread.get(name, {}):
            candidates.setdefault(key, "")
    diags.error(ref.target.loc, f"`{ref.key}` names `{ref.target}`, which is not "
                f"{description}{did_you_mean_id(ref.target, candidates)}", "dangling-ref")


def _title(target: object) -> str:
    """What people call a role or department (its title, its name), to match by."""
    if isinstance(target, Department):
        return str(target.name or "")
    return str(getattr(target, "title", "") or "")

"""Load a ``sops/`` directory into a :class:`KnowledgeBase`, reporting every problem found.

Files are read in sorted order so that messages and outputs never depend on the order the
file system happens to list them in.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from .contentfiles import (
    YAML_SUFFIXES,
    content_folder,
    folder_entries,
    is_folder,
    is_present,
    readable_file,
    yaml_files,
)
from .convert import convert
from .diagnostics import Diagnostics, Loc, relative_path
from .fields import Text, check_id
from .kinds import BY_FOLDER, KINDS
from .model import Item, KnowledgeBase, Org
from .overlays.model import Overlay
from .theme import THEME_FOLDER, find_theme
from .yamlsource import YMap, YSeq, parse_yaml_bytes, read_yaml

OVERLAY_FOLDER = "custom"  # sops/custom/<id>.yaml: overlays, read like items
# Folders under sops/ that hold something other than format-v1 items.
OTHER_FOLDERS = {"assets", OVERLAY_FOLDER, ".schema", THEME_FOLDER}


def load(root: Path, diags: Diagnostics) -> KnowledgeBase:
    shown_root = relative_path(root)
    if not is_folder(root):
        diags.error(Loc(shown_root), f"knowledge base folder `{shown_root}` not found: "
                    "pass --sops DIR or run sopkit where `sops/` is", "missing-folder")
        return _empty(shown_root)
    files = 0
    org = _load_org(root, diags)
    files += org is not None
    groups = {}
    unread: dict[str, MappingProxyType[str, str]] = {}
    for kind in KINDS:
        failed: dict[str, str] = {}
        items, count = _load_folder(root / kind.folder, kind.model, diags, failed)
        groups[kind.folder] = MappingProxyType(items)
        unread[kind.folder] = MappingProxyType(failed)
        files += count
    overlays, count = _load_folder(root / OVERLAY_FOLDER, Overlay, diags, {})
    files += count
    _warn_stray_files(root, diags)
    return KnowledgeBase(root=shown_root, org=org, groups=MappingProxyType(groups),
                         files=files, overlays=MappingProxyType(overlays),
                         unread=MappingProxyType(unread), theme=find_theme(root))


def load_overlay_file(path: Path, diags: Diagnostics) -> Overlay | None:
    """One overlay kept outside `sops/custom/` (`sopkit jd --overlay FILE`), read and
    checked exactly like the ones in the folder; None after reporting its problems."""
    if not path.is_file():
        diags.error(Loc(relative_path(path)), "overlay file not found", "io")
        return None
    return _load_item(path, Overlay, diags)


def load_item_bytes(raw: bytes, cls: type[Item], item_id: str, shown: str,
                    diags: Diagnostics) -> Item | None:
    """One item from bytes read elsewhere (an old revision of its file from git), checked
    like a file of its folder; ``shown`` names it in messages and locations."""
    node = parse_yaml_bytes(raw, shown, diags)
    if node is None or not _is_mapping(node, diags):
        return None
    item = convert(cls, node, diags)
    if item is None or (item.id is not None and item.id != item_id):
        return None
    return dataclasses.replace(item, id=Text(item_id, Loc(shown, 1, 1)), source=shown)


def _empty(shown_root: str) -> KnowledgeBase:
    return KnowledgeBase(shown_root, None, MappingProxyType({}))


def _load_org(root: Path, diags: Diagnostics) -> Org | None:
    candidates = [root / f"org{suffix}" for suffix in YAML_SUFFIXES]
    present = [p for p in candidates if is_present(p)]
    if not present:
        diags.error(Loc(relative_path(candidates[0])),
                    "org.yaml is missing: every knowledge base needs one with the "
                    "organization's name and departments (see the format spec)", "missing-org")
        return None
    if len(present) > 1:
        diags.error(Loc(relative_path(present[1]), 1, 1), "both org.yaml and org.yml exist: "
                    "keep one", "duplicate-id")
    if not readable_file(present[0], diags):
        return None
    shown = relative_path(present[0])
    node = read_yaml(present[0], shown, diags)
    if node is None or not _is_mapping(node, diags):
        return None
    org = convert(Org, node, diags)
    return dataclasses.replace(org, source=shown) if org else None


def _is_mapping(node, diags: Diagnostics) -> bool:
    if isinstance(node, YSeq):
        diags.error(node.loc, "the file's top level is a list: an item is written as "
                    "`key: value` lines (e.g. `title: …`), not `- …`", "top-level-list")
        return False
    if not isinstance(node, YMap):
        diags.error(node.loc, "the file's top level is a single value: an item is written "
                    "as `key: value` lines (e.g. `title: …`)", "type")
        return False
    return True


Loadable = Item | Overlay  # what a folder of sops/ holds, one per file
LoadableT = TypeVar("LoadableT", Item, Overlay)


def _load_folder(folder: Path, cls: type[LoadableT], diags: Diagnostics,
                 failed: dict[str, str]) -> tuple[dict[str, LoadableT], int]:
    """The folder's items by id, and how many files it has; ``failed`` gets the id and
    shown path of each file that could not be loaded (its problems are reported)."""
    items: dict[str, LoadableT] = {}
    count = 0
    if not content_folder(folder, diags):
        return items, count
    for path in yaml_files(folder, diags):
        count += 1
        item = _load_item(path, cls, diags)
        if item is None:
            if check_id(path.stem) is None:
                failed[path.stem] = relative_path(path)
            continue
        previous = items.get(item.id)
        if previous is not None:
            where = item.locs.get("id", Loc(item.source, 1, 1))
            diags.error(where, f"{cls.KIND} id `{item.id}` is defined twice: in "
                        f"{previous.source} and {item.source}; rename or delete one",
                        "duplicate-id")
            continue
        items[item.id] = item
    return items, count


def _load_item(path: Path, cls: type[LoadableT], diags: Diagnostics) -> LoadableT | None:
    shown = relative_path(path)
    stem_problem = check_id(path.stem)
    if stem_problem:
        diags.error(Loc(shown, 1, 1), f"file name: {stem_problem}; the file name is the item's id",
                    "bad-id")
        return None
    node = read_yaml(path, shown, diags)
    if node is None or not _is_mapping(node, diags):
        return None
    item = convert(cls, node, diags)
    if item is None:
        return None
    if item.id is not None and item.id != path.stem:
        diags.error(item.id.loc, f"id `{item.id}` does not match the file name `{path.name}`: "
                    f"an item's id is its file name; rename the file or remove the `id:` line",
                    "id-mismatch")
    return dataclasses.replace(item, id=Text(path.stem, Loc(shown, 1, 1)), source=shown)


def _warn_stray_files(root: Path, diags: Diagnostics) -> None:
    known = set(BY_FOLDER) | OTHER_FOLDERS
    folders = ", ".join(BY_FOLDER)
    for path in folder_entries(root, diags):
        if is_folder(path) and path.name not in known and not path.name.startswith("."):
            hint = [k for k in BY_FOLDER if k.rstrip("s") == path.name.rstrip("s")]
            diags.warning(Loc(relative_path(path)), f"folder `{path.name}` is not read"
                          + (f"; did you mean `{hint[0]}`?" if hint else
                             f"; items go in {folders}"), "unexpected-file")
        elif path.suffix in YAML_SUFFIXES and path.stem != "org":
            diags.warning(Loc(relative_path(path)), f"`{path.name}` is not read: items "
                          f"go in a folder ({folders})", "unexpected-file")

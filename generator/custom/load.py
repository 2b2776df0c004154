"""Read overlays from `sops/custom/` (or one file named on the command line) and check them.

Overlays are read exactly like items (same file rules, same messages), using the loader's
own file helpers, so an overlay file behaves like every other content file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from .. import loader
from ..diagnostics import Diagnostics, Loc, relative_path
from ..linker import LinkedKB
from .apply import apply_overlay, base_role
from .overlay import Overlay
from .placeholders import variable_values

FOLDER = "custom"


def load_overlays(root: Path, diags: Diagnostics) -> tuple[dict[str, Overlay], int]:
    """Every overlay in ``root/custom`` by id, and how many files were read."""
    return loader._load_folder(root / FOLDER, Overlay, diags)


def load_overlay_file(path: Path, diags: Diagnostics) -> Overlay | None:
    if not path.is_file():
        diags.error(Loc(relative_path(path)), "overlay file not found", "io")
        return None
    return loader._load_item(path, Overlay, diags)


def check_overlays(root: Path, linked: LinkedKB, diags: Diagnostics) -> int:
    """Check every overlay in ``root/custom`` against the linked knowledge base; returns
    the number of overlay files, for the "N files checked" line."""
    overlays, count = load_overlays(root, diags)
    for overlay in overlays.values():
        check_overlay(overlay, linked.kb.roles, diags)
    return count


def check_overlay(overlay: Overlay, roles: Mapping, diags: Diagnostics,
                  overrides: Mapping[str, str] | None = None) -> None:
    if overlay.id in roles:
        diags.error(Loc(overlay.source), f"overlay id `{overlay.id}` is also a role id "
                    f"({roles[overlay.id].source}): name the file after the variant, e.g. "
                    f"`{overlay.extends or overlay.id}-shanghai.yaml`", "duplicate-id")
    base = base_role(overlay, roles, diags)
    if base is not None:
        apply_overlay(overlay, base, variable_values(overlay, overrides), diags)

"""`sopkit build`: run the renderers into a staging folder, then swap it in as `dist/`.

A failed or interrupted build removes its staging folder and leaves the previous output
untouched. With ``--only``, the staging folder starts as a copy of the previous output so
that the other formats are kept.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .linker import LinkedKB
from .outputs import umask
from .renderers import Renderer, registry

T = TypeVar("T")


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may use besides the model: where to write, and how to show progress."""

    out: Path
    sops_root: Path
    progress: Callable[..., Iterable[T]] = field(default=lambda items, _label, total=None: items)
    options: dict = field(default_factory=dict)


class UnknownRenderer(Exception):
    pass


def select(only: str | None) -> list[Renderer]:
    available = registry()
    if not only:
        return list(available.values())
    chosen = []
    for name in (n.strip() for n in only.split(",") if n.strip()):
        if name not in available:
            raise UnknownRenderer(f"unknown output format `{name}`; available: "
                                  f"{', '.join(available)}")
        chosen.append(available[name])
    return chosen


def build(linked: LinkedKB, out: Path, renderers: list[Renderer], sops_root: Path,
          progress=None, keep_others: bool = False, options: dict | None = None) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    # mkdtemp makes a private folder; dist/ is shared (intranet, file share), so use the umask.
    staging.chmod(0o777 & ~umask())
    try:
        if keep_others and out.is_dir():
            shutil.copytree(out, staging, dirs_exist_ok=True)
        context = RenderContext(staging, sops_root,
                                progress or (lambda items, _label, total=None: items),
                                options or {})
        for renderer in renderers:
            renderer.render(linked, context)
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, out: Path) -> None:
    """Two renames: the old output only disappears once the new one is complete."""
    retired = None
    if out.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        retired.rmdir()
        out.rename(retired)
    staging.rename(out)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)

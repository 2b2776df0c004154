"""Renderers: one small module per output format, registered by name.

A renderer is a module named ``<name>_renderer.py`` in this package (found automatically)
or any object registered in the ``sopkit.renderers`` entry-point group, with ``NAME``,
``DESCRIPTION`` and ``render(linked, context)``. Renderers read only the linked model,
never YAML. ``ORDER`` (default 50) sets the run order: formats that embed others' files
(the portal links to PDFs) run later. ``NEEDS`` (optional) names the renderers whose files
it embeds: `sopkit build --only` runs those too.
"""
from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points
from typing import Protocol


class Renderer(Protocol):
    NAME: str
    DESCRIPTION: str

    def render(self, linked, context) -> None: ...


def registry() -> dict[str, Renderer]:
    found: dict[str, Renderer] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.endswith("_renderer"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            found[module.NAME] = module
    for entry in entry_points(group="sopkit.renderers"):
        found.setdefault(entry.name, entry.load())
    ordered = sorted(found.items(), key=lambda item: (getattr(item[1], "ORDER", 50), item[0]))
    return dict(ordered)

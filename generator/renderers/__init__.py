"""Renderers: one small module per output format, registered by name.

A renderer is any object with ``NAME``, ``DESCRIPTION`` and ``render(linked, context)``.
Built-in ones are listed here; other packages add theirs through the ``sopkit.renderers``
entry-point group. Renderers read only the linked model, never YAML.
"""
from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Protocol

BUILTIN = ("json", "diagrams")


class Renderer(Protocol):
    NAME: str
    DESCRIPTION: str

    def render(self, linked, context) -> None: ...


def registry() -> dict[str, Renderer]:
    found: dict[str, Renderer] = {}
    for name in BUILTIN:
        module = importlib.import_module(f"{__name__}.{name}_renderer")
        found[module.NAME] = module
    for entry in entry_points(group="sopkit.renderers"):
        found.setdefault(entry.name, entry.load())
    return found

"""Renderers: one small module per output format, registered by name.

A renderer is a module named ``<name>_renderer.py`` in this package (found automatically)
or any object registered in the ``sopkit.renderers`` entry-point group, with ``NAME``,
``DESCRIPTION`` and ``render(linked, context)``. Renderers read only the linked model,
never YAML. ``ORDER`` (default 50) sets the run order: formats that embed others' files
(the portal links to PDFs) run later. ``NEEDS`` (optional) names the renderers whose files
it embeds: `sopkit build --only` runs those too.

A module's ``NAME`` and ``ORDER`` are read from its source (``entries``), so that naming
the formats and `--only site` import only the renderers that run: the Word, form and PDF
renderers import python-docx, pypdf and fontTools, about 0.3 s of CPU a build that makes
none of them paid for nothing.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

DEFAULT_ORDER = 50


class Renderer(Protocol):
    NAME: str
    DESCRIPTION: str

    def render(self, linked, context) -> None: ...


@dataclass(frozen=True)
class Entry:
    name: str
    order: int
    load: Callable[[], Renderer]


def entries() -> list[Entry]:
    """Every renderer, in run order, none of this package's imported."""
    found: dict[str, Entry] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.endswith("_renderer"):
            entry = _module_entry(f"{__name__}.{info.name}",
                                  Path(__path__[0]) / f"{info.name}.py")
            found[entry.name] = entry
    for point in entry_points(group="sopkit.renderers"):
        if point.name not in found:
            renderer = point.load()
            found[point.name] = Entry(point.name, getattr(renderer, "ORDER", DEFAULT_ORDER),
                                      _loaded(renderer))
    return sorted(found.values(), key=lambda entry: (entry.order, entry.name))


class Registry(Mapping[str, Renderer]):
    """Every renderer by name, in run order; each imported when it is first looked up."""

    def __init__(self, found: list[Entry]) -> None:
        self._entries = {entry.name: entry for entry in found}
        self._loaded: dict[str, Renderer] = {}

    def __getitem__(self, name: str) -> Renderer:
        if name not in self._loaded:
            self._loaded[name] = self._entries[name].load()
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def registry() -> Registry:
    return Registry(entries())


def _loaded(renderer: Renderer) -> Callable[[], Renderer]:
    return lambda: renderer


def _module_entry(module: str, source: Path) -> Entry:
    def load() -> Renderer:
        return importlib.import_module(module)

    constants = _constants(source)
    name, order = constants.get("NAME"), constants.get("ORDER", DEFAULT_ORDER)
    if isinstance(name, str) and isinstance(order, int):
        return Entry(name, order, load)
    renderer = load()  # not literals: ask the module itself
    return Entry(renderer.NAME, getattr(renderer, "ORDER", DEFAULT_ORDER), load)


def _constants(source: Path) -> dict[str, object]:
    """The module's top-level ``NAME = "…"`` and ``ORDER = n``; {} if it cannot be read."""
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return {}
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in ("NAME", "ORDER"):
                    found[target.id] = node.value.value
    return found

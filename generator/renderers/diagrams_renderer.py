"""`dist/diagrams/`: org charts and swimlane workflow charts as SVG and print-resolution PNG."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..diagrams.catalog import Diagram, diagrams
from ..diagrams.render import prepare, svg_to_png
from ..linker import LinkedKB
from ..logo import logo_bytes, logo_dist_path
from ..outputs import write_atomic

NAME = "diagrams"
ORDER = 20
DESCRIPTION = ("org charts and workflow charts in dist/diagrams (SVG and PNG), and the "
               "logo in dist/assets")


def _write(diagram: Diagram, folder) -> None:
    write_atomic(folder / f"{diagram.path}.svg", diagram.svg())
    write_atomic(folder / f"{diagram.path}.png", diagram.png())


def _write_logo(linked: LinkedKB, out) -> None:
    """The logo where documents show it; an SVG one with a PNG twin for Word."""
    logo = logo_bytes(linked.kb)
    if logo is None:
        return
    kind, data = logo
    path = out / logo_dist_path(kind)
    write_atomic(path, data)
    if kind == "svg":
        write_atomic(path.with_suffix(".png"), svg_to_png(data))


def render(linked: LinkedKB, context) -> None:
    _write_logo(linked, context.out)
    folder = context.out / "diagrams"
    todo = diagrams(linked)
    prepare([d.dot for d in todo], context.workers(len(todo)))  # Graphviz: a process per core
    # `dot` runs as a subprocess, so threads use the cores without pickling anything.
    with ThreadPoolExecutor(max_workers=context.workers(len(todo))) as pool:
        for _ in context.progress(pool.map(lambda d: _write(d, folder), todo), "diagrams",
                                  len(todo)):
            pass

"""`dist/diagrams/`: org charts and swimlane workflow charts as SVG and print-resolution PNG."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..diagrams.catalog import Diagram, diagrams
from ..diagrams.render import prepare
from ..linker import LinkedKB
from ..outputs import write_atomic

NAME = "diagrams"
ORDER = 20
DESCRIPTION = "org charts and workflow charts in dist/diagrams (SVG and PNG)"


def _write(diagram: Diagram, folder) -> None:
    write_atomic(folder / f"{diagram.path}.svg", diagram.svg())
    write_atomic(folder / f"{diagram.path}.png", diagram.png())


def render(linked: LinkedKB, context) -> None:
    folder = context.out / "diagrams"
    todo = diagrams(linked)
    prepare([d.dot for d in todo], context.workers(len(todo)))  # Graphviz: a process per core
    # `dot` runs as a subprocess, so threads use the cores without pickling anything.
    with ThreadPoolExecutor(max_workers=context.workers(len(todo))) as pool:
        for _ in context.progress(pool.map(lambda d: _write(d, folder), todo), "diagrams",
                                  len(todo)):
            pass

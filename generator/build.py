"""`sopkit build`: run the renderers into a staging folder, then swap it in as `dist/`.

A failed or interrupted build removes its staging folder and leaves the previous output
untouched (``output_dir.staged``). With ``--only``, the staging folder starts as a copy of
the previous output so that the other formats are kept.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .buildcache import Tally
from .jobs import machine_cores, workers_for
from .output_dir import OutputTarget, only_named, staged
from .renderers import Renderer, registry

if TYPE_CHECKING:  # the model is handed in: a build that is up to date never loads it
    from .linker import LinkedKB

T = TypeVar("T")

# What sopkit 0.1 wrote at the top of dist/, before output folders carried a marker; a
# folder is taken for such a dist/ only with one of the telltales, which no other program
# writes in that combination (a folder holding just `forms/` could be anybody's).
LEGACY_OUTPUTS = {"sops.json", "handbook.pdf", "handbook.docx", "diagrams", "roles",
                  "workflows", "policies", "training", "forms", "site"}
LEGACY_TELLTALES = {"sops.json", "handbook.pdf", "handbook.docx", "site"}


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may use besides the model: where to write, and how to show progress."""

    out: Path
    sops_root: Path
    progress: Callable[..., Iterable[T]] = field(default=lambda items, _label, total=None: items)
    options: dict = field(default_factory=dict)
    jobs: int = field(default_factory=machine_cores)  # `--jobs`: every pool's size
    tally: Tally = field(default_factory=Tally)  # files rebuilt and reused, per format
    unfinished: list[Unfinished] = field(default_factory=list)  # work left running (later)

    def workers(self, tasks: int) -> int:
        return workers_for(self.jobs, tasks)

    def later(self, finish: Callable[[], None], abandon: Callable[[], None],
              promised: Iterable[str] = ()) -> None:
        """Work a renderer started in worker processes and lets run while the next
        renderers work: ``finish()`` waits for it and writes its files, before the next
        renderer that may read other formats' files (any but those declaring
        ``READS_OTHER_OUTPUTS = False``) and at the latest at the end of the build;
        ``abandon()`` stops it if the build fails first. ``promised`` names the files
        (relative to ``out``) that ``finish()`` writes: a renderer that only links to or
        copies them (the portal) may start before they exist (``promised()``)."""
        self.unfinished.append(Unfinished(finish, abandon, frozenset(promised)))

    def promised(self) -> frozenset[str]:
        """The files (relative to ``out``, as posix paths) that unfinished work will
        write when it is finished (``finish_all``)."""
        return frozenset().union(*(work.promised for work in self.unfinished))

    def finish_all(self) -> None:
        while self.unfinished:
            self.unfinished.pop(0).finish()

    def abandon_all(self) -> None:
        while self.unfinished:
            self.unfinished.pop(0).abandon()


@dataclass(frozen=True)
class Unfinished:
    finish: Callable[[], None]
    abandon: Callable[[], None]
    promised: frozenset[str] = frozenset()  # the files finish() writes


def renderer_names() -> list[str]:
    """The formats `build --only` accepts, in the order they are made (none imported)."""
    return list(registry())


def select(names: Sequence[str] | None) -> list[Renderer]:
    """The renderers named (all when none) and those they declare they need (``NEEDS``:
    Word embeds the charts), in their run order: formats that embed others' files run after
    them whatever order they were named in. Only these are imported."""
    found = registry()
    wanted = set(names or found)
    todo = list(wanted)
    while todo:  # what the needed ones need in turn
        renderer = found.get(todo.pop())
        for need in getattr(renderer, "NEEDS", ()):
            if need not in wanted:
                wanted.add(need)
                todo.append(need)
    return [found[name] for name in found if name in wanted]


def build_target(out: Path, sops_root: Path) -> OutputTarget:
    """The rules for `build --out`, for checking it before the (slow) content check too."""
    return OutputTarget(out, sops_root, "build", legacy=_earlier_dist)


def _earlier_dist(entries: list[Path]) -> bool:
    return (only_named(LEGACY_OUTPUTS)(entries)
            and any(entry.name in LEGACY_TELLTALES for entry in entries))


def build(linked: LinkedKB, out: Path, renderers: list[Renderer], sops_root: Path,
          progress=None, keep_others: bool = False, options: dict | None = None,
          jobs: int | None = None, tally: Tally | None = None) -> None:
    with staged(build_target(out, sops_root), keep_existing=keep_others) as staging:
        context = RenderContext(staging, sops_root,
                                progress or (lambda items, _label, total=None: items),
                                options or {}, jobs or machine_cores(), tally or Tally())
        try:
            for renderer in renderers:
                if getattr(renderer, "READS_OTHER_OUTPUTS", True):
                    context.finish_all()
                renderer.render(linked, context)
            context.finish_all()
        except BaseException:
            context.abandon_all()
            raise

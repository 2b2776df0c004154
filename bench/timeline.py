"""A timeline of one `sopkit build`: when each renderer, each main-process step and each
task of a worker pool (a PDF part, a Word file, a fillable form, LibreOffice's pass) ran.

    .venv/bin/python bench/timeline.py LOG -- build --sops S --out O --cache C

runs the build in this process (the pools fork from it, so their workers log too) and
then prints every span as ``start → end  length  CPU  process  what``, seconds from this
process's start (python up and the imports included), the longest chain of work last.
Nothing of sopkit is changed on disk: functions are wrapped in memory.
"""
from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _process_start() -> float:
    """This process's start (wall clock), from /proc: the interpreter's own start-up counts."""
    ticks = os.sysconf("SC_CLK_TCK")
    started = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return time.time() - (uptime - started)


START = _process_start()
LOG: Path | None = None
_LABEL: list[str] = []  # the label the next pool submit is given (set by a wrapper)

# Main-process steps worth a span: (module, attribute[, class]).
STEPS = [
    ("generator.pipeline", "check"),
    ("generator.pdf.book", "print_documents"),
    ("generator.pdf.book", "_print_books"),
    ("generator.pdf.book", "results", "_BooksInPrint"),
    ("generator.pdf.book", "join"),
    ("generator.pdf.book", "warm"),
    ("generator.pdf.printcache", "book_key", "PrintCache"),
    ("generator.pdf.printcache", "part_key", "PrintCache"),
    ("generator.pdf.book", "plan"),
    ("generator.documents", "render_documents"),
    ("generator.pdf", "diagram_svgs"),
    ("generator.keyparts", "look_up"),
    ("generator.office", "office_for_build"),
    ("generator.docx.tocpages", "headings_with_server"),
    ("generator.docx", "html_to_docx"),
    ("generator.build", "finish_all", "RenderContext"),
    ("generator.office.client", "close", "OfficeServer"),  # LibreOffice's quit, waited for
    # the portal's steps (site_renderer.render): configuration, pages, key, MkDocs' build
    ("generator.renderers.site_renderer", "_config"),
    ("generator.portal.plugin", "prepare", "SopsPlugin"),
    ("generator.portal.sitecache", "site_key"),
    ("generator.portal.sitecache", "restore"),
    ("generator.renderers.site_renderer", "_build"),
    ("generator.portal.plugin", "on_post_build", "SopsPlugin"),
    ("generator.portal.pagecache", "serve_bodies", "PageCache"),
    ("generator.portal.pagecache", "serve_pages", "PageCache"),
    ("mkdocs.structure.files", "add_files_from_theme", "Files"),
    ("mkdocs.structure.files", "copy_static_files", "Files"),
    ("generator.portal.searchindex", "build"),
    ("generator.portal.prune", "prune"),
    ("generator.portal.sitecache", "save"),
]


def log(what: str, start: float, end: float, cpu: float | None = None) -> None:
    """``cpu``: the process's CPU seconds (user + system) during the span, when measured."""
    if LOG is None:
        return
    line = json.dumps({"what": what, "pid": os.getpid(), "start": start - START,
                       "end": end - START, "cpu": cpu}, ensure_ascii=False)
    with LOG.open("a", encoding="utf-8") as stream:  # one short append: atomic enough
        stream.write(line + "\n")


def _spanned(what: str, function):
    if getattr(function, "_timeline", False):
        return function
    if _is_generator(function):
        @functools.wraps(function)
        def generator_wrapper(*args, **kwargs):
            start, cpu = time.time(), time.process_time()
            try:
                yield from function(*args, **kwargs)
            finally:
                log(what, start, time.time(), time.process_time() - cpu)
        generator_wrapper._timeline = True  # type: ignore[attr-defined]
        return generator_wrapper

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start, cpu = time.time(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            log(what, start, time.time(), time.process_time() - cpu)
    wrapper._timeline = True  # type: ignore[attr-defined]
    return wrapper


def _is_generator(function) -> bool:
    import inspect
    return inspect.isgeneratorfunction(function)


class Timed:
    """A pool task that logs its own span in the worker (picklable: module level)."""

    def __init__(self, function, what: str):
        self.function, self.what = function, what

    def __call__(self, *args, **kwargs):
        start, cpu = time.time(), time.process_time()
        try:
            return self.function(*args, **kwargs)
        finally:
            log(self.what, start, time.time(), time.process_time() - cpu)


def _task_name(function, args) -> str:
    if _LABEL:
        return _LABEL.pop()
    name = getattr(function, "__qualname__", repr(function))
    if args and isinstance(args[0], tuple) and args[0] and isinstance(args[0][0], str):
        return f"{name} {args[0][0]}"
    return name


def _patch_pools() -> None:
    submit = ProcessPoolExecutor.submit

    def timed_submit(self, function, /, *args, **kwargs):
        return submit(self, Timed(function, _task_name(function, args)), *args, **kwargs)
    ProcessPoolExecutor.submit = timed_submit  # type: ignore[method-assign]


def _patch_printer() -> None:
    """PDF prints are named as the build's tally names them (``handbook.pdf part 2/7``)."""
    book = importlib.import_module("generator.pdf.book")
    submit = book._Printer.submit

    def named_submit(self, held, role, html, stylesheets, index=0, write=True):
        name = book._part_name(held, role, index) if role != "whole" \
            else f"{held.job.path}.pdf"
        _LABEL[:] = [name]
        try:
            return submit(self, held, role, html, stylesheets, index, write)
        finally:
            _LABEL.clear()
    book._Printer.submit = named_submit


def _patch_steps() -> None:
    for module_name, attribute, *owner in STEPS:
        module = importlib.import_module(module_name)
        holder = getattr(module, owner[0]) if owner else module
        function = getattr(holder, attribute, None)
        if function is None:   # another version of sopkit: not there
            continue
        setattr(holder, attribute, _spanned(f"{owner[0] + '.' if owner else ''}{attribute}",
                                            function))
        for other in list(sys.modules.values()):  # `from x import f` copies too
            if other is not None and getattr(other, attribute, None) is function \
                    and other.__name__.startswith("generator"):
                setattr(other, attribute, getattr(holder, attribute))


def _patch_later() -> None:
    """Each renderer's work left running (``RenderContext.later``) gets a span when it is
    finished: ``finish docx_renderer``."""
    build = importlib.import_module("generator.build")
    later = build.RenderContext.later

    def spanned_later(self, finish, abandon, promised=()):
        module = getattr(finish, "__module__", "") or ""
        return later(self, _spanned(f"finish {module.rsplit('.', 1)[-1]}", finish), abandon,
                     promised)
    build.RenderContext.later = spanned_later  # type: ignore[method-assign]


def _patch_renderers() -> None:
    renderers = importlib.import_module("generator.renderers")
    for name, module in renderers.registry().items():
        if hasattr(module, "render"):
            module.render = _spanned(f"render {name}", module.render)


def report(path: Path) -> str:
    spans = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    spans.sort(key=lambda span: (span["start"], -span["end"]))
    main = os.getpid()
    lines = []
    for span in spans:
        who = "main" if span["pid"] == main else f"w{span['pid']}"
        cpu = "" if span.get("cpu") is None else f"{span['cpu']:5.2f}"
        lines.append(f"{span['start']:7.2f} → {span['end']:7.2f} {span['end'] - span['start']:6.2f}"
                     f" {cpu:>5}  {who:>8}  {span['what']}")
    return "\n".join(lines)


def main() -> None:
    global LOG
    if len(sys.argv) < 3 or sys.argv[2] != "--":
        raise SystemExit(__doc__)
    LOG = Path(sys.argv[1]).resolve()
    LOG.unlink(missing_ok=True)
    imported = time.time()
    cli = importlib.import_module("generator.cli")
    _patch_pools()
    _patch_printer()
    _patch_renderers()
    _patch_later()
    _patch_steps()
    log("python up + imports", START, time.time(), time.process_time())
    log("  of which importing generator.cli", imported, time.time())
    sys.argv = ["sopkit", *sys.argv[3:]]
    code = 0
    try:
        cli.main()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    finally:
        log("build (whole command)", START, time.time())
        print(report(LOG), file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()

"""The import graph of generator/ keeps the layers docs/architecture.md draws.

Every module of ``generator`` belongs to one layer; a module may import its own layer and
the layers below it, never one above. Within the render layers only the linked model is
read: YAML, the loader and the pipeline are off limits there. And no two modules import each
other, directly or round a loop, counting the package ``__init__`` that importing a
submodule runs and imports made inside functions ("import late" hides a loop, it does not
remove it). Imports under ``if TYPE_CHECKING:`` never run: they are no loop, but they still
have to respect the layers.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A module's layer is its longest matching entry, so a package can put one of
# its modules elsewhere (the portal's MkDocs plugin is an entry point, the rest of the
# portal a renderer).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("generator", "generator.diagnostics", "generator.errors", "generator.suggest",
              "generator.i18n", "generator.paths", "generator.outputs", "generator.progress",
              "generator.store", "generator.buildcache", "generator.jobs", "generator.pickling", "generator.libpatch",
              "generator.output_dir", "generator.output_lock", "generator.output_swap",
              "generator.textsafety", "generator.cellends", "generator.segmenter", "generator.jiebashards",
              "generator.textdiff", "generator.office",
              "generator.gitrepo")),
    ("core", ("generator.fields", "generator.yamlsource", "generator.flowdepth",
              "generator.contentfiles", "generator.yamlcontrols", "generator.imechars",
              "generator.theme", "generator.logo",
              "generator.convert",
              "generator.model", "generator.kinds", "generator.overlays", "generator.loader",
              "generator.doccontrol", "generator.ordering", "generator.raci", "generator.flow",
              "generator.references", "generator.rules", "generator.published",
              "generator.gitpublish", "generator.publication",
              "generator.linker", "generator.approvals", "generator.stepcontent",
              "generator.pipeline", "generator.schema", "generator.scaffold",
              "generator.formatref", "generator.revisions")),
    ("render kit", ("generator.views", "generator.fonts", "generator.diagrams",
                    "generator.documents", "generator.pdf", "generator.docx",
                    "generator.keyparts")),
    ("features", ("generator.renderers", "generator.forms", "generator.custom",
                  "generator.registers", "generator.reldiff",
                 "generator.onboarding", "generator.portal")),
    ("app", ("generator.build", "generator.buildstamp", "generator.cli", "generator.serve", "generator.__main__",
             "generator.portal.plugin")),
)
RENDER_LAYERS = ("render kit", "features")
# What turns YAML into the model. Renderers get the linked model handed to them instead.
READS_SOURCES = ("generator.yamlsource", "generator.convert", "generator.loader",
                 "generator.pipeline")
# Renderer modules allowed to load on their own: none since the linked model pickles
# (generator/pickling.py) and workers receive the parent's.
LOADS_IN_WORKER: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Import:
    source: str
    target: str
    line: int
    runtime: bool  # False under `if TYPE_CHECKING:`

    def __str__(self) -> str:
        return f"{self.source} (line {self.line}) imports {self.target}"


# ---------------------------------------------------------------- the graph
def modules(package_dir: Path) -> dict[str, Path]:
    """Module name → file, for every .py file of the package."""
    base = package_dir.parent
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(package_dir: Path) -> list[Import]:
    """Every import between the package's own modules, plus the package ``__init__`` files
    those imports run (except the importer's own packages, which are already running)."""
    known = modules(package_dir)
    result = []
    for name, path in known.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target, line, runtime in _import_statements(tree, here, True):
            resolved = _resolve(target, known)
            for module in [resolved, *_parents(resolved, name)]:
                if module and module != name:
                    result.append(Import(name, module, line, runtime))
    return result


def _import_statements(node: ast.AST, here: str, runtime: bool):
    """(dotted target, line, runtime) for each name imported anywhere under ``node``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            yield from _import_statements(ast.Module(child.body, []), here, False)
            yield from _import_statements(ast.Module(child.orelse, []), here, runtime)
        elif isinstance(child, ast.Import):
            yield from ((alias.name, child.lineno, runtime) for alias in child.names)
        elif isinstance(child, ast.ImportFrom):
            package = _absolute(child, here)
            yield from ((f"{package}.{alias.name}", child.lineno, runtime)
                        for alias in child.names)
        else:
            yield from _import_statements(child, here, runtime)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _absolute(node: ast.ImportFrom, here: str) -> str:
    if not node.level:
        return node.module or ""
    parts = here.split(".")
    parts = parts[:len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def _resolve(target: str, known: dict[str, Path]) -> str | None:
    """The module a dotted name lands in: ``pkg.mod.func`` → ``pkg.mod``; None outside."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def _parents(module: str | None, importer: str) -> list[str]:
    if module is None:
        return []
    parts = module.split(".")
    parents = [".".join(parts[:i]) for i in range(1, len(parts))]
    return [p for p in parents if not (importer == p or importer.startswith(p + "."))]


# ---------------------------------------------------------------- the rules
def cycles(edges: list[Import]) -> list[list[str]]:
    """Groups of modules that import each other round a loop (runtime imports only)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if edge.runtime:
            graph.setdefault(edge.source, set()).add(edge.target)
            graph.setdefault(edge.target, set())
    return [sorted(group) for group in _strongly_connected(graph) if len(group) > 1]


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so deep graphs need no recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def layer_of(module: str, layers=LAYERS) -> int | None:
    """The index of the module's layer: its longest matching entry wins."""
    best, best_length = None, -1
    for number, (_, entries) in enumerate(layers):
        for entry in entries:
            # the bare package name is its __init__ only, not a default for every module
            matches = module == entry or (entry != "generator" and module.startswith(entry + "."))
            if matches and len(entry) > best_length:
                best, best_length = number, len(entry)
    return best


def upward_imports(edges: list[Import], layers=LAYERS) -> list[str]:
    names = [name for name, _ in layers]
    return [f"{edge}: {names[layer_of(edge.source, layers)]} may not import "
            f"{names[layer_of(edge.target, layers)]}"
            for edge in edges
            if layer_of(edge.target, layers) > layer_of(edge.source, layers)]


def source_reads(edges: list[Import], layers=LAYERS, render_layers=RENDER_LAYERS,
                 forbidden=READS_SOURCES, allowed=LOADS_IN_WORKER) -> list[str]:
    names = [name for name, _ in layers]
    return [f"{edge}: renderers read the linked model, not the sources"
            for edge in edges
            if names[layer_of(edge.source, layers)] in render_layers
            and _within(edge.target, forbidden) and not _within(edge.source, allowed)]


def _within(module: str, entries) -> bool:
    return any(module == e or module.startswith(e + ".") for e in entries)


# ---------------------------------------------------------------- generator/ keeps them
@pytest.fixture(scope="module")
def edges() -> list[Import]:
    return imports(ROOT / "generator")


def test_every_module_has_a_layer():
    assert [m for m in modules(ROOT / "generator") if layer_of(m) is None] == []


def test_no_import_cycles(edges):
    assert cycles(edges) == []


def test_no_module_imports_a_higher_layer(edges):
    assert upward_imports(edges) == []


def test_renderers_never_read_yaml_or_run_the_loader(edges):
    assert source_reads(edges) == []


def test_the_graph_sees_the_imports_that_matter(edges):
    """Guards the checker against silently seeing nothing: known edges of each kind."""
    found = {(e.source, e.target, e.runtime) for e in edges}
    assert ("generator.linker", "generator.overlays", True) in found       # via __init__
    assert ("generator.cli.jd", "generator.loader", True) in found          # from ..x import
    assert ("generator.custom.outputs", "generator.docx", True) in found    # inside a function
    assert ("generator.model", "generator.overlays.model", False) in found  # TYPE_CHECKING


# ---------------------------------------------------------------- the checker can fail
def write_package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "pkg"


def test_checker_finds_a_cycle_made_of_a_late_import(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "a.py": "from .b import thing\n",
        "b.py": "def f():\n    from . import a\n",
    })
    assert cycles(imports(package)) == [["pkg.a", "pkg.b"]]


def test_checker_finds_a_cycle_through_a_package_reexport(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "a.py": "from .sub.other import x\n",           # runs sub/__init__.py first
        "sub/__init__.py": "from .m import f\n",
        "sub/m.py": "from ..a import y\n",
        "sub/other.py": "",
    })
    assert cycles(imports(package)) == [["pkg.a", "pkg.sub", "pkg.sub.m"]]


def test_checker_ignores_type_checking_loops_but_not_their_layers(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "core.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                   "    from .render import View\n",
        "render.py": "from .core import Model\n",
        "loader.py": "",
    })
    layers = (("core", ("pkg.core", "pkg.loader")), ("render", ("pkg.render",)))
    edges = imports(package)
    assert cycles(edges) == []
    assert upward_imports(edges, layers) == [
        "pkg.core (line 3) imports pkg.render: core may not import render"]


def test_checker_finds_a_renderer_reading_sources(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "loader.py": "",
        "render.py": "import pkg.loader\n",
    })
    layers = (("core", ("pkg", "pkg.loader")), ("render", ("pkg.render",)))
    assert source_reads(imports(package), layers, ("render",), ("pkg.loader",), ()) == [
        "pkg.render (line 1) imports pkg.loader: renderers read the linked model, "
        "not the sources"]

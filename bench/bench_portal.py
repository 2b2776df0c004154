"""Time the portal build: the `sops` plugin against plain MkDocs on the same pages.

The plugin's pages, navigation and charts are written out as static Markdown and SVG, and
built with the same mkdocs.yml minus the plugin. Each build runs `mkdocs build` in a fresh
process (imports and jieba's dictionary included), five times each, alternating so that
other load on the machine hits both alike; medians are compared.

    .venv/bin/python bench/bench_portal.py
"""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.portal.plugin import HOME_MARKER  # noqa: E402
from generator.portal.urls import HOME, diagram_uri  # noqa: E402

RUNS = 5


def plugin_instance():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["sops"]
    plugin.on_config(config)
    return config, plugin


def write_static_copy(folder: Path) -> Path:
    """The portal's source plus every generated page, chart and download, and a mkdocs.yml
    without the plugin but with its navigation."""
    config, plugin = plugin_instance()
    docs = folder / "site"
    shutil.copytree(ROOT / "site", docs)
    for page in plugin.pages:
        target = docs / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plugin.portal.render(page), encoding="utf-8")
    home = docs / HOME
    home.write_text(home.read_text(encoding="utf-8").replace(
        HOME_MARKER, plugin.portal.home_markdown()), encoding="utf-8")
    for site_path, source in plugin.portal.downloads.site_files().items():
        (docs / site_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / site_path)
    for diagram in plugin.portal.diagrams:
        target = docs / diagram_uri(diagram.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(diagram.svg())
    settings = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["plugins"] = [p for p in settings["plugins"]
                           if not (isinstance(p, dict) and "sops" in p)]
    settings["nav"] = config.nav
    settings["theme"]["custom_dir"] = "site/overrides"
    settings["extra"]["status"] = dict(config.extra["status"])
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True),
                                       encoding="utf-8")
    return folder / "mkdocs.yml"


def time_build(config_file: Path, site: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the build's process and the `dot` it ran). CPU time is
    the steadier figure on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config_file),
                    "-d", str(site)], check=True, cwd=config_file.parent,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def report(label: str, runs: list[tuple[float, float]]) -> tuple[float, float]:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU (wall per run: "
          f"{', '.join(f'{r[0]:.2f}' for r in runs)})")
    return wall, cpu


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        static_config = write_static_copy(Path(tmp) / "static")
        plugin_times, static_times = [], []
        for _ in range(RUNS):
            plugin_times.append(time_build(ROOT / "mkdocs.yml", Path(tmp) / "a"))
            static_times.append(time_build(static_config, Path(tmp) / "b"))
        pages = len(list((Path(tmp) / "a").rglob("*.html")))
        size = sum(p.stat().st_size for p in (Path(tmp) / "a").rglob("*") if p.is_file())
    print(f"pages: {pages}, site size: {size / 1024 / 1024:.1f} MiB")
    wall, cpu = report("with the sops plugin", plugin_times)
    plain_wall, plain_cpu = report("static Markdown     ", static_times)
    print(f"ratio: {wall / plain_wall:.2f} wall, {cpu / plain_cpu:.2f} CPU "
          "(targets: ≤ 1.3, and ≤ 10 s)")


if __name__ == "__main__":
    main()

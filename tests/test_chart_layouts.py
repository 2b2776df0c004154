"""Each chart is laid out by Graphviz once per build, and every output shows that layout.

A `dot` (and `neato`) placed first on PATH logs each call and the graphs it reads, and runs
the real Graphviz, so the count is of real layouts during a real, full `sopkit build` with
an empty content store. One process reads many graphs (generator/diagrams/render.py).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import SAMPLE_SOPS
from generator.diagrams.catalog import diagrams
from generator.pipeline import check


def build_sample(out, env, cwd) -> None:
    subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(SAMPLE_SOPS),
                    "--out", str(out), "--quiet"], env=env, check=True, cwd=cwd)


def tree(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def counted_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("layouts")
    log, graphs, wrappers = base / "dot.log", base / "graphs", base / "bin"
    wrappers.mkdir()
    graphs.mkdir()
    for program in ("dot", "neato"):  # org charts are laid out by dot, swimlanes placed
        real = shutil.which(program)     # by rule and drawn by `neato -n2`
        wrapper = wrappers / program
        wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n'
                           f'tee "{graphs}/$$.gv" | "{real}" "$@"\n')  # a file each
        wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{wrappers}{os.pathsep}{os.environ['PATH']}",
           "SOPKIT_CACHE": str(base / "store"), "SOPKIT_TODAY": "2026-11-23"}
    out = base / "dist"
    build_sample(out, env, base)
    calls = log.read_text().splitlines() if log.exists() else []
    drawn = [graph for read in sorted(graphs.glob("*.gv"))
             for graph in re.findall(r"^(?:strict )?(?:di)?graph\b",
                                     read.read_text(encoding="utf-8"), re.MULTILINE)]
    return out, [call for call in calls if "-T" in call], drawn, env


def test_a_full_build_lays_out_each_chart_once(counted_build):
    _, processes, drawn, _ = counted_build
    charts = diagrams(check(SAMPLE_SOPS).linked)
    assert len(charts) >= 10
    assert len(drawn) == len(charts)
    assert 1 <= len(processes) <= 2 * (os.cpu_count() or 1)  # not a process per chart


def test_every_output_shows_the_same_drawing(counted_build):
    out, _, _, _ = counted_build
    for chart in diagrams(check(SAMPLE_SOPS).linked):
        svg = (out / "diagrams" / f"{chart.path}.svg").read_bytes()
        png = (out / "diagrams" / f"{chart.path}.png").read_bytes()
        assert svg.startswith(b"<?xml") and png.startswith(b"\x89PNG")
    portal_charts = sorted((out / "site" / "diagrams").rglob("*.svg"))
    assert len(portal_charts) >= 10
    for portal_chart in portal_charts:
        relative = portal_chart.relative_to(out / "site" / "diagrams")
        assert portal_chart.read_bytes() == (out / "diagrams" / relative).read_bytes()


def test_a_second_build_is_byte_identical(counted_build, tmp_path):
    """Every output, zip-packed Word files and PDFs included, and with the content store
    now warm: the same content gives the same bytes."""
    out, _, _, env = counted_build
    again = tmp_path / "dist"
    build_sample(again, env, tmp_path)
    first, second = tree(out), tree(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []

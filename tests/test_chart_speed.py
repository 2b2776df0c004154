"""Charts drawn many to a Graphviz process, several processes at once, are the same bytes
as charts drawn one process each, one after another (bench/bench_charts.py times both)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import graphviz
import pytest

from chart_support import ROOT, wide_kb
from generator.diagrams import render
from generator.diagrams.catalog import diagrams
from generator.pipeline import check

pytestmark = pytest.mark.skipif(shutil.which("neato") is None, reason="Graphviz not installed")


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> list[str]:
    """Every chart of the sample and of a base with phased 6-, 8- and 10-lane workflows:
    org charts (`dot`) and swimlanes (`neato -n2`), some printed in parts."""
    found = []
    for sops in (ROOT / "sops", wide_kb(tmp_path_factory.mktemp("wide"), phased=True)):
        result = check(sops)
        assert result.ok
        found += [d.dot for d in diagrams(result.linked)]
    assert any(render.PINNED not in s.split("\n", 2)[1] for s in found)
    assert sum(render.PINNED in s.split("\n", 2)[1] for s in found) >= 15
    return found


def test_batched_and_parallel_drawing_gives_the_same_svgs(sources, tmp_path, monkeypatch):
    serial = [render._layout(source) for source in sources]  # one process per chart
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "store"))
    monkeypatch.setattr(render, "_drawn", {})
    render.prepare(sources, workers=3)
    assert set(render._drawn) == set(sources)
    batched = [render._drawn[source] for source in sources]
    for source, alone, together in zip(sources, serial, batched, strict=True):
        assert together == alone, source.split("\n", 1)[0]
    stored = {p.name for p in (tmp_path / "store" / "svg").iterdir()}
    assert stored == {render._svg_key(s) for s in sources}  # later runs start from these
    assert b'id="graph0"' in batched[-1] and b"page0" not in batched[-1]


def test_a_bad_graph_in_a_batch_is_drawn_alone_and_fails_alone(sources, tmp_path, monkeypatch):
    monkeypatch.setenv("SOPKIT_CACHE", str(tmp_path / "store"))
    monkeypatch.setattr(render, "_drawn", {})
    pinned = [s for s in sources if render.PINNED in s.split("\n", 2)[1]][:3]
    broken = pinned[0].replace("{", "{ this is not DOT ;;; ->", 1)
    with pytest.raises(graphviz.CalledProcessError):  # drawn alone, it fails alone
        render.prepare([*pinned, broken], workers=1)
    render.prepare(pinned, workers=1)
    assert [render._drawn[s] for s in pinned] == [render._layout(s) for s in pinned]


def test_a_build_with_one_job_and_with_two_writes_the_same_charts(tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"dist-{jobs}"
        subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(ROOT / "sops"),
                        "--out", str(out), "--only", "diagrams", "--quiet", "--jobs", jobs],
                       check=True, cwd=ROOT,
                       env={**os.environ, "SOPKIT_CACHE": str(tmp_path / f"store-{jobs}")})
        outputs.append({p.relative_to(out): p.read_bytes()
                        for p in sorted((out / "diagrams").rglob("*.svg"))})
    assert len(outputs[0]) >= 20
    assert outputs[0] == outputs[1]


def test_sources_are_dealt_evenly():
    dealt = render._deal([str(n) for n in range(7)], 3)
    assert [len(batch) for batch in dealt] == [3, 2, 2]
    assert sorted(sum(dealt, [])) == sorted(str(n) for n in range(7))
    assert render._deal(["a"], 4) == [["a"]]

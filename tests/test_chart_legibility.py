"""Every workflow chart prints its smallest text at 7 pt or more on A4, in PDF and in Word.

Measured on the real outputs of `sopkit build`: in the PDF, the size of every character the
chart put on the page (WeasyPrint draws the SVG's text as text: font size × the scale it
is placed at); in the Word file, turned into PDF by LibreOffice, the scale each chart's
picture is placed at × the smallest font size in that chart's SVG. For the sample and for
synthetic 6-, 8- and 10-lane workflows (in phases, format 1.1, whose names are measured
like every other text of the chart).
"""
from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from chart_support import ROOT, font_sizes, wide_kb
from generator.diagrams.catalog import diagrams, printed_figures
from generator.diagrams.render import PRINT_DPI
from generator.pipeline import check

SMALLEST_PT = 7.0

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("neato") is None,
                                reason="LibreOffice or Graphviz not installed")


def build(sops: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(sops), "--out",
                    str(out), "--only", "diagrams,pdf,docx", "--quiet"], check=True, cwd=ROOT)


def to_pdf(docx: list[Path], out: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out / "word"), *map(str, docx)],
                   check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module", params=["sample", "wide"])
def built(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(request.param)
    sops = ROOT / "sops" if request.param == "sample" else wide_kb(base, phased=True)
    build(sops, base / "dist")
    to_pdf(sorted((base / "dist" / "workflows").glob("*.docx")), base)
    linked = check(sops).linked
    return base, linked


def text_sizes(pdf: Path) -> list[tuple[float, str]]:
    """(printed size in points, text) of every piece of text in the PDF."""
    found = []
    for page in PdfReader(pdf).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                found.append((size * math.sqrt(abs(a * d - b * c)), text.strip()))
        page.extract_text(visitor_text=visit)
    return found


def placed_images(pdf: Path) -> list[tuple[float, int, bool]]:
    """(placed width in points, width in pixels, on a landscape page) of every picture, in
    page order."""
    found = []
    for page in PdfReader(pdf).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        turned = float(page.mediabox.width) > float(page.mediabox.height)

        def before(op, args, cm, tm, xobjects=xobjects, turned=turned):
            if op == b"Do" and args[0] in xobjects:
                image = xobjects[args[0]].get_object()
                if image.get("/Subtype") == "/Image":
                    found.append((math.hypot(cm[0], cm[1]), int(image["/Width"]), turned))
        page.extract_text(visitor_operand_before=before)
    return found


def workflow_figures(linked):
    charts = diagrams(linked)
    figures = printed_figures(charts)
    by_src = {f"diagrams/{d.path}.svg": d for d in charts}
    return {w: [by_src[f.src] for f in figures[f"workflows/{w}"]] for w in linked.kb.workflows}


def test_pdf_charts_print_text_at_7_pt_or_more(built):
    base, linked = built
    for workflow_id, charts in workflow_figures(linked).items():
        sizes = text_sizes(base / "dist" / "workflows" / f"{workflow_id}.pdf")
        lanes = {linked.actor_name(s.by) for s in linked.kb.workflows[workflow_id].steps}
        chart_text = [(size, text) for size, text in sizes if text in lanes]
        assert len(chart_text) >= len(lanes), workflow_id  # the chart's text is measured
        for phase in linked.kb.workflows[workflow_id].phases:  # and its phases' names
            assert any(phase.name[:2] in text for _, text in sizes), (workflow_id, phase.name)
        smallest = min(sizes)
        assert smallest[0] >= SMALLEST_PT, (workflow_id, smallest)
        pages = PdfReader(base / "dist" / "workflows" / f"{workflow_id}.pdf").pages
        turned = sum(float(p.mediabox.width) > float(p.mediabox.height) for p in pages)
        assert turned == sum(chart.landscape for chart in charts), workflow_id


def test_word_charts_print_text_at_7_pt_or_more(built):
    base, linked = built
    for workflow_id, charts in workflow_figures(linked).items():
        images = placed_images(base / "word" / f"{workflow_id}.pdf")
        assert len(images) == len(charts), workflow_id
        for (placed, pixels, turned), chart in zip(images, charts, strict=True):
            assert turned == chart.landscape, (workflow_id, chart.path)
            scale = placed / (pixels * 72 / PRINT_DPI)
            smallest = min(font_sizes(chart.svg())) * scale
            assert smallest >= SMALLEST_PT, (workflow_id, chart.path, round(smallest, 2))


def test_wide_charts_are_turned_or_split_not_shrunk(built):
    base, linked = built
    charts = diagrams(linked)
    printed = [d for d in charts if d.path.startswith("workflows/") and not d.printed_as]
    assert any(d.landscape for d in printed) or any(d.printed_as for d in charts)

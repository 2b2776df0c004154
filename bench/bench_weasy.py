"""CPU of WeasyPrint printing sample documents in one process, with each of sopkit's
changes to how it prints (generator/pdf/) switched off and on, in alternating rounds of the
same run, so that their ratio holds on a loaded machine; the share of that CPU the garbage
collector took; and a check that both print the same bytes.

    .venv/bin/python bench/bench_weasy.py [--rounds 3] [--documents 12] [--sops DIR]
        [--parts-only | --no-parts | --forms]
        [--variant TEXT]  (only the changes whose name holds TEXT; repeatable) [--paint]

Documents: the first roles, workflows (with their charts) and policies of the sample, in
order, as a build's worker prints them one after another in one process. Then the parts of
the sample's handbook as a build cuts them for two workers, printed and joined in this
process, with the parts' own font subsets (partfonts.py) switched off and on: the joined
books must be the same bytes but for their /ID (a digest of the parts' bytes). ``--forms``:
every form of the sample as its fillable PDF instead (generator/forms/pdf.py), with the
same changes; the user-agent sheet's is the forms' own cut. ``--paint``: the documents are
laid out once (all changes on) and each round only draws and writes them (``write_pdf``),
which is where svgfast.py, drawfast.py and streamlevel.py work: the rest of a print no longer
hides their ratio.
"""
from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.documents import render_documents  # noqa: E402
from generator.pdf import (  # noqa: E402
    backfast,
    cascadeshare,
    diagram_svgs,
    drawfast,
    linememo,
    page_css,
    pageshare,
    pangocache,
    partfonts,
    percentfast,
    printgc,
    render_pdf,
    streamlevel,
    stylefast,
    svgfast,
    uasheet,
    widthmemo,
)
from generator.pdf.book import PART_WEIGHT, PARTS_PER_WORKER  # noqa: E402
from generator.pdf.join import join  # noqa: E402
from generator.pdf.split import split_document  # noqa: E402
from generator.pdf.weasy import print_part, warm  # noqa: E402

DEFAULT_THRESHOLDS = gc.get_threshold()


def _collector(on: bool) -> None:
    """printgc.py in one process: what the workers inherit frozen, and their thresholds."""
    if on:
        gc.freeze()
        printgc.start_worker()
    else:
        gc.unfreeze()
        gc.set_threshold(*DEFAULT_THRESHOLDS)


_CUT_SHEET = uasheet.for_document


def _cut_sheet(on: bool) -> None:
    """uasheet.py: off, every document gets WeasyPrint's whole user-agent sheet."""
    uasheet.for_document = _CUT_SHEET if on else (lambda _root, sheets: list(sheets))


def _variants() -> dict[str, Callable[[bool], None]]:
    """Each change by name: a switch that turns it off (False) or on (True)."""
    warm()
    return {"garbage collector (printgc.py)": _collector,
            "user-agent sheet cut (uasheet.py)": _cut_sheet,
            "Pango contexts and fonts shared (pangocache.py)": pangocache.switch,
            "percentages resolved inline and kept by style (percentfast.py)": percentfast.switch,
            "cascade shared, pseudo-elements lazy (cascadeshare.py)": cascadeshare.switch,
            "plain computed values made directly (stylefast.py)": stylefast.switch,
            "boxes without a background answered directly (backfast.py)": backfast.switch,
            "text widths kept per font configuration (widthmemo.py)": _width_memo,
            "lines split once per font configuration (linememo.py)": _line_memo,
            "page styles shared by pages cascaded alike (pageshare.py)": pageshare.switch,
            "chart letters and lengths laid out once (svgfast.py)": svgfast.switch,
            "numbers and colours written directly (drawfast.py)": drawfast.switch,
            # the only change that prints other bytes (same content): "same bytes: False"
            "Flate level by stream kind (streamlevel.py)": streamlevel.switch}


def _width_memo(on: bool) -> None:
    """widthmemo.py, its memo emptied before each run: a worker prints each set once."""
    widthmemo.switch(on)
    widthmemo.forget()


def _line_memo(on: bool) -> None:
    """linememo.py, emptied before each run as widthmemo.py's is."""
    linememo.switch(on)
    widthmemo.forget()


def _form_variants() -> dict[str, Callable[[bool], None]]:
    """The same changes as the forms print them: their sheet is cut by forms/pdf.py."""
    from generator.forms import pdf as form_pdf
    form_pdf.warm()
    cut_class = form_pdf._html_class()

    def cut_sheet(on: bool) -> None:
        from weasyprint import HTML
        form_pdf._html_class = (lambda: cut_class) if on else (lambda: HTML)

    variants = _variants()
    variants["user-agent sheet cut (uasheet.py)"] = cut_sheet
    return variants


class _Form:
    """A form's fillable PDF job, printed as a forms worker prints it."""

    def __init__(self, form, linked) -> None:
        from generator.forms import pdf as form_pdf
        self.path, self.job = f"forms/{form.id}", form_pdf.fillable_job(linked, form)

    def print(self) -> bytes:
        from generator.forms import pdf as form_pdf
        return form_pdf.fillable_from_job(self.job)


def _forms():
    from generator.pipeline import check
    linked = check(ROOT / "sops").linked
    return [_Form(form, linked) for form in sorted(linked.kb.forms.values(),
                                                    key=lambda form: form.id)], {}


def _documents(count: int, sops: Path):
    from generator.pipeline import check
    linked = check(sops).linked
    documents = list(render_documents(linked))
    kinds = ("roles/", "workflows/", "policies/")
    chosen = [d for kind in kinds for d in documents if d.path.startswith(kind)]
    chosen = [chosen[i] for i in range(0, len(chosen), max(1, len(chosen) // count))][:count]
    return chosen, diagram_svgs(linked)


class _CollectorTime:
    """CPU seconds spent in the garbage collector while it is installed."""

    def __init__(self) -> None:
        self.seconds, self._start = 0.0, 0.0

    def __call__(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.seconds += time.process_time() - self._start


class _LaidOut:
    """A document laid out once (``--paint``): each print only draws and writes its pages."""

    def __init__(self, document, svgs) -> None:
        from generator.pdf.weasy import _layout
        self.path = document.path
        self.layout = _layout(document.html, svgs, [page_css(dict(document.meta))])

    def print(self) -> bytes:
        return self.layout.write_pdf()


def _print_all(documents, svgs) -> tuple[float, float, list[bytes]]:
    """CPU seconds, of which in the garbage collector, and the PDFs."""
    collector = _CollectorTime()
    gc.callbacks.append(collector)
    start = time.process_time()
    try:
        pdfs = [render_pdf(d.html, dict(d.meta), svgs) if hasattr(d, "html") else d.print()
                for d in documents]
    finally:
        gc.callbacks.remove(collector)
    return time.process_time() - start, collector.seconds, pdfs


def _handbook_parts(sops: Path):
    from generator.pipeline import check
    linked = check(sops).linked
    handbook = next(d for d in render_documents(linked) if d.path == "handbook")
    split = split_document(handbook.html, PART_WEIGHT, PARTS_PER_WORKER * 2)
    css = [page_css(dict(handbook.meta), footer=False, continued=True)]
    return split.parts, css, diagram_svgs(linked)


def _print_parts(parts, css, svgs) -> tuple[float, float, bytes]:
    """CPU seconds of printing the parts, of joining them, and the joined PDF."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.process_time()
        printed = [print_part(part, list(css), svgs, None, folder, True, True)
                   for part in parts]
        middle = time.process_time()
        book = join(printed, None, Path(folder))
        return middle - start, time.process_time() - middle, book


def _bench_parts(rounds: int, sops: Path) -> None:
    parts, css, svgs = _handbook_parts(sops)
    print(f"handbook: {len(parts)} body parts")
    _print_parts(parts, css, svgs)
    seconds: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    books: dict[bool, bytes] = {}
    for _round in range(rounds):
        for on in (False, True):
            partfonts.switch(on)
            printing, joining, books[on] = _print_parts(parts, css, svgs)
            seconds[on].append((printing, joining))
    partfonts.switch(True)
    no_id = re.compile(rb"/ID\s*\[[^\]]*\]")
    same = no_id.sub(b"", books[False]) == no_id.sub(b"", books[True])
    totals = {on: statistics.median(p + j for p, j in seconds[on]) for on in seconds}
    for on, label in ((False, "subsets cut in each part"), (True, "placeholders in parts")):
        print(f"  {label} (partfonts.py {'on' if on else 'off'}): print "
              f"{statistics.median(p for p, _ in seconds[on]):.2f} s, join "
              f"{statistics.median(j for _, j in seconds[on]):.2f} s, total {totals[on]:.2f} s "
              f"(median); book {len(books[on]):,} bytes")
    print(f"  placeholders: {totals[True] / totals[False]:.3f} of the CPU; "
          f"same bytes but the /ID: {same}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--documents", type=int, default=12)
    parser.add_argument("--parts-only", action="store_true")
    parser.add_argument("--no-parts", action="store_true", help="the documents only")
    parser.add_argument("--sops", type=Path, default=ROOT / "sops",
                        help="the documents of another knowledge base (bench/synthetic.py)")
    parser.add_argument("--forms", action="store_true", help="the fillable forms instead")
    parser.add_argument("--variant", "--only", dest="variant", action="append", default=[],
                        help="only the changes whose name holds this text")
    parser.add_argument("--paint", action="store_true",
                        help="lay the documents out once; time only drawing and writing them")
    args = parser.parse_args()
    switches = _form_variants() if args.forms else _variants()
    if args.variant:
        switches = {name: switch for name, switch in switches.items()
                    if any(text in name for text in args.variant)}
    print(f"load average before: {os.getloadavg()}")
    if not args.parts_only:
        _bench_documents(args, switches)
    if not (args.forms or args.paint or args.no_parts):
        _bench_parts(args.rounds, args.sops)
    print(f"load average after: {os.getloadavg()}")


def _bench_documents(args, switches) -> None:
    documents, svgs = _forms() if args.forms else _documents(args.documents, args.sops)
    if args.paint:
        documents = [_LaidOut(document, svgs) for document in documents]
    print(f"{len(documents)} documents: {', '.join(d.path for d in documents)}")
    _print_all(documents, svgs)  # fonts loaded, caches warm: every round alike
    for name, switch in switches.items():
        seconds: dict[bool, list[float]] = {False: [], True: []}
        collecting: dict[bool, list[float]] = {False: [], True: []}
        printed: dict[bool, list[bytes]] = {}
        for round_ in range(args.rounds):
            # the order turns each round, and the garbage of the last run is collected
            # first: else the second run of a round paid for the first one's (4-5 %)
            for on in (False, True) if round_ % 2 == 0 else (True, False):
                switch(on)
                gc.collect()
                cpu, in_collector, printed[on] = _print_all(documents, svgs)
                seconds[on].append(cpu)
                collecting[on].append(in_collector / cpu)
        switch(True)
        same = printed[False] == printed[True]
        low = {on: min(values) for on, values in seconds.items()}
        mid = {on: statistics.median(values) for on, values in seconds.items()}
        print(f"{name}: off {low[False]:.2f} s (median {mid[False]:.2f}), on {low[True]:.2f} s "
              f"(median {mid[True]:.2f}): {low[True] / low[False]:.3f} of the CPU (min), "
              f"{mid[True] / mid[False]:.3f} (median); same bytes: {same}")
        print(f"  in the garbage collector: off {statistics.median(collecting[False]):.1%}, "
              f"on {statistics.median(collecting[True]):.1%} of the CPU (median)")


if __name__ == "__main__":
    main()

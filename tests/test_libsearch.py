"""WeasyPrint's libraries found from one ldconfig listing (generator/pdf/libsearch.py), and
who imports WeasyPrint for a print pool (generator/pdf/book.py, WARM_PRINTS_PER_WORKER)."""
from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pdf import libsearch
from generator.pdf.book import WARM_PRINTS_PER_WORKER

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not Path(libsearch.LDCONFIG).exists(),
                                reason="glibc's ldconfig only")


@linux_only
@pytest.mark.parametrize("name", ["pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig",
                                  "gobject-2.0", "libpango-1.0-0", "no-such-library-xyz"])
def test_the_listing_answers_what_ctypes_asks_ldconfig(name):
    listing = libsearch._ldconfig_listing()
    assert listing is not None
    assert libsearch._soname(listing, name) == ctypes.util._findSoname_ldconfig(name)


def test_find_library_is_given_back_after_the_import():
    original = ctypes.util.find_library
    with libsearch.quick_library_search():
        pass
    assert ctypes.util.find_library is original


_IMPORT = r"""
import json, re, subprocess, sys
started = []
class Recording(subprocess.Popen):
    def __init__(self, args, *rest, **options):
        started.append(args[0] if isinstance(args, (list, tuple)) else args)
        super().__init__(args, *rest, **options)
subprocess.Popen = Recording
from generator.pdf.libsearch import import_weasyprint
import_weasyprint()
from weasyprint.text import ffi
maps = open("/proc/self/maps").read()
libraries = sorted(set(re.findall(r"/[^ ]*/(lib(?:pango|harfbuzz|fontconfig|gobject)[^/\s]*)",
                                  maps)))
print(json.dumps({"started": started, "libraries": libraries,
                  "subset": ffi.harfbuzz_subset is not None}))
"""


@linux_only
def test_weasyprint_is_imported_with_one_ldconfig_run_and_the_same_libraries():
    quick = json.loads(subprocess.run([sys.executable, "-c", _IMPORT], cwd=ROOT, check=True,
                                      capture_output=True, text=True).stdout)
    usual = json.loads(subprocess.run(
        [sys.executable, "-c", _IMPORT.replace("import_weasyprint()", "import weasyprint")],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    assert quick["started"] == [libsearch.LDCONFIG]
    assert len(usual["started"]) > 10  # ldconfig per name, gcc for each it did not know
    assert quick["libraries"] == usual["libraries"]
    assert any(name.startswith("libpango-1.0") for name in quick["libraries"])
    assert quick["subset"] and usual["subset"]


_PRINTS = """
import sys
from pathlib import Path
from generator.documents import render_documents
from generator.pdf import PrintJob, diagram_svgs, print_documents
from generator.pipeline import check
count = int(sys.argv[1])
linked = check(Path("sops")).linked
documents = sorted(render_documents(linked), key=lambda d: len(d.html))[:count]
jobs = [PrintJob(d.path, d.html, dict(d.meta)) for d in documents]
printed = dict(print_documents(jobs, diagram_svgs(linked), workers=1))
print(all(pdf.startswith(b"%PDF") for pdf in printed.values()), len(printed),
      "weasyprint" in sys.modules)
"""


@pytest.mark.parametrize(("prints", "imported_here"), [(2, False), (3, True)])
def test_weasyprint_is_imported_before_the_fork_only_for_more_than_two_prints_a_worker(
        prints, imported_here):
    """Few prints: the worker imports WeasyPrint while this process goes on; more: once
    here, inherited by every worker. The PDFs are the same either way (test_printgc.py
    prints two documents in workers and alone; the incremental-vs-clean tests compare
    rebuilds, which print few, with clean builds, which print many)."""
    assert WARM_PRINTS_PER_WORKER == 2  # one worker: 2 prints are few, 3 are not
    done = subprocess.run([sys.executable, "-c", _PRINTS, str(prints)], cwd=ROOT,
                          check=True, capture_output=True, text=True)
    assert done.stdout.split() == ["True", str(prints), str(imported_here)]


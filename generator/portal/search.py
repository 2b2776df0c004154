"""Chinese search with Material's built-in search plugin.

Material segments page text with jieba when it builds the index (words joined by U+200B),
and the browser segments queries against that index. Two gaps are closed here:

* jieba's general dictionary splits some everyday SOP words (派车 → 派 / 车); the words in
  ``words.txt`` (and the plugin's optional ``words`` file) are added before indexing;
* the worker's query segmentation drops the query's last word (客户投诉处理 → 客户 投诉)
  and shortens two-character queries to their first character whenever that character is
  indexed on its own; ``assets/segment.js`` replaces it after the build.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from .. import segmenter

HERE = Path(__file__).parent
SEGMENT_JS = HERE / "assets" / "segment.js"
log = logging.getLogger("mkdocs.plugins.sops")

# Material's segmentation function in the minified worker: `function NAME(query,index){let
# a=new Set,b=new Uint16Array(query.length);`. Only its name is needed.
_MATERIAL_SEGMENT = re.compile(
    r"function (\w+)\((\w+),(\w+)\)\{let \w+=new Set,\w+=new Uint16Array\(\2\.length\);")


def add_words(extra: Path | None = None) -> None:
    """The bundled SOP words and the plugin's own, added to jieba once per process (the
    shared segmenter: the redlines cut Chinese the same way)."""
    segmenter.add_words(extra)


def patch_worker(site_dir: Path) -> bool:
    """Route Material's query segmentation to ours. False if Material's worker is there but
    its segmentation could not be found (Material changed); True otherwise, also when the
    site has no search at all."""
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.js"))
    return all(_patch(worker) for worker in workers)


def _patch(worker: Path) -> bool:
    source = worker.read_text(encoding="utf-8")
    match = _MATERIAL_SEGMENT.search(source)
    if match is None:
        return "sopkitSegment" in source  # already patched (a dirty `mkdocs serve` build)
    name, query, index = match.groups()
    delegate = f"function {name}({query},{index}){{return sopkitSegment({query},{index})}}"
    header_end = match.start() + len(f"function {name}")
    source = source[:header_end] + "_material" + source[header_end:]
    worker.write_text(SEGMENT_JS.read_text(encoding="utf-8") + delegate + "\n" + source,
                      encoding="utf-8")
    return True

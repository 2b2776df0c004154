"""Chinese search on the portal: sopkit's index and query code inside Material's search box.

Material's search UI (the box, the result list, `?h=` highlighting on the landing page)
stays; what answers a query is ``assets/search.js``, prepended to Material's search worker
after the build, over the index ``searchindex`` writes into search_index.json. jieba,
with the words in ``words.txt`` (and the plugin's optional ``words`` file), cuts the pages'
text into the words a query is matched against.
"""
from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import segmenter

HERE = Path(__file__).parent
SEARCH_JS = HERE / "assets" / "search.js"
MARKER = "/* sopkit: the portal's search"
log = logging.getLogger("mkdocs.plugins.sops")


def add_words(extra: Path | None = None) -> None:
    """The bundled SOP words and the plugin's own, added to jieba once per process (the
    shared segmenter: the redlines cut Chinese the same way)."""
    segmenter.add_words(extra)


def use_our_segmenter(config) -> None:
    """Material's search plugin cuts each page it builds with jieba's own tokenizer, whose
    dictionary takes a second to load. It is given sopkit's segmenter instead, which cuts
    the same (the same words were given to jieba) and may not need that dictionary
    (segmenter.cut). Not when the site names a jieba dictionary of its own for Material."""
    try:
        material_search: Any = importlib.import_module("material.plugins.search.plugin")
    except ImportError:
        return
    found = config.plugins.get("material/search") or config.plugins.get("search")
    own = found is not None and (found.config.get("jieba_dict")
                                 or found.config.get("jieba_dict_user"))
    if material_search.jieba is None:  # jieba is not installed
        return
    material_search.jieba = sys.modules["jieba"] if own else _MaterialCut()


class _MaterialCut:
    """What Material's search plugin calls jieba for: ``jieba.cut(utf8_bytes)``."""

    @staticmethod
    def cut(text: str | bytes) -> Iterator[str]:
        return iter(segmenter.cut(text.decode("utf-8") if isinstance(text, bytes) else text))


def skip_material_pages(config) -> bool:
    """Material's search plugin parses every page into its index's ``docs`` (HTML parser,
    jieba: about a third of the portal's CPU), which ``searchindex.install`` empties once
    sopkit's query code is in the worker. Where the theme ships that worker (so the patch
    will take), Material is spared the parsing: its ``docs`` are written empty, as install
    would leave them. It still strips the pages' ``data-search-*`` attributes. Call after
    Material's ``on_config``, which makes the index. True if the parsing is skipped."""
    found = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(found, "search_index", None)
    if index is None or not any(_theme_workers(Path(folder)) for folder in config.theme.dirs):
        return False
    index.add_entry_from_context = _no_entry
    return True


def _no_entry(page) -> None:
    return None


def _theme_workers(theme_dir: Path) -> list[Path]:
    return sorted((theme_dir / "assets" / "javascripts" / "workers").glob("search.*.js"))


def workers(site_dir: Path) -> list[Path]:
    return sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.js"))


def patch_worker(site_dir: Path) -> bool:
    """Put sopkit's query code in front of Material's worker, whose message listener then
    only sets up (queries are answered first, by ours). False if the site has no worker."""
    found = workers(site_dir)
    for worker in found:
        source = worker.read_text(encoding="utf-8")
        if MARKER not in source:  # a dirty `mkdocs serve` build may have it already
            worker.write_text(SEARCH_JS.read_text(encoding="utf-8") + "\n" + source,
                              encoding="utf-8")
    return bool(found)

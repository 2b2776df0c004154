"""sopkit's search index, handed to the browser inside Material's search_index.json.

Material's lunr search matched a Chinese query word it did not know by its single
characters (月报 found every page with 报), indexed no document numbers and knew no status.
Staff now search with ``assets/search.js`` (installed into Material's worker by
``search.patch_worker``) over what is written here, as ``config.sopkit``:

* pages: title, document number, status and the text units of each section
  (``searchtext``); retired documents are left out (their index page lists them);
* words: the content's own vocabulary (titles, role, department, step, field and section
  names) plus what jieba finds in the pages, so a query is cut into words staff wrote;
* labels: the status marks shown in results, from the locale catalog.

Material's own `docs` are emptied once the worker is patched: nothing reads them then, and
they were most of the index's size.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .. import segmenter, store
from ..buildcache import output_key
from ..i18n import Labels
from ..linker import LinkedKB
from .searchtext import article_of, page_sections

INDEX = Path("search") / "search_index.json"
OFFLINE_INDEX = Path("search") / "search_index.js"  # Material's offline plugin: `var __index = …`
_NAMED = ("title", "name", "label")
CACHE_KIND = "site-search-page"


@dataclasses.dataclass(frozen=True)
class Entry:
    """A page staff can find: where it is and its document-control facts."""

    uri: str              # the Markdown path ("roles/a.md")
    title: str
    number: str
    status: str | None    # "draft", "retired" or None


def vocabulary(linked: LinkedKB) -> set[str]:
    """Every name content gives to something: item titles, department names, and the
    title / name / label of anything inside an item (steps, fields, sections, skills…)."""
    words: set[str] = {str(dept.name) for dept in linked.departments.values()}
    for item in linked.kb.items():
        words.update(_names(item))
    return {w for w in (" ".join(str(w).split()) for w in words) if len(w) >= 2}


def _names(node, depth: int = 0) -> Iterator[str]:
    if depth > 6:
        return
    if isinstance(node, (tuple, list)):
        for value in node:
            yield from _names(value, depth + 1)
        return
    if not dataclasses.is_dataclass(node):
        return
    for name in (f.name for f in dataclasses.fields(node)):
        value = getattr(node, name, None)
        if name in _NAMED and isinstance(value, str):
            yield value
        elif isinstance(value, (tuple, list)) or dataclasses.is_dataclass(value):
            yield from _names(value, depth + 1)


def page_record(site_dir: Path, entry: Entry) -> dict:
    location = entry.uri.removesuffix(".md") + ".html"
    return _record(location, (site_dir / location).read_text(encoding="utf-8"), entry)


def _record(location: str, html: str, entry: Entry) -> dict:
    sections = page_sections(html)
    return {"location": location, "title": entry.title, "number": entry.number,
            "status": entry.status or "",
            "sections": [{"anchor": s.anchor, "title": s.title, "units": s.units}
                         for s in sections]}


def _segmented(records: Iterable[dict]) -> set[str]:
    """Words of two or more characters jieba finds in the indexed text."""
    words: set[str] = set()
    for record in records:
        for section in record["sections"]:
            for text in (section["title"], *section["units"]):
                words.update(w for w in segmenter.cut(text) if len(w.strip()) >= 2)
    return words


def build(site_dir: Path, entries: Iterable[Entry], linked: LinkedKB, t: Labels,
          words_key: str = "", articles: Mapping[str, str] | None = None) -> dict:
    """``words_key`` names the extra words jieba was given: a page's words, cut by jieba,
    are kept in the build cache with its record, under its HTML and that key.
    ``articles``: the articles of pages this build made, by site path (``written_article``),
    so that they are not read back from the site."""
    indexed = [_indexed(site_dir, e, words_key, articles or {})
               for e in entries if e.status != "retired"]
    records = [record for record, _ in indexed]
    words = vocabulary(linked).union(*(found for _, found in indexed))
    return {"pages": records, "words": sorted(w.lower() for w in words),
            "labels": {"draft": t("watermark_draft")}}


def _indexed(site_dir: Path, entry: Entry, words_key: str,
             articles: Mapping[str, str]) -> tuple[dict, set[str]]:
    """A page's record and the words jieba finds in it: parsing and cutting are most of
    the index's cost, and a page whose article is unchanged gives the same again."""
    location = entry.uri.removesuffix(".md") + ".html"
    # the record reads the article alone: the navigation around it (most of the page, and
    # on every page) is neither hashed nor a reason to index the page again
    html = articles.get(location)
    if html is None:
        html = article_of((site_dir / location).read_text(encoding="utf-8"))
    key = output_key(CACHE_KIND, html, json.dumps(dataclasses.astuple(entry)), words_key,
                     f"jieba={_version('jieba')}")

    def make() -> bytes:
        record = _record(location, html, entry)
        found = sorted(_segmented([record]))
        return json.dumps({"record": record, "words": found}, ensure_ascii=False).encode()

    kept = json.loads(store.load_or_make(CACHE_KIND, key, make))
    return kept["record"], set(kept["words"])


def written_article(output: str) -> str | None:
    """The article of a page MkDocs is about to write, as ``_indexed`` would read it back
    from the file (300 roles: 25 MB of pages read again for 2.5 MB of articles); None when
    reading would give other text: MkDocs writes characters UTF-8 cannot encode as
    references, and reading in text mode turns "\\r" into "\\n"."""
    article = article_of(output)
    if "\r" in article:
        return None
    try:
        article.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return article


@functools.cache  # asked for every page
def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def install(site_dir: Path, data: dict) -> bool:
    """Put ``data`` into the site's search index (and the offline copy, if any) in place of
    Material's documents. False if the site has no search index."""
    path = site_dir / INDEX
    if not path.is_file():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = []
    # In `config`: Material's page script hands the worker only `config` and `docs`.
    index.setdefault("config", {})["sopkit"] = data
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    _write(path, text)
    offline = site_dir / OFFLINE_INDEX
    if offline.is_file():
        _write(offline, f"var __index = {text}")
    return True


def _write(path: Path, text: str) -> None:
    """Atomically: a reader (a `mkdocs serve` browser) never sees half an index."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".sopkit-", suffix=".tmp")
    try:
        os.chmod(temp, mode)  # mkstemp's 0600 would hide the index from the web server
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

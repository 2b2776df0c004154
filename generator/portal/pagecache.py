"""Portal pages from the build cache: when the site changed, only the pages that did are made.

MkDocs makes a page in two steps, and each is cached under a key of what it reads:

* *populate* (Markdown → HTML body, table of contents, anchors): the page's Markdown, the
  site's configuration and the list of the site's files (links are resolved against it) and
  the charts inlined into it. Kept: the page's state as MkDocs leaves it, so a page served
  from the cache still takes part in the check of links to anchors (a link into a page that
  lost its anchor fails the build, as a clean build would).
* *build* (the body inside the theme: navigation, breadcrumbs, previous/next, header): the
  page's populated state and the navigation as every page shows it, that is the title, URL
  and front matter of every page (Material marks draft pages in the navigation). A title
  edited anywhere changes every page's key: every page shows the navigation.

The plugin serves cached pages through MkDocs' own "dirty" build (a page whose file is not
modified is neither read nor built); the site folder is emptied first, so nothing of an
earlier build is left in it.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from .. import store
from ..buildcache import output_key
from ..outputs import write_atomic

POPULATED = "site-page-body"
BUILT = "site-page"
DIRTY_WARNING = "A 'dirty' build is being performed"


class PageCache:
    """One portal build's page cache: ``frame`` is the site's key without its pages."""

    def __init__(self, frame: Iterable[str]) -> None:
        self.frame = list(frame)
        self.body_keys: dict[str, str] = {}   # src_uri → populate key
        self.page_keys: dict[str, str] = {}   # src_uri → build key
        self.reused: list[str] = []           # site paths of the pages served from the cache
        self.made: list[str] = []             # and of those built
        # site path → (build key, bytes) of every page written: the site's manifest names
        # these pages by their entry instead of keeping their bytes a second time
        self.written: dict[str, tuple[str, bytes]] = {}
        # kept only once the build succeeded: a page whose link MkDocs warned about (strict:
        # the build fails) must not come back from the cache without the warning next time
        self._pending: list[tuple[str, str, bytes]] = []

    # ---------------------------------------------------------- populate

    def serve_bodies(self, files, config, markdown_of, charts: Iterable[str]) -> None:
        """Before MkDocs reads the pages: every page whose body is cached gets it, and its
        file says "not modified" so MkDocs neither reads nor renders it."""
        from mkdocs.structure.pages import Page  # late: MkDocs only when the portal is built

        listing = json.dumps(sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion))
                                    for f in files), ensure_ascii=False)
        # what every page reads, hashed once: hashing it for each page was most of the
        # keys' cost (at 300 roles the charts' sources are megabytes)
        shared = store.key_of(*self.frame, listing, *charts)
        for file in files.documentation_pages():
            key = output_key(POPULATED, shared, file.src_uri, markdown_of(file))
            self.body_keys[file.src_uri] = key
            state = store.load(POPULATED, key)
            if state is None:
                continue
            if file.page is None:  # out of the navigation: MkDocs would make it just now
                Page(None, file, config)
            _restore(file.page, json.loads(state), files)
            _set_modified(file, False)

    def keep_body(self, page) -> None:
        key = self.body_keys.get(page.file.src_uri)
        if _plain(page.meta) != page.meta:  # front matter JSON cannot give back as it was
            return
        if key is not None and store.load(POPULATED, key) is None:
            self._pending.append((POPULATED, key, json.dumps(
                _state(page), ensure_ascii=False, sort_keys=True).encode("utf-8")))

    # ---------------------------------------------------------- build

    def serve_pages(self, files) -> None:
        """After every page is populated: the navigation is known; a page whose theme
        output is cached is written now and skipped by MkDocs."""
        pages = [f.page for f in files.documentation_pages()]
        navigation = json.dumps([[p.file.src_uri, p.url, str(p.title), _plain(p.meta)]
                                 for p in pages], ensure_ascii=False, sort_keys=True)
        shown = store.key_of(*self.frame, navigation)  # every page shows it: hashed once
        for page in pages:
            uri = page.file.src_uri
            key = output_key(BUILT, shown, self.body_keys[uri])
            self.page_keys[uri] = key
            html = store.load(BUILT, key)
            _set_modified(page.file, html is None)
            if html is not None:
                write_atomic(Path(page.file.abs_dest_path), html)
                self.reused.append(page.file.dest_uri)
                self.written[page.file.dest_uri] = (key, html)

    def keep_page(self, page, output: str) -> None:
        self.keep_body(page)
        key = self.page_keys.get(page.file.src_uri)
        if key is not None:
            data = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
            self._pending.append((BUILT, key, data))
            self.written[page.file.dest_uri] = (key, data)
        self.made.append(page.file.dest_uri)

    def keep(self) -> None:
        """The build succeeded: keep the pages it made."""
        for kind, key, data in self._pending:
            store.save(kind, key, data)
        self._pending.clear()


def _set_modified(file, modified: bool) -> None:
    # MkDocs asks the file (File.is_modified) in both steps of a dirty build
    file.is_modified = (lambda: True) if modified else (lambda: False)


def _state(page) -> dict:
    return {"markdown": page.markdown, "meta": _plain(page.meta), "content": page.content,
            "toc": [_anchor(a) for a in page.toc], "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {file.src_uri: dict(links)
                      for file, links in (page.links_to_anchors or {}).items()}}


def _restore(page, state: dict, files) -> None:
    from mkdocs.structure.toc import TableOfContents

    page.markdown, page.meta, page.content = state["markdown"], state["meta"], state["content"]
    page.toc = TableOfContents([_link(a) for a in state["toc"]])
    page._title_from_render = state["title"]
    page.present_anchor_ids = set(state["anchors"])
    page.links_to_anchors = {files.get_file_from_path(uri): links
                             for uri, links in state["links"].items()}


def _anchor(link) -> dict:
    return {"title": link.title, "id": link.id, "level": link.level,
            "children": [_anchor(child) for child in link.children]}


def _link(data: dict):
    from mkdocs.structure.toc import AnchorLink

    link = AnchorLink(data["title"], data["id"], data["level"])
    link.children = [_link(child) for child in data["children"]]
    return link


def _plain(value):
    """Front matter as JSON would keep it (it is YAML: strings, numbers, lists, maps)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


class _NoDirtyWarning(logging.Filter):
    """The cached build is a dirty build of an emptied folder: MkDocs' warning about stale
    files does not apply, and in strict mode it would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> logging.Filter:
    found = _NoDirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(found)
    return found


def restore_dirty_warning(found: logging.Filter) -> None:
    logging.getLogger("mkdocs.commands.build").removeFilter(found)

"""The `sops` MkDocs plugin: the portal's pages are made from `sops/` at build time.

    plugins:
      - sops:
          sops_dir: sops        # relative to mkdocs.yml
          downloads_dir: dist   # optional: where `sopkit build` put Word and PDF documents
          words: jieba.txt      # optional: more words for Chinese search, one per line

Under `sopkit build` the plugin is handed the model sopkit already linked (`linked`); under
a plain `mkdocs build` or `mkdocs serve` it loads and links `sops_dir` itself. The site's
name and language come from org.yaml unless mkdocs.yml sets them (see `identity`).

Nothing generated is written into the docs folder: pages, diagrams and downloads are
in-memory files (MkDocs 1.6 `File.generated`). `mkdocs serve` rebuilds when a file in
`sops_dir` changes.
"""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from ..buildcache import file_fingerprint
from ..diagnostics import format_text
from ..errors import SetupError
from ..gitrepo import GitError, Repository, Revision, open_repository
from ..linker import LinkedKB
from ..pipeline import check, today_for_checks
from ..reldiff.release import SinceRelease, since_release
from ..revisions import checked_revision
from . import (
    charts,
    identity,
    mdinline,
    navmemo,
    notfound,
    prune,
    rawanchors,
    search,
    searchindex,
    themefiles,
)
from .downloads import FORMS_ZIP, SITE_FOLDER, Downloads, find_downloads
from .environment import bytecode_cache
from .markup import attribute_text
from .pagecache import PageCache
from .pages import Portal
from .sitecache import copy_download
from .urls import HOME, actor_uri, diagram_uri, page_uri

log = get_plugin_logger(__name__)
HOME_MARKER = "<!-- sops:home -->"
# sops/theme/portal.css, served under this name and linked after the site's own styles so
# that its rules win (see generator/theme.py)
THEME_CSS = "stylesheets/sops-theme.css"


class SopsConfig(base.Config):
    sops_dir = c.Type(str, default="sops")
    downloads_dir = c.Optional(c.Type(str))
    words = c.Optional(c.Type(str))
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: the date review checks use (default: today)
    history = c.Type(bool, default=True)  # publish drafts' last approved git revisions


def _since_release(sops_root: Path | None, linked: LinkedKB) -> SinceRelease | None:
    """The changes since the last release (a `sopkit-release-*` tag), for the home page;
    None without git, without a release, or when the release's content no longer checks."""
    try:
        with open_repository(sops_root or Path("sops")) as repository:
            release = repository.last_release()
            if release is None:
                return None
            return _changes_since(repository, release, sops_root or Path("sops"), linked)
    except GitError:
        return None


def _changes_since(repository: Repository, release: Revision, sops_root: Path,
                   linked: LinkedKB) -> SinceRelease | None:
    with checked_revision(repository, release, sops_root, linked.today) as released:
        if not released.ok:
            log.warning(f"changes since {release.asked} left out: that release no longer "
                        f"checks ({format_text(released.diagnostics, released.files)})")
            return None
        return since_release(released.linked, linked, release.asked, release.date.date())


class _Promised(File):
    """A download still being made while MkDocs builds: a file of the site (pages link to
    it) that MkDocs does not copy; `sopkit build` copies it once it is written."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


class _Download(File):
    """A download already written (a PDF, a register): linked into the site, not copied
    (sitecache.copy_download)."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():  # as MkDocs' own copy_file
            return
        assert self.abs_src_path is not None
        copy_download(Path(self.abs_src_path), Path(self.abs_dest_path))


class SopsPlugin(BasePlugin[SopsConfig]):
    linked: LinkedKB | None = None  # set by `sopkit build`, which has linked it already
    _prepared = None  # the configuration `prepare` completed
    page_cache: PageCache | None = None  # set by `sopkit build` when pages may be reused
    # set by `sopkit build`: downloads still being made (the Word files), linked and listed
    # now, copied into the site by the renderer once they are written (site_renderer.py)
    promised: frozenset[str] = frozenset()

    def _path(self, config, value: str | None) -> Path | None:
        if value is None:
            return None
        base_dir = Path(config.config_file_path or ".").resolve().parent
        return (base_dir / value).resolve()

    def _today(self) -> dt.date:
        return dt.date.fromisoformat(self.config.today) if self.config.today \
            else today_for_checks()

    def _load(self) -> LinkedKB:
        assert self.sops_root is not None  # on_config sets it before any page is made
        result = check(self.sops_root, self._today(), history=self.config.history)
        if not result.ok:
            raise PluginError(format_text(result.diagnostics, result.files))
        return result.linked

    # Before Material's search plugin: it picks its word pipeline by the theme's language.
    @event_priority(50)
    def on_config(self, config):
        if self._prepared is not config:  # `sopkit build` prepares it to look up its cache
            self.prepare(config)
        # `dot` runs as a subprocess: start the charts now, they are collected in on_files.
        self._charts = ThreadPoolExecutor(max_workers=2)
        self._svgs = [self._charts.submit(charts.svg, d.dot) for d in self.portal.diagrams]
        search.add_words(self.words)
        search.use_our_segmenter(config)
        themefiles.install(config.theme)  # before MkDocs lists the theme's files
        mdinline.install()  # before MkDocs converts the first page
        rawanchors.install()
        return config

    def prepare(self, config) -> None:
        """The pages, their Markdown and what completes the configuration (name, language,
        navigation): everything the site is made of, so that its cache key can be known
        before MkDocs builds anything (generator/portal/sitecache.py)."""
        self.sops_root = self._path(config, self.config.sops_dir)
        linked = self.linked if self.linked is not None else self._load()
        downloads = Downloads(find_downloads(self._path(config, self.config.downloads_dir),
                                             self.promised))
        try:
            self.portal = Portal(linked, downloads, _since_release(self.sops_root, linked))
        except SetupError as exc:
            raise PluginError(str(exc)) from None
        identity.apply(config, linked, self.portal.t)
        self.theme_css = linked.kb.theme.portal_css if linked.kb.theme else None
        if self.theme_css and THEME_CSS not in config.extra_css:
            config.extra_css.append(THEME_CSS)
        self.logo = identity.site_logo(linked)
        self.words = self._path(config, self.config.words)
        self.pages = self.portal.pages()
        if config.nav is None:
            config.nav = self.portal.nav(self.pages)
        t = self.portal.t
        config.extra.setdefault("status", {  # the theme prints these unescaped
            "draft": attribute_text(t("watermark_draft")),
            "retired": attribute_text(t("watermark_retired"))})
        self.markdown = {page.uri: self.portal.render(page) for page in self.pages}
        self.home = self.portal.home_markdown()
        self._prepared = config

    def on_files(self, files: Files, config) -> Files:
        search.skip_material_pages(config)  # every on_config has run: Material's index exists
        self._articles: dict[str, str] = {}  # what the search index reads of the pages made
        for page in self.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, File.generated(config, page.uri, content=self.markdown[page.uri],
                                            inclusion=inclusion))
        if files.get_file_from_path(HOME) is None:
            home = "---\nsearch: {exclude: true}\n---\n" + HOME_MARKER + "\n"
            self._add(files, File.generated(config, HOME, content=home))
        self._inline: dict[str, bytes] = {}
        try:
            for diagram, svg in zip(self.portal.diagrams, self._svgs, strict=True):
                self._inline[diagram_uri(diagram.path)] = svg.result()
                self._add(files, File.generated(config, diagram_uri(diagram.path),
                                                content=self._inline[diagram_uri(diagram.path)]))
        except SetupError as exc:  # Graphviz missing: say so, without a traceback
            raise PluginError(str(exc)) from None
        finally:
            self._charts.shutdown()
        for name, source in self.portal.downloads.documents.items():
            made = _Promised if name in self.promised else _Download
            self._add(files, made.generated(config, f"{SITE_FOLDER}/{name}",
                                            abs_src_path=str(source)))
        if self.theme_css:
            self._add(files, File.generated(config, THEME_CSS, abs_src_path=self.theme_css))
        if self.logo is not None:
            self._add(files, File.generated(config, self.logo[0], content=self.logo[1]))
        bundle = self.portal.downloads.forms_zip()
        if bundle is not None:
            self._add(files, File.generated(config, FORMS_ZIP, content=bundle))
        return files

    def _add(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            log.warning(f"`{file.src_uri}` in the docs folder is replaced by the generated page")
            files.remove(existing)
        files.append(file)

    def on_nav(self, nav, *, config, files):
        if self.page_cache is not None:
            charts = [f"{d.path}\0{d.dot}" for d in self.portal.diagrams]
            self.page_cache.serve_bodies(files, config, self._source, charts)
        return nav

    def _source(self, file: File) -> str:
        """What a page is made from: its file, and for the home page its generated part."""
        return file.content_string + ("\0" + self.home if file.src_uri == HOME else "")

    def on_env(self, env, *, config, files):
        if env.bytecode_cache is None:  # the theme's templates, compiled once, not per build
            env.bytecode_cache = bytecode_cache()
        navmemo.install(env)
        if self.page_cache is not None:
            self.page_cache.serve_pages(files)
        return env

    @event_priority(-100)  # last: the page as it is written
    def on_post_page(self, output: str, *, page, config) -> str:
        if self.page_cache is not None:
            self.page_cache.keep_page(page, output)
        article = searchindex.written_article(output)
        if article is not None:
            self._articles[page.file.dest_uri] = article
        return output

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if page.file.src_uri == HOME and HOME_MARKER in markdown:
            return markdown.replace(HOME_MARKER, self.home, 1)
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        """Charts inline, so their boxes link to the step, role or form they show."""
        if "sop-chart" not in html:
            return html
        linked = self.portal.linked

        def link(kind: str, item_id: str) -> str | None:
            if kind == "step":  # a workflow's chart is on the workflow's page
                return f"#step-{item_id}"
            uri = actor_uri(linked, item_id) if kind == "role" else (
                page_uri(linked.kb.forms[item_id]) if item_id in linked.kb.forms else None)
            path, _, anchor = (uri or "").partition("#")
            target = files.get_file_from_path(path) if path else None
            if target is None:
                return None
            return get_relative_url(target.url, page.url) + (f"#{anchor}" if anchor else "")
        return charts.inline_charts(html, self._inline, link,
                                    charts.toolbar(self.portal.t))

    def on_post_build(self, *, config) -> None:
        site_dir = Path(config.site_dir)
        search_plugin = config.plugins.get("material/search") or config.plugins.get("search")
        languages = list(getattr(search_plugin, "config", {}).get("lang") or [])
        prune.prune(site_dir, languages)
        notfound.relative_404(site_dir)
        if not (site_dir / searchindex.INDEX).is_file():
            return  # the site has no search
        if not search.patch_worker(site_dir):
            log.warning("could not find Material's search worker (was Material upgraded?): "
                        "search uses Material's own index, without document numbers")
            return
        entries = [searchindex.Entry(p.uri, p.title, p.number, p.status)
                   for p in self.pages if p.searchable]
        words = file_fingerprint(self.words) if self.words else ""
        searchindex.install(site_dir, searchindex.build(site_dir, entries, self.portal.linked,
                                                        self.portal.t, words, self._articles))

    def on_build_error(self, *, error) -> None:
        if getattr(self, "_charts", None):
            self._charts.shutdown(cancel_futures=True)

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.sops_root))
        return server

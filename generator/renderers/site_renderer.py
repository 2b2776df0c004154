"""`dist/site/`: the SOP portal, built by MkDocs.

The configuration is the `mkdocs.yml` beside the knowledge base's `sops/` folder if there is
one, else sopkit's own (the repository's, packaged in a wheel). The `sops` plugin named there
makes the pages; this renderer hands it the model `sopkit build` already linked, so the
knowledge base is read once, and points it at the Word and PDF files the other renderers
wrote, which is why it runs last. The Word files may still be in the making then (build.py
``RenderContext.later``): the site is built meanwhile, and copies them once they are written.
The build is strict (a broken link fails it), quiet, and reproducible: the build date MkDocs
writes into the sitemap is the build's "today".
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from .. import segmenter, store
from ..errors import SetupError
from ..linker import LinkedKB
from ..paths import DEFAULT_MKDOCS_YML
from ..portal import sitecache
from ..portal.downloads import SITE_FOLDER
from ..portal.pagecache import PageCache, quiet_dirty_warning, restore_dirty_warning

NAME = "site"
ORDER = 90
DESCRIPTION = "the searchable SOP portal in dist/site (MkDocs Material)"
# Built while the Word files are still being made: it only links to them and copies them
# into the site, which it does at its end, once they are written (see render).
READS_OTHER_OUTPUTS = False


class PortalBuildFailed(SetupError):
    """MkDocs refused the portal (a broken link in site/, a bad mkdocs.yml): fixable by the
    user, so reported as one message, not a traceback."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _quiet_mkdocs():
    """MkDocs' INFO lines are not for `sopkit build`; its warnings become the error."""
    logger, collected = logging.getLogger("mkdocs"), _Collect()
    level = logger.level
    logger.addHandler(collected)
    logger.setLevel(logging.WARNING)
    try:
        yield collected.messages
    finally:
        logger.removeHandler(collected)
        logger.setLevel(level)


@contextmanager
def _build_date(day: dt.date):
    """MkDocs reads SOURCE_DATE_EPOCH for the dates in sitemap.xml(.gz)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        moment = dt.datetime.combine(day, dt.time(), dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _config_file(sops_root: Path) -> Path:
    """The knowledge base's own configuration sits beside its `sops/`, as `mkdocs serve`
    expects it there too."""
    own = Path(sops_root).resolve().parent / "mkdocs.yml"
    return own if own.is_file() else DEFAULT_MKDOCS_YML


def _config(linked: LinkedKB, context, promised: frozenset[str]):
    from mkdocs.config import (
        load_config,  # MkDocs is only needed when the portal is built
    )

    segmenter.import_jieba()  # sopkit's way, before Material's search plugin imports it
    config_file = _config_file(context.sops_root)
    if not config_file.is_file():
        raise PortalBuildFailed(f"the portal needs {config_file}, which is missing")
    config = load_config(str(config_file), site_dir=str(context.out / "site"), strict=True)
    plugin = config.plugins.get("sops")
    if plugin is None:
        raise PortalBuildFailed(f"{config_file} does not use the `sops` plugin")
    plugin.linked = linked
    plugin.config.sops_dir = str(Path(context.sops_root).resolve())
    plugin.config.downloads_dir = str(context.out)
    plugin.promised = promised
    return config


def render(linked: LinkedKB, context) -> None:
    from mkdocs.exceptions import MkDocsException

    promised = _promised(context)
    site_dir, later = context.out / "site", {}
    with _quiet_mkdocs() as warnings, _build_date(linked.today):
        try:
            for _ in context.progress([None], "site"):
                config = _config(linked, context, promised)
                plugin = config.plugins["sops"]
                plugin.prepare(config)  # the pages: what the cache key is made of
                key = sitecache.site_key(config, plugin) if store.enabled() else None
                downloads = plugin.portal.downloads.site_files()
                later = {path: source for path, source in downloads.items()
                         if path.removeprefix(f"{SITE_FOLDER}/") in promised}
                restored = sitecache.restore(key, site_dir, downloads, later) if key else None
                if restored is not None:
                    _count(context.tally, restored, reused=True)
                    continue
                _build(config, plugin, key, site_dir, downloads, context.tally)
        except MkDocsException as exc:
            details = "\n".join(f"  {line}" for line in warnings)
            raise PortalBuildFailed(f"the portal was not built: {exc}\n{details}") from None
    if promised:  # the Word files the pages link to: written now, then copied
        context.finish_all()
        for path, source in sorted(later.items()):
            sitecache.copy_download(source, site_dir / path)


def _promised(context) -> frozenset[str]:
    """The files other renderers are still making (the Word files, build.py
    ``RenderContext.later``): the site is built meanwhile and copies them at its end. Only
    files it copies as they are: if a form is among them (its bytes go into forms.zip), the
    site waits for them first."""
    promised = context.promised()
    if any(name.startswith("forms/") for name in promised):
        context.finish_all()
        return frozenset()
    return promised


def _build(config, plugin, key: str | None, site_dir: Path, downloads: dict,
           tally) -> None:
    """MkDocs builds the site; with the cache, as a dirty build of the emptied site folder
    in which the pages whose inputs are unchanged come from the cache (portal/pagecache)."""
    from mkdocs.commands.build import build

    frame = sitecache.frame_parts(config) if key else None
    if key is None or frame is None:
        build(config)
        files = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")]
        _count(tally, sitecache.pages_of(files), reused=False)
        return
    plugin.page_cache = pages = PageCache(frame)
    sitecache.empty(site_dir)
    quiet = quiet_dirty_warning()
    try:
        build(config, dirty=True)
        pages.keep()
    finally:
        restore_dirty_warning(quiet)
        plugin.page_cache = None
    sitecache.save(key, site_dir, downloads, [*pages.reused, *pages.made], pages.written)
    _count(tally, pages.reused, reused=True)
    _count(tally, pages.made, reused=False)


def _count(tally, pages: list[str], reused: bool) -> None:
    """The tally counts the site's pages: what an edit re-renders."""
    for page in pages:
        tally.count(NAME, reused=reused, name=f"site/{page}")

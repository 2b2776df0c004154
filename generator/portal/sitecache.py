"""The portal from the build cache: a site whose inputs are unchanged is restored, not built.

The key (``site_key``) holds everything the MkDocs build reads: sopkit's code fingerprint
(which covers MkDocs, Material and their versions), the configuration as loaded and as the
plugin completed it (name, language, navigation, extra), the files of the docs folder and
theme overrides, every generated page's Markdown and the home page's, the charts' Graphviz
sources, the downloads' names (and the bytes of the forms, zipped into forms.zip), the theme
CSS, the logo, the extra search words and the date printed in sitemap.xml. A configuration
that reads something the key cannot see (a plugin or hook sopkit does not know, a Markdown
extension that includes files) is never cached.

An entry is a manifest (``site`` kind) naming every file of the built site by the SHA-256 of
its bytes; the bytes are kept once each (``site-file`` kind), so two builds share what they
have in common. A page the page cache keeps (pagecache.py, ``site-page`` kind) is named by
that entry instead: its bytes, most of them the navigation, are not kept twice. Downloads are
not kept at all: they are copied again from the documents the other renderers just wrote (the
Word files once they are written, see site_renderer.py), so a download's new bytes never need
a new key.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path

from .. import store
from ..buildcache import file_fingerprint, output_key
from ..outputs import write_atomic
from .pagecache import BUILT

MANIFEST_KIND = "site"
FILE_KIND = "site-file"
DOWNLOAD = "download"  # a manifest's mark for a download: copied from the documents
KEPT_PAGE = "page:"    # a manifest's mark for a page kept by the page cache, before its key
# Plugins whose inputs the key holds: sopkit's own and the two Material plugins it configures.
KNOWN_PLUGINS = {"sops", "search", "material/search", "offline", "material/offline"}
# Markdown extensions that read files named in the text: their inputs are not in the key.
READS_FILES = {"pymdownx.snippets", "pymdownx.b64", "markdown_include.include"}
# Configuration values that are paths on this machine: their contents are hashed instead.
_PATHS = {"config_file_path", "docs_dir", "site_dir", "theme", "plugins", "dev_addr"}
_SOPS_PATHS = {"sops_dir", "downloads_dir", "words"}


class NotCacheable(Exception):
    """The configuration reads something the key cannot hold: build without the cache."""


def site_key(config, plugin) -> str | None:
    """The key of the site this configuration and prepared plugin would build, or None when
    it cannot be cached."""
    frame = frame_parts(config)
    if frame is None:
        return None
    return output_key(MANIFEST_KIND, *frame, *_content_parts(plugin))


def frame_parts(config) -> list[str] | None:
    """The part of the key that is not the pages: configuration, docs folder, theme, date
    (also what every cached page's key starts with, see pagecache)."""
    try:
        parts = list(_config_parts(config))
    except NotCacheable:
        return None
    return [*parts, f"date={os.environ.get('SOURCE_DATE_EPOCH', '')}"]


def _config_parts(config) -> Iterator[str]:
    unknown = set(config.plugins) - KNOWN_PLUGINS
    if unknown or config.hooks:
        raise NotCacheable(f"plugins or hooks: {sorted(unknown) or sorted(config.hooks)}")
    if READS_FILES & set(config.markdown_extensions):
        raise NotCacheable("a Markdown extension that reads files")
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and (search.config.get("jieba_dict")
                               or search.config.get("jieba_dict_user")):
        raise NotCacheable("Material's search reads a jieba dictionary")
    yield "config=" + _plain({k: v for k, v in config.items() if k not in _PATHS})
    yield "theme=" + _plain(dict(config.theme))
    for name, found in sorted(config.plugins.items()):
        options = {k: v for k, v in found.config.items()
                   if not (name == "sops" and k in _SOPS_PATHS)}
        yield f"plugin {name}=" + _plain(options)
    if config.config_file_path:
        yield "mkdocs.yml=" + file_fingerprint(Path(config.config_file_path))
    folders = {Path(config.docs_dir).resolve()}
    custom_dir = config.theme.custom_dir
    if custom_dir:
        folders.add(Path(custom_dir).resolve())
    for folder in sorted(folders):
        yield from _folder_parts(folder)
    # jieba cuts the search index's words; its version is not among buildcache.LIBRARIES
    yield "jieba=" + _version("jieba")


def _content_parts(plugin) -> Iterator[str]:
    """What the plugin generates: pages, charts, downloads, the theme's CSS and logo."""
    for page in plugin.pages:  # and what the search index says of it
        yield (f"page {page.uri} {page.in_nav} {page.searchable} {page.status} {page.number}"
               f"\0{page.title}\0{plugin.markdown[page.uri]}")
    yield "home\0" + plugin.home
    for diagram in plugin.portal.diagrams:
        yield f"chart {diagram.path}\0{diagram.dot}"
    # Downloads by name: their bytes are copied into the site, never kept in the cache
    # (some are still being made now); the forms' bytes are in the site's forms.zip, though.
    for name, source in sorted(plugin.portal.downloads.documents.items()):
        zipped = file_fingerprint(source) if name in plugin.portal.downloads.forms() else ""
        yield f"download {name}={zipped}"
    if plugin.theme_css:
        yield "theme css=" + file_fingerprint(Path(plugin.theme_css))
    if plugin.logo is not None:
        yield f"logo {plugin.logo[0]}=" + hashlib.sha256(plugin.logo[1]).hexdigest()
    if plugin.words is not None:
        yield "words=" + file_fingerprint(plugin.words)


def _folder_parts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield f"file {path.relative_to(folder)}=" + file_fingerprint(path)


def _plain(value) -> str:
    return json.dumps(_plain_value(value), ensure_ascii=False, sort_keys=True)


def _plain_value(value):
    """JSON for a configuration value; an object without a stable text is not cacheable."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_value(v) for v in value]
    text = repr(value)
    if " at 0x" in text:  # an object's address: not the same in the next build
        raise NotCacheable(f"a configuration value without a stable text: {text[:60]}")
    return f"{type(value).__name__}:{text}"


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


# ------------------------------------------------------------------ the site's files


def pages_of(names: Iterable[str]) -> list[str]:
    """The HTML pages among a site's files (the theme's 404 page is not one of the site's
    pages): what the build tally counts."""
    return sorted(name for name in names if name.endswith(".html") and name != "404.html")


def restore(key: str, site_dir: Path, downloads: Mapping[str, Path],
            later: Collection[str] = ()) -> list[str] | None:
    """The site of ``key`` written into ``site_dir`` (emptied first, as MkDocs does); its
    pages, or None when it is not (or no longer wholly) in the cache. The downloads named
    in ``later`` (site paths) are not copied: they are still being made."""
    manifest = store.load(MANIFEST_KIND, key)
    if manifest is None:
        return None
    entries = json.loads(manifest)
    blobs: dict[str, bytes] = {}
    for name, digest in entries["files"].items():
        if name in downloads:
            continue
        data = _load(digest)
        if data is None:  # pruned since: the site is built again
            return None
        blobs[name] = data
    empty(site_dir)
    for folder in entries["folders"]:
        (site_dir / folder).mkdir(parents=True, exist_ok=True)
    for name in entries["files"]:
        if name in later:
            continue
        if name in downloads:
            copy_download(downloads[name], site_dir / name)
        else:
            write_atomic(site_dir / name, blobs[name])
    return list(entries["pages"])


def _load(digest: str) -> bytes | None:
    if digest.startswith(KEPT_PAGE):
        return store.load(BUILT, digest.removeprefix(KEPT_PAGE))
    return store.load(FILE_KIND, digest)


def save(key: str, site_dir: Path, downloads: Mapping[str, Path], pages: list[str],
         kept: Mapping[str, tuple[str, bytes]] | None = None) -> None:
    """Keep the site just built under ``key``, with the names of its ``pages``. ``kept``: the
    pages the page cache keeps, by site path (its key and the bytes it keeps): a file with
    those bytes is named by that entry."""
    kept = kept or {}
    files: dict[str, str] = {}
    folders: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        name = path.relative_to(site_dir).as_posix()
        if name.startswith("."):  # left there by someone else (see _empty)
            continue
        if path.is_dir():
            folders.append(name)
            continue
        if name in downloads:  # copied again from the documents (some not written yet)
            continue
        data = path.read_bytes()
        page = kept.get(name)
        if page is not None and page[1] == data:
            files[name] = KEPT_PAGE + page[0]
            continue
        digest = hashlib.sha256(data).hexdigest()
        files[name] = digest
        store.save(FILE_KIND, digest, data)
    files.update((name, DOWNLOAD) for name in downloads)
    manifest = {"files": files, "folders": folders, "pages": sorted(pages)}
    store.save(MANIFEST_KIND, key, json.dumps(manifest, sort_keys=True).encode("utf-8"))


def empty(site_dir: Path) -> None:
    """As MkDocs empties it: hidden entries stay (MkDocs never writes one)."""
    from mkdocs.utils import clean_directory  # late: MkDocs only when the portal is built

    site_dir.mkdir(parents=True, exist_ok=True)
    clean_directory(str(site_dir))


def copy_download(source: Path, target: Path) -> None:
    """A download into the site: a hard link to the document where the file system allows
    one (the site is inside the output folder), else a copy. Copying the sample's 15 MB of
    Word and PDF files at the build's end was 2-3 % of a whole build's main-process samples
    (py-spy), most of it waiting on the disk. Documents are only ever written whole, under a
    new name then renamed (outputs.write_atomic), never rewritten in place, so a document
    and its download never change under each other."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if os.path.samefile(source, target):
            return  # written into the site by its maker (as MkDocs allows plugins to)
        target.unlink()
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)

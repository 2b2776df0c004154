"""What the renderers' cache keys are made of besides their own HTML or data (issue 14),
and the one way they look outputs up before dispatching work to worker processes.

A key must hold everything the output reads (generator/buildcache.py). Some of that is not
in the HTML: the font files a PDF embeds or LibreOffice lays text out with (named in the
HTML only by family), the pictures in the build folder a Word document embeds (named only
by path), and the LibreOffice that pages the Word handbook's table of contents.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from . import store
from .buildcache import Tally, file_fingerprint, output_key
from .documents import Document
from .docx import REFERENCE_PATH
from .pdf import page_css
from .pdf.weasy import DOCUMENTS_DIR

WORD_KIND = "docx"
TOC_MARK = '<nav class="toc"'  # only the handbook has one (templates/documents/handbook.html.j2)
_SRC = re.compile(r"""<img\b[^>]*?\bsrc=["']([^"']+)["']""")


@lru_cache(maxsize=8)
def font_fingerprint(family: str) -> str:
    """The content of every file of a font family (all its weights), as fontconfig finds
    them: a new version of the font under the same name is a new key."""
    if shutil.which("fc-list") is None:
        return f"{family}: no fontconfig"
    listing = subprocess.run(["fc-list", f":family={family}", "file"], capture_output=True,
                             text=True, check=False).stdout
    files = sorted({line.split(":")[0].strip() for line in listing.splitlines() if line.strip()})
    digest = hashlib.sha256(family.encode("utf-8"))
    for name in files:
        digest.update(f"\0{name}\0{file_fingerprint(Path(name))}".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def libreoffice_version() -> str:
    """The LibreOffice that pages the Word handbook to number its TOC (another version may
    break pages elsewhere). Read from the installation's files: `soffice --version` starts
    LibreOffice, seconds on a loaded machine, at every build."""
    found = shutil.which("soffice")
    if found is None:
        return "soffice missing"
    program = Path(found).resolve().parent
    marks = [program / "versionrc", program / "soffice.bin", program / "libmergedlo.so"]
    if not marks[0].is_file():
        done = subprocess.run(["soffice", "--version"], capture_output=True, text=True,
                              check=False, timeout=120)
        return done.stdout.strip() or done.stderr.strip()
    # the build id and the size and time of the program files: a new package changes them
    stamps = [f"{mark.name} {mark.stat().st_size} {mark.stat().st_mtime_ns}"
              for mark in marks[1:] if mark.is_file()]
    return "\n".join([marks[0].read_text(encoding="utf-8", errors="replace"), *stamps])


def embedded_files(html: str, folder: Path, also: Iterable[str] = ()) -> str:
    """Path and content of each picture the Word converter embeds: every ``<img src>`` and
    ``also`` (the running header's logo, named in the document's meta), each by its PNG twin
    when it is an SVG, read from ``folder``, where the diagrams renderer wrote them earlier
    in the same build."""
    parts = []
    for src in sorted({*_SRC.findall(html), *also}):
        relative = PurePosixPath(src)
        if relative.suffix == ".svg":
            relative = relative.with_suffix(".png")
        if relative.is_absolute() or ".." in relative.parts:
            parts.append(f"{src}=unsafe")  # the converter refuses it; nothing is cached
            continue
        parts.append(f"{src}={file_fingerprint(folder.joinpath(*relative.parts))}")
    return "\n".join(parts)


def word_key(document: Document, assets: Path) -> str:
    """Everything the Word file of ``document`` reads: its HTML, the reference document it
    is styled by, the pictures it embeds from ``assets``; a document with a TOC (the
    handbook) is also paged by LibreOffice, which lays its text out in the font files."""
    meta = dict(document.meta)
    logo = [meta["logo"]] if meta.get("logo") else []
    return output_key(WORD_KIND, document.html,
                      file_fingerprint(Path(meta.get("word-reference") or REFERENCE_PATH)),
                      embedded_files(document.html, assets, logo), toc_paging(document))


def toc_paging(document: Document) -> str:
    """What LibreOffice's layout of a document with a TOC (the handbook) reads besides the
    file: its version and the font files it lays the text out in ("" without a TOC). Also
    in the key of each chunk of the book it lays out (docx/tocchunks.py)."""
    if TOC_MARK not in document.html:
        return ""
    return f"{libreoffice_version()}\n{font_fingerprint(dict(document.meta)['font'])}"


def print_key(document: Document, *stylesheets: Path) -> str:
    """Everything a PDF printed in this process (``pdf.render_pdf``) of a document without
    diagrams reads: its HTML, its page furniture (with the theme's print.css), the
    feature's own stylesheets and the font files WeasyPrint embeds."""
    meta = dict(document.meta)
    return output_key("pdf-document", document.html, page_css(meta),
                      *(file_fingerprint(sheet) for sheet in (HOUSE_CSS, *stylesheets)),
                      font_fingerprint(meta["font"]))


HOUSE_CSS = DOCUMENTS_DIR / "print.css"  # printed under every document


@dataclass(frozen=True)
class Wanted:
    """One output: where it goes (its name in the tally) and its key."""

    name: str
    key: str


def look_up(tally: Tally, fmt: str, kind: str, wanted: Iterable[Wanted]
            ) -> tuple[dict[str, bytes], list[Wanted]]:
    """The outputs found in the cache (counted as reused) and those still to make. Done in
    the main process, so only misses go to worker processes."""
    found, missing = {}, []
    for item in wanted:
        data = store.load(kind, item.key)
        if data is None:
            missing.append(item)
        else:
            found[item.name] = data
            tally.count(fmt, reused=True, name=item.name)
    return found, missing


def made(tally: Tally, fmt: str, kind: str, item: Wanted, data: bytes) -> bytes:
    """An output just made: kept for the next build and counted as rebuilt."""
    store.save(kind, item.key, data)
    tally.count(fmt, reused=False, name=item.name)
    return data


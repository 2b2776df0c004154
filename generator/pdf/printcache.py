"""Printed PDFs kept in the build cache (buildcache.py, store.py), so a rebuild prints only
what an edit touched.

Two levels, both looked up in the main process before any work goes to a worker:

- a whole document (``pdf`` entries): keyed by everything its printing reads — its HTML
  (which already holds every model fact it shows, the draft marks and any printed date),
  its page furniture and the theme's print.css (``page_css``), the house print.css and any
  extra stylesheet, the diagrams and logo it embeds, the PDF variant, the fonts' files and
  how it is cut into parts. An unchanged document is one lookup.
- one printed part of a book printed in parts (``pdf-part`` entries): keyed by the part's
  own HTML and stylesheets (the same things, for that part). Editing one role re-prints
  only the part holding it; the table of contents and the footers are printed again only
  when the page numbers they show change, and the join is always re-done (it is cheap).

A part remembers the full font programs it left for the join (fontmerge.py), by content
(``pdf-font`` entries), so a book joined from cached parts embeds the same fonts as one
printed afresh: the output is byte-identical to a ``--no-cache`` build.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from .. import store
from ..buildcache import Tally, file_fingerprint, output_key
from .weasy import DOCUMENTS_DIR, PrintedPart, page_css

FORMAT = "pdf"          # the tally line of the files in dist/
PARTS = "pdf-parts"     # the tally line of a book's printed parts, contents and footers
_BOOK, _PART, _FONT = "pdf", "pdf-part", "pdf-font"


@functools.lru_cache(maxsize=8)
def fonts_fingerprint(family: str) -> str:
    """The files fontconfig gives for ``family`` and for the generic fallback, by
    content: an upgraded or replaced font lays text out differently. The list of every
    installed font file is in too, as a new font can become the fallback for a glyph."""
    if not shutil.which("fc-list"):
        return "no fontconfig"
    files = _fc(["fc-list", family, "file"]) + _fc(["fc-match", "-s", "sans-serif", "file"])[:3]
    every = _fc(["fc-list", ":", "file"])
    digest = hashlib.sha256("\n".join(sorted(every)).encode("utf-8"))
    for path in sorted(set(files)):
        digest.update(f"{path}={file_fingerprint(Path(path))}\n".encode())
    return digest.hexdigest()


def _fc(command: list[str]) -> list[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return [line.split("file=")[-1].strip().rstrip(":").strip()
            for line in done.stdout.splitlines() if line.strip()]


def _stylesheet_text(sheet: object) -> str:
    if isinstance(sheet, str):
        return sheet
    return f"{sheet}\0{file_fingerprint(Path(str(sheet)))}"


class PrintCache:
    """The lookups and saves of one print_documents call, counted in ``tally``."""

    def __init__(self, tally: Tally, svgs: Mapping[str, bytes], variant: str | None):
        self.tally, self.variant = tally, variant
        self._svg_digests = {src: hashlib.sha256(data).hexdigest() for src, data in svgs.items()}
        self._house_css = file_fingerprint(DOCUMENTS_DIR / "print.css")
        self._font_digests: dict[str, str] = {}  # font folder name → digest, once a build

    def _common(self, svgs_used: Mapping[str, bytes], font: str) -> tuple[str, ...]:
        images = "\n".join(f"{src}={self._svg_digests.get(src) or _digest(data)}"
                           for src, data in sorted(svgs_used.items()))
        return (self._house_css, images, self.variant or "-", fonts_fingerprint(font))

    # whole documents

    def book_key(self, path: str, html: str, meta: Mapping, extra_css: tuple,
                 svgs_used: Mapping[str, bytes], plan: str) -> str:
        return output_key(_BOOK, path, html, json.dumps(dict(meta), sort_keys=True),
                          page_css(dict(meta)), *map(_stylesheet_text, extra_css),
                          *self._common(svgs_used, meta["font"]), plan)

    def load_book(self, key: str, path: str) -> bytes | None:
        data = store.load(_BOOK, key)
        if data is not None:
            self.tally.count(FORMAT, reused=True, name=f"{path}.pdf")
        return data

    def keep_book(self, key: str, path: str, pdf: bytes) -> None:
        store.save(_BOOK, key, pdf)
        self.tally.count(FORMAT, reused=False, name=f"{path}.pdf")

    # printed parts

    def part_key(self, html: str, stylesheets: tuple, svgs_used: Mapping[str, bytes],
                 font: str, write: bool) -> str:
        return output_key(_PART, html, *map(_stylesheet_text, stylesheets),
                          *self._common(svgs_used, font), "pdf" if write else "layout")

    def load_part(self, key: str, font_dir: str | None, name: str) -> PrintedPart | None:
        data = store.load(_PART, key)
        printed = _decode(data, font_dir) if data is not None else None
        if printed is not None:
            self.tally.count(PARTS, reused=True, name=name)
        return printed

    def keep_part(self, key: str, printed: PrintedPart, font_dir: str | None,
                  name: str) -> None:
        if store.enabled():
            store.save(_PART, key, self._encode(printed, font_dir))
        self.tally.count(PARTS, reused=False, name=name)

    def _encode(self, printed: PrintedPart, font_dir: str | None) -> bytes:
        """A part as a JSON header (what the join needs to know) and its PDF; the full font
        programs it left in ``font_dir`` are kept by content beside it."""
        fonts = {}
        for name in printed.fonts:
            digest = self._font_digests.get(name) or _keep_font(font_dir, name)
            if digest:
                fonts[name] = self._font_digests[name] = digest
        header = {"page_heights": printed.page_heights,
                  "bottom_margins": printed.bottom_margins, "anchors": printed.anchors,
                  "outside_links": printed.outside_links, "bookmarks": printed.bookmarks,
                  "fonts": fonts}
        return json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\0" + printed.pdf


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _keep_font(font_dir: str | None, name: str) -> str | None:
    """The digest of a full font program a worker left, kept in the store (~20 MB for a
    CJK font: written once, not per part); None if there is none to keep."""
    program = _read(Path(font_dir, name)) if font_dir else None
    if program is None:
        return None
    digest = _digest(program)
    if not store.entry_path(_FONT, digest).exists():
        store.save(_FONT, digest, program)
    return digest


def _decode(data: bytes, font_dir: str | None) -> PrintedPart | None:
    """The part, with its font programs put back in ``font_dir``; None if an entry is
    damaged or a font program is gone (pruned): the part is then printed again."""
    head, _, pdf = data.partition(b"\0")
    try:
        header = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    for name, digest in header["fonts"].items():
        if font_dir and not _restore_font(Path(font_dir, name), digest):
            return None
    return PrintedPart(
        pdf, tuple(header["page_heights"]), tuple(header["bottom_margins"]),
        {name: (page, x, y) for name, (page, x, y) in header["anchors"].items()},
        tuple((page, target, tuple(rect)) for page, target, rect in header["outside_links"]),
        tuple(tuple(mark) for mark in header["bookmarks"]), tuple(header["fonts"]))


def _restore_font(target: Path, digest: str) -> bool:
    if target.exists():
        return True
    program = store.load(_FONT, digest)
    if program is None:
        return False
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(program)
        os.replace(temporary, target)  # a worker may be writing the same font
    except OSError:
        temporary.unlink(missing_ok=True)
        return False
    return True


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None

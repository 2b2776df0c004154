"""The page each heading of a Word file is printed on by LibreOffice, kept per unit so an
edit re-prints only the units it touched.

The file is cut into units that start on a new page (pageunits.py); each unit's answer
(its page count and its headings' pages within it) is kept in the store, keyed by the
unit's print file, the installed LibreOffice and the installed fonts, so any build that
meets the same unit again reuses it. The headings' pages are the units' answers with the
pages of the units before added. The units not found are printed either

- each on its own, in one ``soffice`` call, when they are few (an edit's rebuild), or
- as the whole file with each unit's start marked, when printing them one by one would
  cost more (a cold build): every file LibreOffice opens costs about as much as 60 kB of
  body, and one whole print answers for every unit at once.

Both ways give the pages of a whole-file print: tests/test_docx_pagination.py compares
them on the sample and on a synthetic knowledge base, before and after edits that move
pages.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

from .. import store
from . import libreoffice
from .libreoffice import libreoffice_version
from .pageunits import MARK, Split, Unit

KIND = "docx-pages"
FORMAT = "1"  # the entry's layout and the unit rules: a change is a new key
FILE_COST = 60_000  # what opening one more file costs LibreOffice, in bytes of body
_MARKED = re.compile(rf"{MARK}(\d+)$")


@dataclass(frozen=True)
class Paged:
    """What a unit's print says: its page count and (title, page in the unit) of each
    heading LibreOffice put in the PDF's outline, in order."""

    pages: int
    headings: list[tuple[str, int]]


@dataclass(frozen=True)
class Printed:
    """A PDF's page count, its outline entries (title, 1-based page) in order, and the
    first page of each marked unit."""

    pages: int
    headings: list[tuple[str, int]]
    starts: dict[int, int]


def heading_pages(docx: bytes) -> list[tuple[str, int]]:
    """(title, 1-based page) of every heading LibreOffice prints ``docx`` with, as the
    whole file's print puts them."""
    book = Split(docx)
    keys = [_key(book, unit) for unit in book.units]
    paged = [_load(key) for key in keys]
    missing = [index for index, found in enumerate(paged) if found is None]
    if missing and _whole_is_cheaper(book, missing):
        return _print_whole(book, keys)
    pdfs = libreoffice.print_pdfs([book.file(book.units[index]) for index in missing]
                                  ) if missing else []
    for index, pdf in zip(missing, pdfs, strict=True):
        unit_pages = _unit_pages(read_pdf(pdf), book.units[index])
        store.save(KIND, keys[index], _dump(unit_pages))
        paged[index] = unit_pages
    found: list[tuple[str, int]] = []
    offset = 0
    for each in paged:
        assert each is not None  # every miss was printed above
        found += [(title, offset + page) for title, page in each.headings]
        offset += each.pages
    return found


def read_pdf(pdf: bytes) -> Printed:
    reader = PdfReader(io.BytesIO(pdf))
    headings: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                page = reader.get_destination_page_number(item)
                if page is not None:
                    headings.append((re.sub(r"\s+", "", item.title), page + 1))
    walk(reader.outline)
    starts = {}
    for name, destination in reader.named_destinations.items():
        marked = _MARKED.search(name)
        page = reader.get_destination_page_number(destination)
        if marked and page is not None:
            starts[int(marked.group(1))] = page + 1
    return Printed(len(reader.pages), headings, starts)


def _whole_is_cheaper(book: Split, missing: list[int]) -> bool:
    return sum(len(book.units[index].body) + FILE_COST for index in missing) > book.size


def _print_whole(book: Split, keys: list[str]) -> list[tuple[str, int]]:
    """The whole file's headings, from one print that also pages every unit whose start
    and end it shows, kept for the next builds."""
    [pdf] = libreoffice.print_pdfs([book.marked()])
    printed = read_pdf(pdf)
    starts = [1, *(printed.starts.get(index) for index in range(1, len(keys)))]
    ends = [*starts[1:], printed.pages + 1]
    for key, start, end in zip(keys, starts, ends, strict=True):
        if start is not None and end is not None:
            store.save(KIND, key, _dump(Paged(end - start, [
                (title, page - start + 1) for title, page in printed.headings
                if start <= page < end])))
    return printed.headings


def _unit_pages(printed: Printed, unit: Unit) -> Paged:
    """The unit's own pages: the empty pages before and after it are not counted."""
    last = printed.pages - unit.trail
    return Paged(last - unit.lead, [(title, page - unit.lead)
                                    for title, page in printed.headings
                                    if unit.lead < page <= last])


def _key(book: Split, unit: Unit) -> str:
    """Everything the unit's print reads: its file, LibreOffice and the fonts."""
    return store.key_of(KIND, FORMAT, libreoffice_version(), installed_fonts(),
                        book.fingerprint(unit))


@lru_cache(maxsize=1)
def installed_fonts() -> str:
    """The fonts LibreOffice may lay text out in, by file, size and time: a new font (or
    a new version of one) is a new key."""
    if shutil.which("fc-list") is None:
        return "no fontconfig"
    listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                            text=True, check=False).stdout
    digest = hashlib.sha256()
    for name in sorted(set(listed.split("\n")) - {""}):
        try:
            info = Path(name).stat()
        except OSError:
            continue
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _load(key: str) -> Paged | None:
    data = store.load(KIND, key)
    if data is None:
        return None
    try:
        value = json.loads(data)
        return Paged(int(value["pages"]), [(str(title), int(page))
                                           for title, page in value["headings"]])
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry: printed again


def _dump(paged: Paged) -> bytes:
    return json.dumps({"pages": paged.pages, "headings": paged.headings},
                      ensure_ascii=False).encode("utf-8")

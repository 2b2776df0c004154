"""Document HTML → .docx bytes: open the reference document, clear its body, fill it.

Nothing about the look is decided here: styles, numbering, page set-up, header and footer
come from the reference document, so HR's changes to it in Word carry through.
"""
from __future__ import annotations

import hashlib
import io
from collections import Counter
from functools import lru_cache
from pathlib import Path

import docx
from docx.opc.package import Unmarshaller
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.package import Package
from lxml import etree

from .. import store
from .blocks import write_body
from .bookmarks import names_are_candidates
from .context import Context
from .defaults import REFERENCE_PATH
from .errors import BadReference, TemplateBug
from .figures import logo_file
from .fonts import apply_to_runs, apply_to_styles
from .furniture import furnish, stories
from .marks import apply_marks
from .ooxml import el, insert_in_order, qn
from .package import fix_core_properties, in_order, normalized_zip, package_entries
from .source import parse

# CT_Settings order from w:updateFields on: it must precede these to be schema-valid.
SETTINGS_AFTER_UPDATE_FIELDS = ["w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
                                "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
                                "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                                "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
                                "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                                "w:smartTagType", "w:shapeDefaults",
                                "w:doNotEmbedSmartTags", "w:decimalSymbol",
                                "w:listSeparator"]


def html_to_docx(html: str, assets: Path, reference: Path = REFERENCE_PATH,
                 name: str = "document", pieces: bool = False) -> bytes:
    """``assets`` is the folder ``<img src>`` paths are relative to (the build's dist/).
    ``pieces``: the chapters' items are kept in the build cache and taken from it
    (pieces.py); the same bytes either way."""
    return normalized_zip(html_to_parts(html, assets, reference, name, pieces))


def html_to_parts(html: str, assets: Path, reference: Path = REFERENCE_PATH,
                  name: str = "document", pieces: bool = False) -> dict[str, bytes]:
    """The .docx's entries (package.normalized_zip zips them): for a file that is changed
    again before it is written (the handbook's TOC numbers: tocpages.py), so that it is
    deflated once."""
    return html_to_parts_and_body(html, assets, reference, name, pieces)[0]


def html_to_parts_and_body(html: str, assets: Path, reference: Path = REFERENCE_PATH,
                           name: str = "document", pieces: bool = False
                           ) -> tuple[dict[str, bytes], etree._Element]:
    """html_to_parts, and the tree word/document.xml was serialised from: the TOC pass
    (tocpages.number_toc_parts) numbers it rather than parse the bytes again (8.7 MB,
    0.14-0.19 s on the 300-role handbook)."""
    source = parse(html, name)
    # a knowledge base's sops/theme/reference.docx, when it has one, styles its documents
    themed = source.meta.get("word-reference")
    reference_bytes = _reference_bytes(Path(themed) if themed else reference)
    document = _open_reference(reference_bytes)
    _clear_body(document)
    known_ids = _unique_ids(source.body, name)
    context = Context(document, assets, known_ids=known_ids)
    if pieces and store.enabled() and names_are_candidates(known_ids):
        context.piece_key = hashlib.sha256(reference_bytes).hexdigest()
    try:
        write_body(context, source.body)
    except TemplateBug as bug:
        raise TemplateBug(f"{name}: {bug}") from None
    meta = source.meta
    logo = logo_file(assets, meta["logo"]) if meta.get("logo") else None
    furnish(document, meta, source.lang, source.has_cover, logo)
    apply_marks(document, context.marked, meta["font"])
    _apply_fonts(document, meta["font"], source.lang)
    _update_fields_on_open(document)
    fix_core_properties(document, meta["title"], meta["organization"],
                        meta.get("date", "2000-01-01"))
    return in_order(package_entries(document)), document.element


@lru_cache(maxsize=4)
def _reference_bytes_cached(path: str, modified: float) -> bytes:
    return Path(path).read_bytes()


def _open_reference(reference_bytes: bytes):
    """A new python-docx Document of the reference. Its package is read from the zip once
    per process (python-docx's PackageReader: the parts' bytes and relationships, which
    opening never changes) and only parsed again for each file: ~0.8 of ~1.5 ms a file
    (331 files in the 300-role base; same entries as ``docx.Document``'s)."""
    reader = _readers.get(reference_bytes)
    if reader is None:
        document = docx.Document(io.BytesIO(reference_bytes))  # checks it is a Word file
        if len(_readers) >= 4:
            _readers.clear()
        _readers[reference_bytes] = PackageReader.from_file(io.BytesIO(reference_bytes))
        return document
    package = Package()
    Unmarshaller.unmarshal(reader, package, PartFactory)
    return package.main_document_part.document


_readers: dict[bytes, PackageReader] = {}


def _reference_bytes(reference: Path) -> bytes:
    if not reference.is_file():
        raise BadReference(f"reference document {reference} is missing; recreate it with "
                           "`python -m generator.docx.reference`")
    return _reference_bytes_cached(str(reference), reference.stat().st_mtime)


def _clear_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _unique_ids(body, name: str) -> frozenset[str]:
    ids = [str(value) for value in body.xpath("//@id")]
    repeated = sorted(key for key, count in Counter(ids).items() if count > 1)
    if repeated:
        raise TemplateBug(f"{name}: ids must be unique in a document, repeated: "
                          f"{', '.join(repeated)}")
    return frozenset(ids)


def _apply_fonts(document, family: str, lang: str) -> None:
    apply_to_styles(document.styles.element, family, lang)
    apply_to_runs(document.element, family)
    apply_to_runs(document.part.numbering_part.element, family)
    for _, part in stories(document):
        apply_to_runs(part.element, family)


def _update_fields_on_open(document) -> None:
    """Word then refreshes the TOC's page numbers (and asks the reader first)."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        insert_in_order(settings, el("w:updateFields", {"w:val": "true"}),
                        SETTINGS_AFTER_UPDATE_FIELDS)

"""Small pypdf helpers shared by the form passes."""
from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, PdfObject, TextStringObject


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    # pypdf has no public name for adding an indirect object to a writer.
    return writer._add_object(obj)


def javascript(code: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject(code)})


def prune_unreferenced(writer: PdfWriter) -> None:
    """Drop objects nothing refers to any more. One pass frees only the head of a chain
    (font → CID font → descriptor → font file), so repeat until nothing more goes."""
    while True:
        before = live_objects(writer)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        if live_objects(writer) == before:
            return


def live_objects(writer: PdfWriter) -> int:
    return sum(1 for obj in writer._objects if obj is not None)

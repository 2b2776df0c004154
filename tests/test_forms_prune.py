"""forms/pdfobjects.prune_unreferenced leaves exactly what repeating pypdf's pass leaves."""
from __future__ import annotations

import io

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from generator.forms.pdfobjects import live_objects, prune_unreferenced


def _writer() -> PdfWriter:
    """A page, and beside it: a chain nothing refers to (font → descriptor → file), a
    loop of two objects referring to each other only, and one object the page uses."""
    writer = PdfWriter()
    page = writer.add_blank_page(100, 100)
    add = writer._add_object
    used = add(DictionaryObject({NameObject("/Used"): NumberObject(1)}))
    page[NameObject("/Extra")] = used
    file = add(DictionaryObject({NameObject("/Length"): NumberObject(0)}))
    descriptor = add(DictionaryObject({NameObject("/FontFile2"): file}))
    add(DictionaryObject({NameObject("/FontDescriptor"): descriptor,
                          NameObject("/Nested"): ArrayObject([DictionaryObject(
                              {NameObject("/Again"): file})])}))
    first = add(DictionaryObject())
    second = add(DictionaryObject({NameObject("/Other"): first}))
    first.get_object()[NameObject("/Other")] = second
    return writer


def _pypdf_rounds(writer: PdfWriter) -> None:
    while True:
        before = live_objects(writer)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        if live_objects(writer) == before:
            return


def _live(writer: PdfWriter) -> list[int]:
    return [number for number, obj in enumerate(writer._objects) if obj is not None]


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_same_objects_go_as_in_pypdfs_rounds():
    ours, theirs = _writer(), _writer()
    everything = live_objects(ours)
    prune_unreferenced(ours)
    _pypdf_rounds(theirs)
    assert _live(ours) == _live(theirs)
    assert live_objects(ours) == everything - 3  # the chain went, the loop stayed
    assert _bytes(ours) == _bytes(theirs)

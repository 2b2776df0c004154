"""forms/pdfobjects.prune_unreferenced leaves exactly what repeating pypdf's pass leaves;
forms/pydyfobjects.emptied_unreachable (the finisher's, on pydyf objects) drops what the
catalog no longer reaches."""
from __future__ import annotations

import io

import pydyf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from generator.forms.pdfobjects import live_objects, prune_unreferenced
from generator.forms.pydyfobjects import emptied_unreachable


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


def _pydyf_pdf():
    """A pydyf PDF with a page (listed as ``number 0 R`` in its tree's kids, as pydyf does)
    that refers to a font by ``b"N 0 R"``, and beside it a font chain and a loop that
    nothing refers to."""
    pdf = pydyf.PDF()
    font_file = pydyf.Stream([b"font program"], compress=True)
    pdf.add_object(font_file)
    descriptor = pydyf.Dictionary({"FontFile2": font_file.reference})
    pdf.add_object(descriptor)
    kept_font = pydyf.Dictionary({"FontDescriptor": descriptor.reference})
    pdf.add_object(kept_font)
    orphan_file = pydyf.Stream([b"another program"], compress=True)
    pdf.add_object(orphan_file)
    orphan = pydyf.Dictionary({"Nested": pydyf.Array([pydyf.Dictionary(
        {"File": orphan_file.reference})])})
    pdf.add_object(orphan)
    first, second = pydyf.Dictionary(), pydyf.Dictionary()
    pdf.add_object(first)
    pdf.add_object(second)
    first["Other"], second["Other"] = second.reference, first.reference
    page = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference,
                             "Resources": pydyf.Dictionary({"Font": pydyf.Dictionary(
                                 {"F1": kept_font.reference})})})
    pdf.add_page(page)
    return pdf, {font_file.number, descriptor.number, kept_font.number, page.number}, {
        orphan_file.number, orphan.number, first.number, second.number}


def test_a_finished_form_keeps_what_its_catalog_reaches_and_empties_the_rest():
    pdf, kept, unreached = _pydyf_pdf()
    assert emptied_unreachable(pdf) == len(unreached)
    for number in kept:
        assert pdf.objects[number] != {}, number
    for number in unreached:  # an empty dictionary under the same number: nothing written
        assert pdf.objects[number] == {} and pdf.objects[number].number == number
    out = io.BytesIO()
    pdf.write(out, compress=True)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    font = reader.pages[0]["/Resources"]["/Font"]["/F1"].get_object()
    assert font["/FontDescriptor"]["/FontFile2"].get_object().get_data() == b"font program"
    assert b"another program" not in _all_stream_data(reader)


def _all_stream_data(reader: PdfReader) -> bytes:
    """The decoded data of every stream the file holds (object 0 is the free head)."""
    objects = (reader.get_object(number) for number in range(1, reader.trailer["/Size"]))
    return b"\n".join(obj.get_data() for obj in objects if hasattr(obj, "get_data"))

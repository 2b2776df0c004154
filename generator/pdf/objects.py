"""Typed access to pypdf objects.

pypdf types what a dictionary holds, and what a reference points at, as ``PdfObject``
(or ``None``). These helpers resolve references and narrow to the object the PDF
specification puts there, failing with a clear error when a file is not shaped that way,
instead of an AttributeError somewhere further on.
"""
from __future__ import annotations

from pypdf.generic import ArrayObject, DictionaryObject, PdfObject, StreamObject


class MalformedPdf(ValueError):
    """A PDF object is not of the type its place in the file calls for."""


def _resolved(obj: PdfObject | None) -> PdfObject | None:
    return obj.get_object() if obj is not None else None


def dictionary(obj: PdfObject | None) -> DictionaryObject:
    """``obj``, resolved, as a dictionary (streams are dictionaries too)."""
    resolved = _resolved(obj)
    if not isinstance(resolved, DictionaryObject):
        raise MalformedPdf(f"expected a PDF dictionary, found {type(resolved).__name__}")
    return resolved


def array(obj: PdfObject | None) -> ArrayObject:
    """``obj``, resolved, as an array."""
    resolved = _resolved(obj)
    if not isinstance(resolved, ArrayObject):
        raise MalformedPdf(f"expected a PDF array, found {type(resolved).__name__}")
    return resolved


def stream(obj: PdfObject | None) -> StreamObject:
    """``obj``, resolved, as a stream."""
    resolved = _resolved(obj)
    if not isinstance(resolved, StreamObject):
        raise MalformedPdf(f"expected a PDF stream, found {type(resolved).__name__}")
    return resolved

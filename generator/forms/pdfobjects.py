"""Small pypdf helpers shared by the form passes."""
from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
)


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    # pypdf has no public name for adding an indirect object to a writer.
    return writer._add_object(obj)


def prune_unreferenced(writer: PdfWriter) -> None:
    """Drop objects nothing refers to any more, and then those only they referred to (font
    → CID font → descriptor → font file), until every object left is referred to by one
    left, or is the catalog, the info dictionary or the ID: what repeating pypdf's
    ``compress_identical_objects(remove_duplicates=False)`` until nothing more goes leaves,
    the same objects under the same numbers. Counting references once instead of hashing
    every object per round is ~10 times less CPU for a form."""
    objects = writer._objects
    refers: list[list[int]] = [[] for _ in objects]  # the object numbers - 1 each one names
    referred = [0] * len(objects)
    for number, obj in enumerate(objects):
        if isinstance(obj, (DictionaryObject, ArrayObject)):
            _references(obj, refers[number])
            for target in refers[number]:
                referred[target] += 1
    kept = _roots(writer)
    todo = [number for number, obj in enumerate(objects)
            if obj is not None and not referred[number] and number not in kept]
    while todo:
        number = todo.pop()
        objects[number] = None
        for target in refers[number]:
            referred[target] -= 1
            if not referred[target] and objects[target] is not None and target not in kept:
                todo.append(target)


def _references(obj: DictionaryObject | ArrayObject, found: list[int]) -> None:
    """The indirect objects ``obj`` names, directly or inside its own dictionaries and
    arrays (as pypdf's pass reads them: every value, streams' dictionaries included)."""
    for value in (obj.values() if isinstance(obj, DictionaryObject) else obj):
        if isinstance(value, IndirectObject):
            found.append(value.idnum - 1)
        elif isinstance(value, (DictionaryObject, ArrayObject)):
            _references(value, found)


def _roots(writer: PdfWriter) -> set[int]:
    roots = {writer.root_object.indirect_reference, getattr(writer._info, "indirect_reference",
                                                            None),
             getattr(writer._ID, "indirect_reference", None)}
    return {ref.idnum - 1 for ref in roots if isinstance(ref, IndirectObject)}


def live_objects(writer: PdfWriter) -> int:
    return sum(1 for obj in writer._objects if obj is not None)

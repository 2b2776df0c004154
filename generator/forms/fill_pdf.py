"""Put values into a fillable form PDF: field values plus appearances that show them."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from ..pdf.objects import dictionary
from .acroform import CHECKED, MULTILINE
from .appearance import text_stream
from .cjkfont import RESOURCE_NAME, StandardFont
from .pdfobjects import add_object

_SIZE = re.compile(r"([\d.]+)\s+Tf")


def fill(pdf: bytes, values: Mapping[str, str | bool], font: StandardFont,
         cut_off: list[str] | None = None) -> bytes:
    """``values`` maps full field names (`items.1.date`) to text, or to a bool for check
    boxes; fields without a value stay empty. The names of fields whose value does not fit
    its box even at the smallest size are appended to ``cut_off``."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    acroform = dictionary(writer.root_object["/AcroForm"])
    font_ref = dictionary(dictionary(acroform["/DR"])["/Font"]).raw_get(RESOURCE_NAME)
    for name, widget in leaf_fields(acroform["/Fields"]):
        if name in values and not set_value(writer, widget, values[name], font, font_ref) \
                and cut_off is not None:
            cut_off.append(name)
    # No NeedAppearances: the appearances drawn here are right, while a viewer told to
    # redraw may not manage a non-embedded CJK font (see docs/forms-design.md).
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def leaf_fields(fields, prefix: str = "") -> Iterator[tuple[str, DictionaryObject]]:
    """(full name, field) for every terminal field, walking the field hierarchy."""
    for ref in fields:
        field = ref.get_object()
        name = prefix + str(field["/T"])
        if "/Kids" in field:
            yield from leaf_fields(field["/Kids"], name + ".")
        else:
            yield name, field


def set_value(writer: PdfWriter, field: DictionaryObject, value: str | bool,
              font: StandardFont, font_ref) -> bool:
    """Set the value and its appearance; False when the appearance cannot show it whole."""
    kind = field.get("/FT")
    if kind == "/Btn":
        state = NameObject(CHECKED if value else "/Off")
        field[NameObject("/V")] = field[NameObject("/AS")] = state
    elif kind in ("/Tx", "/Ch"):
        field[NameObject("/V")] = TextStringObject(str(value))
        size = _font_size(str(field["/DA"]))
        multiline = bool(int(field.get("/Ff", 0)) & MULTILINE)
        stream, whole = text_stream(str(value), field["/Rect"], font, font_ref, size,
                                    multiline)
        field[NameObject("/AP")] = DictionaryObject({NameObject("/N"): add_object(writer, stream)})
        return whole
    return True


def _font_size(appearance: str) -> float:
    """The size in a field's default appearance (``/F1 10 Tf 0 g``): acroform.py sets one
    on every text field, so a field without it is not one of sopkit's forms."""
    found = _SIZE.search(appearance)
    if found is None:
        raise ValueError(f"a text field's default appearance has no font size: {appearance}")
    return float(found.group(1))

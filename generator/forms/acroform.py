"""Finish the fields WeasyPrint made: names, types, flags, formats and a small CJK font.

WeasyPrint turns each HTML control into a flat AcroForm field whose name is the control's
`name`. This pass gives every field what the form model says about it (generator/forms/
slots.py): tooltip, required flag, combo-box options, date and number formats, signature
type, and the dotted names as a real field hierarchy (PDF forbids dots inside one name,
`items.1.date` is the field `date` in `1` in `items`). It then swaps the placeholder font
for a non-embedded standard CJK font (generator/forms/cjkfont.py).
"""
from __future__ import annotations

import io
import re
from collections.abc import Mapping

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..pdf.objects import array, dictionary
from . import placeholder_font
from .cjkfont import RESOURCE_NAME, StandardFont, add_font
from .pdfobjects import add_object, javascript, prune_unreferenced
from .slots import Slot

REQUIRED = 1 << 1
MULTILINE = 1 << 12
COMBO = 1 << 17
DATE_FORMAT = "yyyy-mm-dd"
CHECKED = "/Yes"
_TF = re.compile(r"/(\S+)\s+([\d.]+)\s+Tf")


class FieldMismatch(RuntimeError):
    """The PDF's fields and the form model disagree: a bug in the template, not in content."""


def finish(pdf: bytes, slots: Mapping[str, Slot], font: StandardFont) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    acroform = dictionary(writer.root_object["/AcroForm"])
    use_standard_font(writer, acroform, font)
    # A blank form has no values to draw; viewers draw what people type in any case.
    acroform.pop(NameObject("/NeedAppearances"), None)
    placeholders = placeholder_names(writer)
    widgets = list(array(acroform["/Fields"]))
    check_names(widgets, slots)
    for ref in widgets:
        widget = ref.get_object()
        finish_widget(widget, slots[str(widget["/T"])], placeholders)
    acroform[NameObject("/Fields")] = hierarchy(writer, widgets)
    drop_placeholder(writer, placeholders)
    prune_unreferenced(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def use_standard_font(writer: PdfWriter, acroform: DictionaryObject,
                      font: StandardFont) -> None:
    """The form's default resources hold only the standard CJK font (WeasyPrint points
    them at the first page's resources, placeholder and all)."""
    acroform[NameObject("/DR")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject(RESOURCE_NAME): add_font(writer, font)})})
    acroform[NameObject("/DA")] = TextStringObject(f"{RESOURCE_NAME} 0 Tf 0 g")


def check_names(widgets: list, slots: Mapping[str, Slot]) -> None:
    names = [str(ref.get_object()["/T"]) for ref in widgets]
    if sorted(names) != sorted(slots):
        missing, extra = set(slots) - set(names), set(names) - set(slots)
        raise FieldMismatch(f"PDF fields differ from the form: missing {sorted(missing)}, "
                            f"unexpected {sorted(extra)}")


def finish_widget(widget: DictionaryObject, slot: Slot, placeholders: set[str]) -> None:
    widget[NameObject("/Rect")] = normalised(widget["/Rect"])
    widget[NameObject("/TU")] = TextStringObject(slot.label)
    if slot.kind == "checkbox":
        finish_checkbox(widget)
    elif slot.kind == "signature":
        finish_signature(widget)
    else:
        finish_text(widget, slot, placeholders)
    flags = int(widget.get("/Ff", 0)) | (REQUIRED if slot.required else 0)
    if flags:
        widget[NameObject("/Ff")] = NumberObject(flags)


def normalised(rect) -> ArrayObject:
    """WeasyPrint writes top before bottom; some viewers want lower-left, upper-right."""
    x1, y1, x2, y2 = (float(v) for v in rect)
    return ArrayObject(FloatObject(round(v, 3))
                       for v in (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))


def finish_text(widget: DictionaryObject, slot: Slot, placeholders: set[str]) -> None:
    widget[NameObject("/DA")] = TextStringObject(
        f"{RESOURCE_NAME} {field_font_size(widget, placeholders)} Tf 0 g")
    if slot.kind == "choice":
        widget[NameObject("/FT")] = NameObject("/Ch")
        widget[NameObject("/Ff")] = NumberObject(COMBO)
        widget[NameObject("/Opt")] = ArrayObject(TextStringObject(o) for o in slot.options)
    elif slot.kind == "textarea":
        widget[NameObject("/Ff")] = NumberObject(MULTILINE)
    actions = format_actions(slot.kind)
    if actions:
        widget[NameObject("/AA")] = actions


def field_font_size(widget: DictionaryObject, placeholders: set[str]) -> str:
    match = _TF.search(str(widget.get("/DA", "")))
    if not match or match.group(1) not in placeholders:
        raise FieldMismatch(f"field `{widget['/T']}` is not drawn in the placeholder font, "
                            "so WeasyPrint embedded another font whole: check form.css")
    return match.group(2)


def format_actions(kind: str) -> DictionaryObject | None:
    """Acrobat's own format scripts (AFDate_*, AFNumber_*): other viewers ignore them and
    the hint printed beside the field says the same."""
    scripts = {
        "date": (f'AFDate_KeystrokeEx("{DATE_FORMAT}");', f'AFDate_FormatEx("{DATE_FORMAT}");'),
        "number": ('AFNumber_Keystroke(2, 1, 0, 0, "", true);', None),
        "money": ('AFNumber_Keystroke(2, 1, 0, 0, "", true);',
                  'AFNumber_Format(2, 1, 0, 0, "", true);'),
    }.get(kind)
    if scripts is None:
        return None
    keystroke, display = scripts
    actions = DictionaryObject({NameObject("/K"): javascript(keystroke)})
    if display:
        actions[NameObject("/F")] = javascript(display)
    return actions


def finish_checkbox(widget: DictionaryObject) -> None:
    """The on state is called /Yes, the name most PDF tools expect."""
    normal = dictionary(dictionary(widget["/AP"])["/N"])
    normal[NameObject(CHECKED)] = normal.pop("/on")
    widget[NameObject("/V")] = widget[NameObject("/AS")] = NameObject("/Off")


def finish_signature(widget: DictionaryObject) -> None:
    """A signature field: viewers offer to sign it; on paper it is the drawn box."""
    widget[NameObject("/FT")] = NameObject("/Sig")
    for key in ("/DA", "/V", "/Ff", "/MaxLen"):
        widget.pop(NameObject(key), None)


def hierarchy(writer: PdfWriter, widgets: list[IndirectObject]) -> ArrayObject:
    """Top-level fields, with dotted names split into parents and kids."""
    roots = ArrayObject()
    parents: dict[str, IndirectObject] = {}
    for ref in widgets:
        widget = dictionary(ref)
        *path, leaf = str(widget["/T"]).split(".")
        widget[NameObject("/T")] = TextStringObject(leaf)
        parent = parent_node(writer, path, parents, roots)
        if parent is None:
            roots.append(ref)
        else:
            widget[NameObject("/Parent")] = parent
            array(dictionary(parent)["/Kids"]).append(ref)
    return roots


def parent_node(writer: PdfWriter, path: list[str], parents: dict[str, IndirectObject],
                roots: ArrayObject) -> IndirectObject | None:
    if not path:
        return None
    key = ".".join(path)
    if key not in parents:
        node = DictionaryObject({NameObject("/T"): TextStringObject(path[-1]),
                                 NameObject("/Kids"): ArrayObject()})
        parents[key] = ref = add_object(writer, node)
        above = parent_node(writer, path[:-1], parents, roots)
        if above is None:
            roots.append(ref)
        else:
            node[NameObject("/Parent")] = above
            array(dictionary(above)["/Kids"]).append(ref)
    return parents[key]


def placeholder_names(writer: PdfWriter) -> set[str]:
    """Resource names (without the slash) under which pages refer to the placeholder."""
    return {str(name)[1:] for fonts in page_fonts(writer) for name, ref in fonts.items()
            if placeholder_font.is_placeholder(ref.get_object().get("/BaseFont", ""))}


def drop_placeholder(writer: PdfWriter, names: set[str]) -> None:
    """The page text never uses the placeholder (form.css gives it to controls only)."""
    for fonts in page_fonts(writer):
        for name in [n for n in fonts if str(n)[1:] in names]:
            del fonts[name]


def page_fonts(writer: PdfWriter) -> list[DictionaryObject]:
    found = []
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is not None:
            found.append(fonts.get_object())
    return found

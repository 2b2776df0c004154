"""Finish the fields WeasyPrint made: names, types, flags, formats and a small CJK font.

WeasyPrint turns each HTML control into a flat AcroForm field whose name is the control's
`name`. This pass gives every field what the form model says about it (generator/forms/
slots.py): tooltip, required flag, combo-box options, date and number formats, signature
type, and the dotted names as a real field hierarchy (PDF forbids dots inside one name,
`items.1.date` is the field `date` in `1` in `items`). It then swaps the placeholder font
for a non-embedded standard CJK font (generator/forms/cjkfont.py).

It runs as WeasyPrint's finisher, on the PDF's objects just before they are written
(``finisher``): reading the written PDF back with pypdf and writing it again took ~10 % of
a form's CPU (bench/RESULTS.md), and the file keeps WeasyPrint's compressed object streams.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pydyf

from . import placeholder_font
from .cjkfont import RESOURCE_NAME, StandardFont
from .pydyfobjects import (
    added,
    dictionary_at,
    emptied_unreachable,
    javascript,
    resolved,
    standard_font,
)
from .slots import Slot

REQUIRED = 1 << 1
MULTILINE = 1 << 12
COMBO = 1 << 17
DATE_FORMAT = "yyyy-mm-dd"
CHECKED = "/Yes"
_TF = re.compile(r"/(\S+)\s+([\d.]+)\s+Tf")


class FieldMismatch(RuntimeError):
    """The PDF's fields and the form model disagree: a bug in the template, not in content."""


def finisher(slots: Mapping[str, Slot], font: StandardFont) -> Callable:
    """What ``write_pdf(finisher=…)`` calls with the document and its pydyf PDF."""
    def finish(_document, pdf: pydyf.PDF) -> None:
        finish_pdf(pdf, slots, font)
    return finish


def finish_pdf(pdf: pydyf.PDF, slots: Mapping[str, Slot], font: StandardFont) -> None:
    acroform = pdf.catalog["AcroForm"]
    placeholders = placeholder_names(pdf)
    acroform["DR"] = pydyf.Dictionary(
        {"Font": pydyf.Dictionary({RESOURCE_NAME[1:]: standard_font(pdf, font)})})
    acroform["DA"] = pydyf.String(f"{RESOURCE_NAME} 0 Tf 0 g")
    # A blank form has no values to draw; viewers draw what people type in any case.
    acroform.pop("NeedAppearances", None)
    widgets = [(ref, dictionary_at(pdf, ref)) for ref in acroform["Fields"]]
    check_names([widget for _ref, widget in widgets], slots)
    for _ref, widget in widgets:
        finish_widget(widget, slots[text_of(widget["T"])], placeholders)
    acroform["Fields"] = hierarchy(pdf, widgets)
    drop_placeholder(pdf, placeholders)
    emptied_unreachable(pdf)


def text_of(value: object) -> str:
    string = value.string if isinstance(value, pydyf.String) else value
    return string.decode("latin-1") if isinstance(string, bytes) else str(string)


def check_names(widgets: list, slots: Mapping[str, Slot]) -> None:
    names = [text_of(widget["T"]) for widget in widgets]
    if sorted(names) != sorted(slots):
        missing, extra = set(slots) - set(names), set(names) - set(slots)
        raise FieldMismatch(f"PDF fields differ from the form: missing {sorted(missing)}, "
                            f"unexpected {sorted(extra)}")


def finish_widget(widget: pydyf.Dictionary, slot: Slot, placeholders: set[str]) -> None:
    widget["Rect"] = normalised(widget["Rect"])
    widget["TU"] = pydyf.String(slot.label)
    if slot.kind == "checkbox":
        finish_checkbox(widget)
    elif slot.kind == "signature":
        finish_signature(widget)
    else:
        finish_text(widget, slot, placeholders)
    flags = int(widget.get("Ff", 0)) | (REQUIRED if slot.required else 0)
    if flags:
        widget["Ff"] = flags


def normalised(rect) -> pydyf.Array:
    """WeasyPrint writes top before bottom; some viewers want lower-left, upper-right."""
    x1, y1, x2, y2 = (float(v) for v in rect)
    return pydyf.Array(round(v, 3) for v in (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))


def finish_text(widget: pydyf.Dictionary, slot: Slot, placeholders: set[str]) -> None:
    widget["DA"] = pydyf.String(
        f"{RESOURCE_NAME} {field_font_size(widget, placeholders)} Tf 0 g")
    if slot.kind == "choice":
        widget["FT"] = "/Ch"
        widget["Ff"] = COMBO
        widget["Opt"] = pydyf.Array(pydyf.String(o) for o in slot.options)
    elif slot.kind == "textarea":
        widget["Ff"] = MULTILINE
    actions = format_actions(slot.kind)
    if actions:
        widget["AA"] = actions


def field_font_size(widget: pydyf.Dictionary, placeholders: set[str]) -> str:
    match = _TF.search(text_of(widget["DA"])) if "DA" in widget else None
    if not match or match.group(1) not in placeholders:
        raise FieldMismatch(f"field `{text_of(widget['T'])}` is not drawn in the placeholder "
                            "font, so WeasyPrint embedded another font whole: check form.css")
    return match.group(2)


def format_actions(kind: str) -> pydyf.Dictionary | None:
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
    actions = pydyf.Dictionary({"K": javascript(keystroke)})
    if display:
        actions["F"] = javascript(display)
    return actions


def finish_checkbox(widget: pydyf.Dictionary) -> None:
    """The on state is called /Yes, the name most PDF tools expect."""
    normal = widget["AP"]["N"]
    normal[CHECKED[1:]] = normal.pop("on")
    widget["V"] = widget["AS"] = "/Off"


def finish_signature(widget: pydyf.Dictionary) -> None:
    """A signature field: viewers offer to sign it; on paper it is the drawn box."""
    widget["FT"] = "/Sig"
    for key in ("DA", "V", "Ff", "MaxLen"):
        widget.pop(key, None)


def hierarchy(pdf: pydyf.PDF, widgets: list[tuple[bytes, pydyf.Dictionary]]) -> pydyf.Array:
    """Top-level fields, with dotted names split into parents and kids."""
    roots = pydyf.Array()
    parents: dict[str, pydyf.Dictionary] = {}
    for ref, widget in widgets:
        *path, leaf = text_of(widget["T"]).split(".")
        widget["T"] = pydyf.String(leaf)
        parent = parent_node(pdf, path, parents, roots)
        if parent is None:
            roots.append(ref)
        else:
            widget["Parent"] = parent.reference
            parent["Kids"].append(ref)
    return roots


def parent_node(pdf: pydyf.PDF, path: list[str], parents: dict[str, pydyf.Dictionary],
                roots: pydyf.Array) -> pydyf.Dictionary | None:
    if not path:
        return None
    key = ".".join(path)
    if key not in parents:
        node = pydyf.Dictionary({"T": pydyf.String(path[-1]), "Kids": pydyf.Array()})
        parents[key] = node
        added(pdf, node)
        above = parent_node(pdf, path[:-1], parents, roots)
        if above is None:
            roots.append(node.reference)
        else:
            node["Parent"] = above.reference
            above["Kids"].append(node.reference)
    return parents[key]


def placeholder_names(pdf: pydyf.PDF) -> set[str]:
    """Resource names under which pages refer to the placeholder."""
    return {name for fonts in page_fonts(pdf) for name, ref in fonts.items()
            if placeholder_font.is_placeholder(base_font(resolved(pdf, ref)))}


def base_font(font: object) -> str:
    name = font.get("BaseFont", "") if isinstance(font, dict) else ""
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def drop_placeholder(pdf: pydyf.PDF, names: set[str]) -> None:
    """The page text never uses the placeholder (form.css gives it to controls only)."""
    for fonts in page_fonts(pdf):
        for name in [n for n in fonts if n in names]:
            del fonts[name]


def page_fonts(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    found: list[pydyf.Dictionary] = []
    kids = pdf.pages["Kids"]
    for number in kids[0::3]:  # pydyf lists kids as `number 0 R`
        resources = resolved(pdf, pdf.objects[number].get("Resources"))
        fonts = resolved(pdf, resources.get("Font")) if isinstance(resources, dict) else None
        if isinstance(fonts, dict) and all(fonts is not seen for seen in found):
            found.append(fonts)
    return found

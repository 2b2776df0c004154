"""The acknowledgement's fields: fillable in Chinese without embedding a whole CJK font.

WeasyPrint turns <input> into AcroForm fields but embeds the field's font whole (Noto
Sans CJK: ~16 MB), since a viewer may draw any character into it. pack.css therefore
draws the fields in a placeholder font that nothing else uses, and this pass points them
at the forms feature's non-embedded standard CJK font (STSong-Light / MSung-Light, see
generator/forms/cjkfont.py) and drops the placeholder: the same technique as the forms.
"""
from __future__ import annotations

import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from ..forms.cjkfont import RESOURCE_NAME, add_font, font_for
from ..forms.pdfobjects import prune_unreferenced

PLACEHOLDER_FONT = "DejaVuSansMono"   # pack.css: input { font-family: "DejaVu Sans Mono" }
_TF = re.compile(r"/\S+\s+([\d.]+)\s+Tf")


def with_cjk_fields(pdf: bytes, locale: str | None, signatures: tuple[str, ...] = ()) -> bytes:
    """``pdf`` with every form field drawn in a standard CJK font and the placeholder gone;
    the fields named in ``signatures`` become signature fields, which viewers offer to sign
    (on paper they are the drawn line)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    acroform = writer.root_object.get("/AcroForm")
    if acroform is None:
        return pdf
    acroform = acroform.get_object()
    acroform[NameObject("/DR")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject(RESOURCE_NAME): add_font(writer, font_for(locale))})})
    acroform[NameObject("/DA")] = TextStringObject(f"{RESOURCE_NAME} 0 Tf 0 g")
    # The fields are empty, so there is nothing to redraw; and a viewer told to redraw may
    # not manage a font it has to supply itself (the forms feature does the same).
    acroform.pop(NameObject("/NeedAppearances"), None)
    for ref in acroform["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T")) in signatures:
            _make_signature(field)
        else:
            _use_field_font(field)
    _drop_placeholder(writer)
    prune_unreferenced(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _make_signature(field: DictionaryObject) -> None:
    field[NameObject("/FT")] = NameObject("/Sig")
    for key in ("/DA", "/V", "/Ff", "/MaxLen"):
        field.pop(NameObject(key), None)


def _use_field_font(field: DictionaryObject) -> None:
    size = _TF.search(str(field.get("/DA", "")))
    field[NameObject("/DA")] = TextStringObject(
        f"{RESOURCE_NAME} {size.group(1) if size else 0} Tf 0 g")


def _drop_placeholder(writer: PdfWriter) -> None:
    """Remove the placeholder from the pages' font resources (the body text never uses a
    monospaced font, so no page content refers to it)."""
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        fonts = fonts.get_object()
        for name in [n for n, ref in fonts.items()
                     if _is_placeholder(ref.get_object().get("/BaseFont", ""))]:
            del fonts[name]


def _is_placeholder(base_font) -> bool:
    # WeasyPrint writes "/ABCDEF+DejaVu-Sans-Mono": a subset tag, and hyphens for spaces.
    return PLACEHOLDER_FONT in str(base_font).replace("-", "")

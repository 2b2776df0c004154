"""Word content controls (w:sdt), the fillable fields of a modern Word document.

Plain text, date picker, drop-down list and check box (the Word 2010 `w14:checkbox`), each
tagged with the field's full name (generator/forms/slots.py) so filling finds it again.
An empty control shows ideographic spaces as its placeholder: something to click on
screen, nothing on a printed blank form.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .docx_package import W14_NS, W_NS
from .slots import Slot

CHECKBOX_FONT = "MS Gothic"   # what Word itself uses for ☐ / ☒
UNCHECKED, CHECKED = "\u2610", "\u2612"
WORD_DATE_FORMAT = "yyyy-MM-dd"
DATE_LANGUAGE = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-US"}
BLANK = "\u3000"
NAMESPACES = f'xmlns:w="{W_NS}" xmlns:w14="{W14_NS}"'


def control(slot: Slot, control_id: int, locale: str | None, width: int = 6,
            size: float = 10) -> etree._Element:
    """The run-level w:sdt for ``slot``; ``width`` is the placeholder's length in em,
    ``size`` its text's in points."""
    if slot.kind == "checkbox":
        return etree.fromstring(checkbox_xml(slot, control_id, size=size))
    return etree.fromstring(
        f'<w:sdt {NAMESPACES}><w:sdtPr>{identity(slot, control_id)}<w:showingPlcHdr/>'
        f'{type_xml(slot, locale)}</w:sdtPr>'
        f'<w:sdtContent>{text_run(BLANK * width, size_xml(size))}</w:sdtContent></w:sdt>')


def size_xml(size: float | None) -> str:
    """A run's font size (half-points, as Word stores it), or nothing."""
    return "" if size is None else f'<w:sz w:val="{round(size * 2)}"/>'


def identity(slot: Slot, control_id: int) -> str:
    return (f"<w:alias w:val={quoteattr(slot.label)}/><w:tag w:val={quoteattr(slot.name)}/>"
            f'<w:id w:val="{control_id}"/>')


def type_xml(slot: Slot, locale: str | None) -> str:
    if slot.kind == "date":
        return (f'<w:date><w:dateFormat w:val="{WORD_DATE_FORMAT}"/>'
                f'<w:lid w:val="{DATE_LANGUAGE.get(locale or "", "zh-CN")}"/>'
                '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>')
    if slot.kind == "choice":
        items = "".join(f"<w:listItem w:displayText={quoteattr(o)} w:value={quoteattr(o)}/>"
                        for o in slot.options)
        return f"<w:dropDownList>{items}</w:dropDownList>"
    if slot.kind == "textarea":
        return '<w:text w:multiLine="1"/>'
    return "<w:text/>"


def checkbox_xml(slot: Slot, control_id: int, checked: bool = False,
                 size: float | None = None) -> str:
    fonts = checkbox_fonts()
    return (f'<w:sdt {NAMESPACES}><w:sdtPr><w:rPr>{fonts}</w:rPr>{identity(slot, control_id)}'
            f'<w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
            f'<w14:checkedState w14:val="{ord(CHECKED):04X}" w14:font="{CHECKBOX_FONT}"/>'
            f'<w14:uncheckedState w14:val="{ord(UNCHECKED):04X}" w14:font="{CHECKBOX_FONT}"/>'
            f'</w14:checkbox></w:sdtPr><w:sdtContent>'
            f'<w:r><w:rPr>{fonts}{size_xml(size)}</w:rPr>'
            f'<w:t>{CHECKED if checked else UNCHECKED}</w:t></w:r></w:sdtContent></w:sdt>')


def checkbox_fonts() -> str:
    return (f'<w:rFonts w:ascii="{CHECKBOX_FONT}" w:eastAsia="{CHECKBOX_FONT}" '
            f'w:hAnsi="{CHECKBOX_FONT}" w:hint="eastAsia"/>')


def text_run(text: str, properties: str = "") -> str:
    """One run (with ``properties``, the inside of its ``w:rPr``); line breaks in ``text``
    become Word line breaks."""
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>'
                           for line in text.split("\n"))
    start = f"<w:r><w:rPr>{properties}</w:rPr>" if properties else "<w:r>"
    return f"{start}{lines}</w:r>"

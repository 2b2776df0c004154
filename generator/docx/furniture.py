"""Headers and footers: the reference document's, with their placeholders filled in.

HR designs the header and footer in the reference document (logo, layout, wording) and
writes placeholders where document facts go: ``{organization}``, ``{title}``, ``{number}``,
``{version}``, ``{status}``, ``{date}``, ``{footer}`` (the locale's "第 {page} 页 共 {pages}
页"), ``{page}`` and ``{pages}``. Page numbers become real PAGE and NUMPAGES fields.
"""
from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path

from docx.opc.part import XmlPart
from docx.shared import Emu
from lxml import etree

from ..i18n import Labels
from .errors import BadReference
from .fields import simple_field
from .figures import EMU_PER_MM, HEADER_LOGO_MM
from .ooxml import el, find_required, qn, run
from .watermark import watermark_run

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
PAGE_FIELDS = {"page": ("PAGE", "1"), "pages": ("NUMPAGES", "1")}


def placeholder_values(meta: dict[str, str], lang: str) -> dict[str, str]:
    labels = Labels(lang)
    return {"organization": meta["organization"], "title": meta["title"],
            "number": meta["number"], "version": meta["version"],
            "status": labels(f"status_{meta.get('status', 'approved')}"),
            "date": meta.get("date", ""), "footer": meta["footer"]}


def furnish(document, meta: dict[str, str], lang: str, has_cover: bool,
            logo: Path | None = None) -> None:
    """Fill every header and footer of the (single) section; add the watermark, and the
    logo (a file in the build) to every header but the cover's."""
    section = document.sections[0]
    if has_cover:
        _plain_first_page(section)
    if logo is not None:
        _add_logo(document, logo)
    values = placeholder_values(meta, lang)
    for number, (kind, part) in enumerate(stories(document), start=1):
        for paragraph in part.element.iter(qn("w:p")):
            fill_placeholders(paragraph, values)
        if kind == "header" and meta.get("watermark"):
            _add_watermark(part.element, meta["watermark"], meta["font"], number)


def _plain_first_page(section) -> None:
    """The cover page gets its own (empty unless HR designed one) header and footer."""
    section.different_first_page_header_footer = True
    for story in (section.first_page_header, section.first_page_footer):
        if story.is_linked_to_previous:
            story.is_linked_to_previous = False
            # python-docx's new story has one paragraph in the Header/Footer style, whose
            # rule line would cross the cover; a plain empty paragraph shows nothing.
            for properties in story._element.iter(qn("w:pPr")):
                properties.getparent().remove(properties)


def _add_logo(document, logo: Path) -> None:
    """The logo at the start of each running header's first paragraph, before the
    organisation; the cover's own header (type first) stays empty."""
    for reference in document.sections[0]._sectPr.iterchildren(qn("w:headerReference")):
        if reference.get(qn("w:type")) == "first":
            continue
        part = document.part.related_parts[reference.get(qn("r:id"))]
        paragraph = part.element.find(qn("w:p"))
        if paragraph is None:
            paragraph = etree.SubElement(part.element, qn("w:p"))
        inline = part.new_pic_inline(str(logo), None, Emu(HEADER_LOGO_MM * EMU_PER_MM))
        picture = run(None, None, el("w:drawing", None, inline))
        space = run(" ")
        properties = paragraph.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(picture)
        else:
            paragraph.insert(0, picture)
        picture.addnext(space)


def stories(document) -> list[tuple[str, XmlPart]]:
    """(kind, part) of every header and footer the section references, in XML order."""
    section_properties = document.sections[0]._sectPr
    found: list[tuple[str, XmlPart]] = []
    for reference in section_properties:
        kind = {qn("w:headerReference"): "header",
                qn("w:footerReference"): "footer"}.get(reference.tag)
        if kind:
            found.append((kind, document.part.related_parts[reference.get(qn("r:id"))]))
    return found


def _add_watermark(header: etree._Element, text: str, font: str, number: int) -> None:
    paragraph = header.find(qn("w:p"))
    if paragraph is None:
        paragraph = etree.SubElement(header, qn("w:p"))
    paragraph.append(watermark_run(text, font, number))


def fill_placeholders(paragraph: etree._Element, values: dict[str, str]) -> None:
    for proof in paragraph.findall(qn("w:proofErr")):
        paragraph.remove(proof)
    _merge_text_runs(paragraph)
    for text_run in paragraph.findall(qn("w:r")):
        text = _text_only(text_run)
        if text is not None and "{" in text:
            replacement = _expand(text, text_run.find(qn("w:rPr")), values)
            for new in replacement:
                text_run.addprevious(new)
            paragraph.remove(text_run)


def _expand(text: str, rpr, values: dict[str, str]) -> list[etree._Element]:
    """Text with placeholders → runs with the original formatting, fields for pages."""
    text = text.replace("{footer}", values["footer"])
    runs: list[etree._Element] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in values and name not in PAGE_FIELDS:
            known = ", ".join("{" + key + "}" for key in [*values, *PAGE_FIELDS])
            raise BadReference(f"the reference document's header or footer has the "
                               f"placeholder {{{name}}}; known ones are {known}")
        runs.append(run(text[position:match.start()], deepcopy(rpr)))
        if name in PAGE_FIELDS:
            code, shown = PAGE_FIELDS[name]
            runs += simple_field(code, shown, rpr)
        else:
            runs.append(run(values[name], deepcopy(rpr)))
        position = match.end()
    runs.append(run(text[position:], deepcopy(rpr)))
    return [r for r in runs if len(r) > (r.find(qn("w:rPr")) is not None)]


def _text_only(text_run: etree._Element) -> str | None:
    """The run's text if it holds nothing but text (no tab, field char or picture)."""
    parts = [child for child in text_run if child.tag != qn("w:rPr")]
    if not parts or any(child.tag != qn("w:t") for child in parts):
        return None
    return "".join(child.text or "" for child in parts)


def _merge_text_runs(paragraph: etree._Element) -> None:
    """Word splits text into runs wherever an edit happened ("{", "title", "}"); adjacent
    text-only runs with the same formatting are joined so placeholders are whole."""
    previous = None
    for current in paragraph.findall(qn("w:r")):
        text = _text_only(current)
        if previous is not None and text is not None and \
                current.getprevious() is previous and _same_format(previous, current):
            combined = (_text_only(previous) or "") + text  # previous holds only text
            for child in previous.findall(qn("w:t")):
                previous.remove(child)
            previous.append(find_required(run(combined), "w:t"))
            paragraph.remove(current)
            continue
        previous = current if text is not None else None


def _same_format(first: etree._Element, second: etree._Element) -> bool:
    def properties(r):
        found = r.find(qn("w:rPr"))
        return b"" if found is None else etree.tostring(found)
    return properties(first) == properties(second)

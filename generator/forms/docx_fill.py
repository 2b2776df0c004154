"""Put values into the content controls of a form's Word document, found by their tags."""
from __future__ import annotations

import io
from collections.abc import Mapping

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .docx_controls import CHECKED, NAMESPACES, UNCHECKED, text_run
from .docx_package import saved

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def fill(docx: bytes, values: Mapping[str, str | bool]) -> bytes:
    document = Document(io.BytesIO(docx))
    for sdt in document.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        name = tag.get(qn("w:val")) if tag is not None else None
        if name is not None and name in values:
            set_value(sdt, values[name])
    return saved(document)


def set_value(sdt, value: str | bool) -> None:
    properties = sdt.find(qn("w:sdtPr"))
    checkbox = properties.find(f"{{{W14}}}checkbox")
    if checkbox is not None:
        checkbox.find(f"{{{W14}}}checked").set(f"{{{W14}}}val", "1" if value else "0")
        sdt.find(f".//{qn('w:t')}").text = CHECKED if value else UNCHECKED
        return
    placeholder = properties.find(qn("w:showingPlcHdr"))
    if placeholder is not None:
        properties.remove(placeholder)
    date = properties.find(qn("w:date"))
    if date is not None:
        date.set(qn("w:fullDate"), f"{value}T00:00:00Z")
    text = properties.find(qn("w:text"))
    if text is not None and text.get(qn("w:multiLine")) not in ("1", "true"):
        value = str(value).replace("\n", " ")
    content = sdt.find(qn("w:sdtContent"))
    run_properties = content.find(f"{qn('w:r')}/{qn('w:rPr')}")
    for run in list(content):
        content.remove(run)
    run = parse_xml(text_run(str(value)).replace("<w:r>", f"<w:r {NAMESPACES}>", 1))
    if run_properties is not None:
        run.insert(0, run_properties)
    content.append(run)

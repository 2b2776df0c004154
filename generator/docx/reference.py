"""Write ``templates/word/reference.docx``: ``python -m generator.docx.reference``.

The reference document holds the look of every Word output: styles, numbering, page size
and margins, and the header and footer with their placeholders. The converter opens it,
clears its body and fills it, so whatever HR changes in it in Word carries through. This
script makes the starting point reproducibly (same bytes every run); after HR has edited
the file in Word, keep their file and do not run the script again.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from lxml import etree

from ..outputs import write_atomic
from .defaults import DEFAULT_FONT, REFERENCE_PATH
from .fonts import apply_to_runs, apply_to_styles
from .ooxml import W_NS, el, mm, paragraph, run, sub
from .package import normalized_zip
from .reference_styles import (
    DEFAULT_STYLES,
    STYLES,
    TEXT_WIDTH,
    Style,
    char_properties,
    conditional_formats,
    para_properties,
    table_properties,
)

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
PARTS = {  # part → (content type, relationship type from the main document)
    "styles.xml": (WML + "styles+xml", R_NS + "/styles"),
    "numbering.xml": (WML + "numbering+xml", R_NS + "/numbering"),
    "settings.xml": (WML + "settings+xml", R_NS + "/settings"),
    "header1.xml": (WML + "header+xml", R_NS + "/header"),
    "footer1.xml": (WML + "footer+xml", R_NS + "/footer"),
}
# Placeholders the converter fills in headers and footers (generator/docx/furniture.py).
HEADER_TEXT = ("{organization}", "{title}  {number} / {version}")
FOOTER_TEXT = "{footer}"
# (numId, number format, level text, indent in mm) for List Number (2) and List Bullet (2)
LISTS = [(1, "decimal", "%1.", 7.4), (2, "decimal", "(%1)", 14.8),
         (3, "bullet", "•", 7.4), (4, "bullet", "–", 14.8)]


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _w_root(tag: str) -> etree._Element:
    return etree.Element(f"{{{W_NS}}}{tag}", nsmap={"w": W_NS, "r": R_NS})


def style_element(style: Style) -> etree._Element:
    attrs: dict[str, object] = {"w:type": style.kind, "w:styleId": style.style_id}
    if DEFAULT_STYLES.get(style.kind) == style.style_id:
        attrs["w:default"] = 1
    if style.custom:
        attrs["w:customStyle"] = 1
    element = el("w:style", attrs)
    sub(element, "w:name", {"w:val": style.name})
    if style.based_on:
        sub(element, "w:basedOn", {"w:val": style.based_on})
    if style.next_style:
        sub(element, "w:next", {"w:val": style.next_style})
    sub(element, "w:qFormat")
    if style.kind == "paragraph":
        element.append(para_properties(style.para))
    if style.kind in ("paragraph", "character"):
        element.append(char_properties(style.chars))
    if style.table:
        element.append(table_properties(style.table))
        for conditional in conditional_formats(style.table):
            element.append(conditional)
    return element


def styles_xml() -> etree._Element:
    root = _w_root("styles")
    defaults = sub(root, "w:docDefaults")
    sub(defaults, "w:rPrDefault").append(el("w:rPr"))
    paragraph_defaults = sub(defaults, "w:pPrDefault")
    sub(paragraph_defaults, "w:pPr").append(el("w:spacing", {"w:after": 0}))
    for style in STYLES:
        root.append(style_element(style))
    apply_to_styles(root, DEFAULT_FONT, "zh-Hans")
    return root


def numbering_xml() -> etree._Element:
    root = _w_root("numbering")
    for num_id, kind, text, indent in LISTS:
        abstract = sub(root, "w:abstractNum", {"w:abstractNumId": num_id - 1})
        sub(abstract, "w:multiLevelType", {"w:val": "singleLevel"})
        level = sub(abstract, "w:lvl", {"w:ilvl": 0})
        sub(level, "w:start", {"w:val": 1})
        sub(level, "w:numFmt", {"w:val": kind})
        sub(level, "w:lvlText", {"w:val": text})
        sub(level, "w:lvlJc", {"w:val": "left"})
        sub(sub(level, "w:pPr"), "w:ind", {"w:left": mm(indent), "w:hanging": mm(7.4)})
    for num_id, *_ in LISTS:
        num = sub(root, "w:num", {"w:numId": num_id})
        sub(num, "w:abstractNumId", {"w:val": num_id - 1})
    apply_to_runs(root, DEFAULT_FONT)
    return root


def settings_xml() -> etree._Element:
    root = _w_root("settings")
    sub(root, "w:zoom", {"w:percent": 100})
    sub(root, "w:defaultTabStop", {"w:val": 420})
    # compressPunctuation: Chinese punctuation takes half width at line ends, as in print.
    sub(root, "w:characterSpacingControl", {"w:val": "compressPunctuation"})
    compat = sub(root, "w:compat")
    sub(compat, "w:compatSetting", {"w:name": "compatibilityMode",
                                    "w:uri": "http://schemas.microsoft.com/office/word",
                                    "w:val": 15})
    return root


def header_xml() -> etree._Element:
    root = _w_root("hdr")
    organization, right = HEADER_TEXT
    root.append(paragraph("Header", [run(organization), run(None, None, el("w:tab")),
                                     run(right)]))
    apply_to_runs(root, DEFAULT_FONT)
    return root


def footer_xml() -> etree._Element:
    root = _w_root("ftr")
    root.append(paragraph("Footer", [run(FOOTER_TEXT)]))
    apply_to_runs(root, DEFAULT_FONT)
    return root


def section_properties() -> etree._Element:
    props = el("w:sectPr")
    sub(props, "w:headerReference", {"w:type": "default", "r:id": "rIdHeader"})
    sub(props, "w:footerReference", {"w:type": "default", "r:id": "rIdFooter"})
    sub(props, "w:pgSz", {"w:w": mm(210), "w:h": mm(297)})
    sub(props, "w:pgMar", {"w:top": mm(22), "w:right": mm(18), "w:bottom": mm(20),
                           "w:left": mm(20), "w:header": mm(10), "w:footer": mm(10),
                           "w:gutter": 0})
    sub(props, "w:cols", {"w:space": 425})
    return props


def document_xml() -> etree._Element:
    """A specimen of every style, so HR sees what they restyle; the converter replaces it."""
    root = _w_root("document")
    body = sub(root, "w:body")
    for style_id, text in SPECIMEN:
        body.append(paragraph(style_id, [run(text)]))
    body.append(specimen_table())
    body.append(section_properties())
    apply_to_runs(root, DEFAULT_FONT)
    return root


SPECIMEN = [
    ("CoverOrganization", "Cover Organization: the organisation on the cover"),
    ("Title", "Title: the handbook title on the cover"),
    ("Subtitle", "Subtitle"),
    ("FrontTitle", "Front Title: revision history, table of contents"),
    ("TOC1", "toc 1: chapter entry in the table of contents"),
    ("TOC2", "toc 2: role, workflow or policy entry"),
    ("DocumentOrganization", "Document Organization: organisation line of a single document"),
    ("Heading1", "Heading 1: chapter, or the title of a single document"),
    ("Heading2", "Heading 2: a role, workflow or policy"),
    ("Heading3", "Heading 3: a section such as duties"),
    ("Heading4", "Heading 4"),
    ("Normal", "Normal: body text. Header and footer placeholders {organization}, {title}, "
               "{number}, {version}, {status}, {footer}, {page} and {pages} are filled in "
               "by sopkit; keep the braces."),
    ("ListNumber", "List Number"),
    ("ListNumber2", "List Number 2"),
    ("ListBullet", "List Bullet"),
    ("ListBullet2", "List Bullet 2"),
    ("Caption", "caption: below every figure"),
    ("Note", "Note: small print such as the RACI legend"),
]


def specimen_table() -> etree._Element:
    table = el("w:tbl")
    props = sub(table, "w:tblPr")
    sub(props, "w:tblStyle", {"w:val": "SOPTable"})
    sub(props, "w:tblW", {"w:w": TEXT_WIDTH, "w:type": "dxa"})
    sub(props, "w:tblLook", {"w:val": "0020", "w:firstRow": 1, "w:firstColumn": 0,
                             "w:lastRow": 0, "w:lastColumn": 0, "w:noHBand": 1,
                             "w:noVBand": 1})
    grid = sub(table, "w:tblGrid")
    for _ in range(2):
        sub(grid, "w:gridCol", {"w:w": TEXT_WIDTH // 2})
    for style_id, texts in (("TableHeading", ("Table Heading", "SOP Table")),
                            ("TableText", ("Table Text", "Table Label is for row labels"))):
        row = sub(table, "w:tr")
        for text in texts:
            cell = sub(row, "w:tc")
            sub(sub(cell, "w:tcPr"), "w:tcW", {"w:w": TEXT_WIDTH // 2, "w:type": "dxa"})
            cell.append(paragraph(style_id, [run(text)]))
    return table


def _default_namespace(uri: str) -> dict[str, str]:
    # lxml's key for the default namespace is None, which lxml-stubs do not allow for
    return cast(dict[str, str], {None: uri})


def _relationships(entries: list[tuple[str, str, str]]) -> etree._Element:
    root = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap=_default_namespace(PKG_RELS))
    for rel_id, rel_type, target in entries:
        etree.SubElement(root, f"{{{PKG_RELS}}}Relationship",
                         Id=rel_id, Type=rel_type, Target=target)
    return root


def _content_types() -> etree._Element:
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap=_default_namespace(CT_NS))
    etree.SubElement(root, f"{{{CT_NS}}}Default", Extension="rels",
                     ContentType="application/vnd.openxmlformats-package.relationships+xml")
    etree.SubElement(root, f"{{{CT_NS}}}Default", Extension="xml",
                     ContentType="application/xml")
    overrides = {"/word/document.xml": WML + "document.main+xml",
                 "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml"}
    overrides |= {f"/word/{name}": content_type for name, (content_type, _) in PARTS.items()}
    for name, content_type in overrides.items():
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=name, ContentType=content_type)
    return root


CORE_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties'
    b' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    b' xmlns:dcterms="http://purl.org/dc/terms/"'
    b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    b'<dc:title>sopkit reference document</dc:title>'
    b'<dc:creator>sopkit</dc:creator>'
    b'<cp:revision>1</cp:revision>'
    b'<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
    b'<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
    b'</cp:coreProperties>')


def reference_docx() -> bytes:
    ids = {"header1.xml": "rIdHeader", "footer1.xml": "rIdFooter"}
    document_rels = [(ids.get(name, f"rId{index}"), rel_type, name)
                     for index, (name, (_, rel_type)) in enumerate(PARTS.items(), start=1)]
    builders = {"styles.xml": styles_xml, "numbering.xml": numbering_xml,
                "settings.xml": settings_xml, "header1.xml": header_xml,
                "footer1.xml": footer_xml}
    entries = {
        "[Content_Types].xml": _xml(_content_types()),
        "_rels/.rels": _xml(_relationships([
            ("rId1", R_NS + "/officeDocument", "word/document.xml"),
            ("rId2", PKG_RELS + "/metadata/core-properties", "docProps/core.xml")])),
        "docProps/core.xml": CORE_XML,
        "word/document.xml": _xml(document_xml()),
        "word/_rels/document.xml.rels": _xml(_relationships(document_rels)),
    }
    entries |= {f"word/{name}": _xml(build()) for name, build in builders.items()}
    return normalized_zip(entries)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else REFERENCE_PATH
    write_atomic(target, reference_docx())
    os.chmod(target, 0o644)  # a committed file, readable by everyone like its neighbours
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

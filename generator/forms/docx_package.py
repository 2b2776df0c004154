"""A form's .docx as a lean package, byte-for-byte reproducible.

A form used to start from python-docx's default template: 16 parts, among them a
styles.xml of 164 styles (349 KB) and a stylesWithEffects.xml (438 KB), parsed,
re-serialised and deflated for every form although a form uses four styles. A form now
holds only what it uses: the document, its footer, the four styles (Normal, Table Grid,
Footer and the defaults they are based on, as the template wrote them), the settings that
change how Word and LibreOffice lay it out (compatibility mode 14, East Asian layout) and
its core properties. Every part but the document, the footer and the core properties is
the same for every form with the same font and is built once per process.

``saved`` writes a python-docx ``Document`` (a form opened by ``docx_fill`` to be filled)
the same way: python-docx's parts in its own order, each entry with a fixed time.
"""
from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from ..docx.package import package_entries, zip_in_order

FIXED_TIME = (2026, 1, 1, 0, 0, 0)
XML_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
FOOTER_ID = "rId3"

CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/>'
    f'<Override PartName="/word/footer1.xml" ContentType="{WML}.footer+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{WML}.settings+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/></Types>')
ROOT_RELS = (
    f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_RELS}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{CORE_RELS}" Target="docProps/core.xml"/>'
    '</Relationships>')
DOCUMENT_RELS = (
    f'<Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE_RELS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="{FOOTER_ID}" Type="{OFFICE_RELS}/footer" Target="footer1.xml"/>'
    '</Relationships>')
# python-docx's default settings without what belongs to parts a form no longer has
# (rsids, the theme's colour mapping and font languages, math, VML shape defaults) and
# the window's zoom (its w:percent, which the schema requires, was missing)
SETTINGS = (
    f'<w:settings xmlns:w="{W_NS}">'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:useFELayout/>'
    + "".join(f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/'
              f'word" w:val="{value}"/>'
              for name, value in (("compatibilityMode", 14),
                                  ("overrideTableStyleFontSizeAndJustification", 1),
                                  ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1)))
    + '</w:compat><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')
CELL_MARGINS = ('<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                '</w:tblCellMar>')
GRID_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                       for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
SINGLE_LINES = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'


def styles_xml(font: str) -> str:
    """The template's defaults and the four styles a form uses, with the page font as the
    defaults' and Normal's font (the template's defaults named the theme's fonts; a form
    has no theme)."""
    name = quoteattr(font)
    fonts = f"<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name}/>"
    tabs = ('<w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/>'
            '</w:tabs>')
    return (
        f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{fonts}'
        '<w:sz w:val="22"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="200" w:line="276" w:lineRule="auto"/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f'<w:qFormat/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr>{fonts}'
        '<w:sz w:val="20"/></w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        '<w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        f'<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{CELL_MARGINS}'
        '</w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        f'<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:pPr>{SINGLE_LINES}'
        f'</w:pPr><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{GRID_BORDERS}'
        f'</w:tblBorders>{CELL_MARGINS}</w:tblPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:pPr>{tabs}{SINGLE_LINES}</w:pPr></w:style></w:styles>')


def core_xml(title: str, subject: str, author: str, version: str) -> str:
    def element(tag: str, text: str) -> str:
        return f"<{tag}>{escape(text)}</{tag}>" if text else f"<{tag}/>"
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        + element("dc:title", title) + element("dc:subject", subject)
        + element("dc:creator", author) + element("cp:lastModifiedBy", author)
        + "<cp:revision>1</cp:revision>" + element("cp:version", version)
        + "</cp:coreProperties>")


@lru_cache(maxsize=4)
def _shared_parts(font: str) -> tuple[tuple[str, bytes], ...]:
    """The parts every form with ``font`` has, encoded once per process."""
    return tuple((name, (XML_HEAD + xml).encode("utf-8")) for name, xml in (
        ("word/styles.xml", styles_xml(font)), ("word/settings.xml", SETTINGS)))


def package(document: bytes, footer: bytes, core: str, font: str) -> bytes:
    """The .docx of a form: ``document`` and ``footer`` are serialised XML parts (with
    their declaration), ``core`` the core properties' XML."""
    entries = {"[Content_Types].xml": (XML_HEAD + CONTENT_TYPES).encode("utf-8"),
               "_rels/.rels": (XML_HEAD + ROOT_RELS).encode("utf-8"),
               "docProps/core.xml": (XML_HEAD + core).encode("utf-8"),
               "word/document.xml": document,
               "word/_rels/document.xml.rels": (XML_HEAD + DOCUMENT_RELS).encode("utf-8"),
               "word/footer1.xml": footer, **dict(_shared_parts(font))}
    return zip_in_order(entries, FIXED_TIME)


def saved(document) -> bytes:
    """A python-docx ``Document`` as the bytes of a reproducible .docx."""
    return zip_in_order(package_entries(document), FIXED_TIME)

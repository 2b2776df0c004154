"""The CJK font on docDefaults, every style and every run.

Word picks the font of a Chinese character from ``w:rFonts/@w:eastAsia``; python-docx only
sets ``w:ascii``/``w:hAnsi``, so Chinese falls back to whatever the machine has (SimSun,
or boxes in LibreOffice). Theme-font attributes (``w:eastAsiaTheme`` …) win over the named
font, so they are removed wherever they appear. The family comes from ``org.yaml`` (via the
``sopkit:font`` meta) so that Word, PDF and the diagrams use the same font.
"""
from __future__ import annotations

from lxml import etree

from .ooxml import RPR_ORDER, child, el, insert_in_order, qn

SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_ATTRIBUTES = tuple(qn(name) for name in
                         ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"))
# Word's language tags: the East Asian one selects Chinese line breaking and punctuation.
LANGUAGES = {"zh-Hans": ("zh-CN", "zh-CN"), "zh-Hant": ("zh-TW", "zh-TW"),
             "en": ("en-US", "zh-CN")}


def rpr_of(parent: etree._Element) -> etree._Element:
    """The ``w:rPr`` of a run, style or docDefaults entry, created in schema position."""
    props = parent.find(qn("w:rPr"))
    if props is None:
        props = el("w:rPr")
        if parent.tag == qn("w:r"):
            parent.insert(0, props)
        else:
            _insert_style_rpr(parent, props)
    return props


def _insert_style_rpr(parent: etree._Element, props: etree._Element) -> None:
    # In a style, rPr follows pPr and precedes tblPr/trPr/tcPr/tblStylePr.
    for index, existing in enumerate(parent):
        if existing.tag in (qn("w:tblPr"), qn("w:trPr"), qn("w:tcPr"), qn("w:tblStylePr")):
            parent.insert(index, props)
            return
    parent.append(props)


def set_font(props: etree._Element, family: str) -> None:
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        insert_in_order(props, fonts, RPR_ORDER)
    _drop_theme_attributes(fonts)
    for slot in SLOTS:
        fonts.set(qn(slot), family)


def strip_theme_fonts(root: etree._Element) -> None:
    for fonts in root.iter(qn("w:rFonts")):
        _drop_theme_attributes(fonts)


def _drop_theme_attributes(fonts: etree._Element) -> None:
    for attribute in THEME_ATTRIBUTES:
        if attribute in fonts.attrib:
            del fonts.attrib[attribute]


def apply_to_styles(styles: etree._Element, family: str, lang: str) -> None:
    """docDefaults and every paragraph, character and table style name the family."""
    strip_theme_fonts(styles)
    defaults = _run_defaults(styles)
    set_font(defaults, family)
    _set_language(defaults, lang)
    for style in styles.iter(qn("w:style")):
        if style.get(qn("w:type")) != "numbering":
            set_font(rpr_of(style), family)
    for fonts in styles.iter(qn("w:rFonts")):
        for slot in SLOTS:
            fonts.set(qn(slot), family)


def apply_to_runs(root: etree._Element, family: str) -> None:
    """Every run of a story (body, header, footer) and every numbering level."""
    strip_theme_fonts(root)
    fonts = {qn(slot): family for slot in SLOTS}
    run, props_tag = qn("w:r"), qn("w:rPr")
    for element in root.iter(run):
        if child(element, props_tag) is None:
            # most runs (48,000 of the 300-role base's 55,000) have no properties yet:
            # made whole at once, as rpr_of and set_font would make them
            props = etree.Element(props_tag)
            element.insert(0, props)
            etree.SubElement(props, qn("w:rFonts"), fonts)
        else:
            set_font(rpr_of(element), family)
    for element in root.iter(qn("w:lvl")):
        set_font(rpr_of(element), family)


def _run_defaults(styles: etree._Element) -> etree._Element:
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = el("w:rPrDefault")
        defaults.insert(0, run_defaults)
    return rpr_of(run_defaults)


def _set_language(props: etree._Element, lang: str) -> None:
    latin, east_asian = LANGUAGES.get(lang, LANGUAGES["zh-Hans"])
    language = props.find(qn("w:lang"))
    if language is None:
        language = el("w:lang")
        insert_in_order(props, language, RPR_ORDER)
    language.set(qn("w:val"), latin)
    language.set(qn("w:eastAsia"), east_asian)

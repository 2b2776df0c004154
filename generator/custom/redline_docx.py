"""The redline as a Word document with real tracked changes (w:ins / w:del).

An added or removed item is one whole paragraph whose text *and* paragraph mark carry the
revision: it disappears completely when HR rejects (or accepts) it, in Word's and
LibreOffice's Review pane alike. A reworded item is one paragraph in which only the
changed words are tracked (the pieces of ``generator.textdiff``); its unchanged runs are
plain text with the paragraph's own formatting. A summary of the changes comes first.
Written with python-docx for the package and lxml for the revision markup python-docx has
no API for.
"""
from __future__ import annotations

import io
import re

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..docx.package import fix_core_properties, renormalize
from .compare import ADDED, DELETED, GROUP, INSERTED, ITEM, REMOVED, SAME
from .redline import Redline

_STYLE = {GROUP: "Normal", ITEM: "List Bullet"}
_MUTED = RGBColor(0x64, 0x74, 0x8B)


class _Revisions:
    """Makes w:ins / w:del marks with one author and date, and ids unique in the file."""

    def __init__(self, author: str, when: str) -> None:
        self.author, self.when, self.next_id = author, when, 1

    def mark(self, change: str):
        element = OxmlElement("w:ins" if change == INSERTED else "w:del")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.when)
        self.next_id += 1
        return element


class _Styled:
    """``document.add_paragraph(style=name)`` with each style's id looked up once per
    document: python-docx finds a style by name, and asks whether it is the default style,
    by walking every style of the template for each paragraph (~60 % of a redline's CPU).
    The paragraph gets its style as python-docx gives it (an empty w:pPr for the default
    style too), so the file is the same."""

    def __init__(self, document) -> None:
        self.document = document
        self.ids: dict[str, str | None] = {}  # None: the default style, no w:pStyle

    def __call__(self, name: str):
        if name not in self.ids:
            self.ids[name] = self.document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.ids[name]
        return paragraph


def redline_docx(redline: Redline) -> bytes:
    document = docx.Document()
    _set_up(document, redline)
    revisions = _Revisions(redline.author or "sopkit", f"{redline.date.isoformat()}T00:00:00Z")
    styled = _Styled(document)
    _front(document, styled, redline)
    for section in redline.sections:
        heading = styled("Heading 2")
        _tracked(heading, section.heading, section.change, revisions, redline.font)
        for op in section.ops:
            paragraph = styled(_STYLE.get(op.item.style, "Normal"))
            if op.kind in (ADDED, REMOVED):
                runs = [_tracked(paragraph, op.item.text, op.pieces[0].change, revisions,
                                 redline.font)]
            else:
                runs = [_piece(paragraph, piece.text, piece.change, revisions, redline.font)
                        for piece in op.pieces]
            for run in runs:  # the same formatting for changed and unchanged words
                run.bold = op.item.style == GROUP or None
    # Word cannot delete a document's final paragraph mark: end on an unchanged paragraph.
    document.add_paragraph()
    # dates from the redline, never the clock: the same change gives the same bytes
    fix_core_properties(document, redline.title, redline.organization, redline.date.isoformat())
    buffer = io.BytesIO()
    document.save(buffer)
    return renormalize(buffer.getvalue())


def _tracked(paragraph, text: str, change: str, revisions: _Revisions, font: str):
    """A paragraph that is all ``text``, inserted or deleted whole with its paragraph mark
    (or unchanged)."""
    run = _piece(paragraph, text, change, revisions, font)
    if change != SAME:
        _paragraph_mark(paragraph).insert(0, revisions.mark(change))
    return run


def _piece(paragraph, text: str, change: str, revisions: _Revisions, font: str):
    """One run of ``text``, inside a w:ins or w:del unless it is unchanged."""
    run = paragraph.add_run(text)
    _east_asian_font(run, font)
    if change == SAME:
        return run
    if change == DELETED:
        for element in run._r.findall(qn("w:t")):
            element.tag = qn("w:delText")
    wrapper = revisions.mark(change)
    run._r.addprevious(wrapper)
    wrapper.append(run._r)
    return run


def _paragraph_mark(paragraph):
    """The paragraph mark's run properties (w:pPr/w:rPr), last in w:pPr as the schema wants."""
    p_pr = paragraph._p.get_or_add_pPr()
    r_pr = p_pr.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        p_pr.append(r_pr)
    return r_pr


def _east_asian_font(run, font: str) -> None:
    run.font.name = font
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _front(document, styled: _Styled, redline: Redline) -> None:
    org = document.add_paragraph()
    run = org.add_run(redline.organization)
    _east_asian_font(run, redline.font)
    run.font.color.rgb, run.font.size = _MUTED, Pt(9)
    _east_asian_font(styled("Title").add_run(redline.title), redline.font)
    for label, value in redline.facts:
        paragraph = document.add_paragraph()
        label_run = paragraph.add_run(f"{label}\t")
        label_run.bold = True
        _east_asian_font(label_run, redline.font)
        _east_asian_font(paragraph.add_run(value), redline.font)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(28))
        paragraph.paragraph_format.space_after = Pt(2)
    note = document.add_paragraph()
    note_run = note.add_run(redline.note)
    _east_asian_font(note_run, redline.font)
    note_run.font.color.rgb, note_run.font.size = _MUTED, Pt(9)
    if redline.summary:  # part of the front matter: bold, not a heading of the comparison
        heading = document.add_paragraph().add_run(redline.summary_heading)
        heading.bold = True
        _east_asian_font(heading, redline.font)
    for line in redline.summary:
        _east_asian_font(styled("List Number").add_run(line),
                         redline.font)


def _set_up(document, redline: Redline) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    header = section.header.paragraphs[0].add_run(
        f"{redline.organization}  {redline.title}  {redline.number}")
    _east_asian_font(header, redline.font)
    header.font.color.rgb, header.font.size = _MUTED, Pt(8)
    _page_numbers(section.footer.paragraphs[0], redline.footer, redline.font)
    document.styles["Normal"].paragraph_format.space_after = Pt(3)
    _plain_fonts(document, redline.font, redline.language)
    _track_further_edits(document)
    core = document.core_properties
    core.author = core.last_modified_by = redline.author
    core.title = f"{redline.title} {redline.number}"
    core.revision = 1


def _page_numbers(paragraph, pattern: str, font: str) -> None:
    """The locale's "第 {page} 页 共 {pages} 页" with Word's PAGE and NUMPAGES fields."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece in ("{page}", "{pages}"):
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), " PAGE " if piece == "{page}" else " NUMPAGES ")
            paragraph._p.append(field)
            run = paragraph.add_run("1")
            field.append(run._r)  # the cached result, shown until Word updates the field
        elif piece:
            run = paragraph.add_run(piece)
        else:
            continue
        _east_asian_font(run, font)
        run.font.color.rgb, run.font.size = _MUTED, Pt(8)


def _plain_fonts(document, font: str, language: str) -> None:
    """One named font everywhere. The default template's styles use theme fonts, which
    would win over a named East Asian font and show Chinese in a Japanese face."""
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
        for attribute in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{attribute}"), font)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language_element = defaults.find(qn("w:lang"))
    if language_element is None:
        language_element = OxmlElement("w:lang")
        defaults.append(language_element)
    language_element.set(qn("w:eastAsia"), language)
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:eastAsia"), language)


def _track_further_edits(document) -> None:
    """HR's own edits to the redline are tracked too (w:trackRevisions, after proofState
    where the settings schema puts it)."""
    settings = document.settings.element
    track = OxmlElement("w:trackRevisions")
    anchors = [settings.find(qn(tag)) for tag in ("w:proofState", "w:zoom")]
    anchor = next((element for element in anchors if element is not None), None)
    if anchor is not None:
        anchor.addnext(track)
    else:
        settings.insert(0, track)

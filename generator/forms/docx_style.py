"""Small python-docx helpers for the form documents: page, paragraphs, runs, tables."""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

SHADE = "F1F5F9"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def set_up_page(doc, font: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(14), Mm(16)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(10)
    fonts = normal.element.rPr.rFonts
    fonts.set(f"{{{W_NS}}}eastAsia", font)
    normal.paragraph_format.space_after = Pt(0)


def heading(doc, title: str) -> None:
    para = paragraph(doc, title, size=10.5, bold=True)
    para.paragraph_format.space_before = Pt(8)
    para.paragraph_format.space_after = Pt(2)
    para.paragraph_format.keep_with_next = True


def grid_style(doc):
    """The built-in "Table Grid" style, looked up once per document: by name, python-docx
    searches the styles part for it at every table."""
    return doc.styles["Table Grid"]


def new_table(doc, rows: int, widths: list, style):
    """A bordered table with fixed column widths (LibreOffice reads the grid, Word the
    cells, so both are set), in ``style`` (``grid_style``)."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = style
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def spacer(doc) -> None:
    """A small paragraph after each table: Word joins tables that touch into one."""
    para = doc.add_paragraph()
    para.paragraph_format.line_spacing = Pt(4)


def paragraph(container, text: str, size: float, colour=None, bold=False, centre=False):
    para = container.add_paragraph()
    if centre:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(para, text, size=size, colour=colour, bold=bold)
    return para


def add_run(para, text: str, size: float, colour=None, bold=False):
    run = para.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    if colour is not None:
        run.font.color.rgb = colour
    return run


def shade(cell) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{SHADE}"/>'))


def set_repeat_header(row) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def set_size(run, size: float) -> None:
    """Give a control's run the cell's font size (half-points, as Word stores it)."""
    properties = run.find(f"{{{W_NS}}}rPr")
    if properties is None:
        properties = parse_xml(f'<w:rPr {nsdecls("w")}/>')
        run.insert(0, properties)
    properties.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{round(size * 2)}"/>'))

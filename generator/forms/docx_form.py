"""A form as a Word document with content controls, in the same layout as the PDF.

Built with python-docx: label cells shaded, value cells holding one content control each
(generator/forms/docx_controls.py), tables with numbered rows. Cell borders come from the
built-in "Table Grid" style, so a blank form prints with every box visible.
"""
from __future__ import annotations

from itertools import count

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm, RGBColor

from ..fonts import org_font
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Form, FormField
from .docx_controls import control
from .docx_package import saved
from .docx_style import (
    W_NS,
    add_run,
    grid_style,
    heading,
    new_table,
    paragraph,
    set_repeat_header,
    set_size,
    set_up_page,
    shade,
    spacer,
)
from .html import locale_of, organization_name
from .layout import FieldGrid, TableBlock, sections
from .slots import Slot, cell_kind, field_slots, kind_of, table_rows

GREY, RED = RGBColor(0x64, 0x74, 0x8B), RGBColor(0xB9, 0x1C, 0x1C)
LABEL_WIDTH, PAGE_WIDTH, ROW_NO_WIDTH = Mm(29), Mm(180), Mm(11)
ROW_HEIGHT = {"textarea": Mm(18), "signature": Mm(13), "multichoice": Mm(8)}
HINT_KINDS = ("date", "number", "money")


class FormDocument:
    """One form being written; keeps the running content-control id."""

    def __init__(self, linked: LinkedKB, form: Form) -> None:
        self.linked, self.form = linked, form
        self.locale = locale_of(linked)
        self.t = Labels(self.locale)
        self.ids = count(1)
        self.doc = Document()
        self.grid = grid_style(self.doc)

    def build(self) -> bytes:
        return saved(self.compose())

    def compose(self):
        """The python-docx document, written out but not yet saved."""
        set_up_page(self.doc, org_font(self.linked.org))
        self.header()
        for section in sections(self.form):
            if section.title:
                heading(self.doc, section.title)
            for block in section.blocks:
                if isinstance(block, TableBlock):
                    self.table_block(block)
                else:
                    self.field_grid(block)
        self.properties()
        return self.doc

    def header(self) -> None:
        document = self.linked.doc(self.form)
        paragraph(self.doc, organization_name(self.linked), size=10, colour=GREY, centre=True)
        paragraph(self.doc, self.form.title, size=18, bold=True, centre=True)
        number = self.t("form_meta", label=self.t("document_number"), value=document.number)
        version = self.t("form_meta", label=self.t("version"), value=document.version)
        meta = paragraph(self.doc, f"{number}    {version}", size=8.5)
        meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if any(field.required for field in self.form.all_fields):
            note = paragraph(self.doc, "* ", size=8, colour=RED)
            add_run(note, self.t("form_required_note"), size=8, colour=GREY)
        footer = self.doc.sections[0].footer.paragraphs[0]
        add_run(footer, self.t("form_footer", title=self.form.title, number=document.number,
                               version=document.version), size=7.5, colour=GREY)

    def field_grid(self, grid: FieldGrid) -> None:
        widths = [LABEL_WIDTH, Emu((PAGE_WIDTH - 2 * LABEL_WIDTH) // 2)] * 2
        table = new_table(self.doc, 0, widths, self.grid)
        for fields in grid.rows:
            row = table.add_row()
            cells = row.cells  # python-docx walks the row's grid at every `.cells`
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
            if len(fields) == 1:
                cells[1].merge(cells[3])  # the first two cells stay what they were
            for position, field in enumerate(fields):
                self.label_cell(cells[position * 2], field)
                self.value_cell(cells[position * 2 + 1], field)
            row.height = max(ROW_HEIGHT.get(kind_of(f), Mm(8)) for f in fields)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        spacer(self.doc)

    def label_cell(self, cell, field: FormField) -> None:
        shade(cell)
        label = cell.paragraphs[0]
        add_run(label, field.label, size=10)
        if field.required:
            add_run(label, " *", size=10, colour=RED, bold=True)
        if kind_of(field) in HINT_KINDS:
            paragraph(cell, self.t(f"form_hint_{kind_of(field)}"), size=7, colour=GREY)
        if field.help:
            paragraph(cell, field.help, size=7, colour=GREY)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def value_cell(self, cell, field: FormField) -> None:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        target = cell.paragraphs[0]
        slots = field_slots(field, self.t)
        if kind_of(field) == "multichoice":
            for slot, option in zip(slots, field.options, strict=True):
                self.place(target, slot)
                add_run(target, f" {option}    ", size=10)
        else:
            self.place(target, slots[0], width=12)
            if kind_of(field) == "checkbox":
                add_run(target, f" {self.t('answer_yes')}", size=10)
        if kind_of(field) == "choice":
            options = self.t("form_options_separator").join(field.options)
            paragraph(cell, self.t("form_hint_options", options=options), size=7, colour=GREY)

    def table_block(self, block: TableBlock) -> None:
        field = block.field
        if block.titled:
            title = paragraph(self.doc, field.label, size=10, bold=True)
            if field.required:
                add_run(title, " *", size=10, colour=RED, bold=True)
        if field.help:
            paragraph(self.doc, field.help, size=7, colour=GREY)
        share = Emu((PAGE_WIDTH - ROW_NO_WIDTH) // len(field.columns))
        widths = [ROW_NO_WIDTH] + [share] * len(field.columns)
        table = new_table(self.doc, 1, widths, self.grid)
        self.column_headers(table.rows[0], field, widths)
        slots = iter(field_slots(field, self.t))
        for row_number in table_rows(field):
            row = table.add_row()
            row.height, row.height_rule = Mm(7), WD_ROW_HEIGHT_RULE.AT_LEAST
            cells = row.cells
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            add_run(cells[0].paragraphs[0], str(row_number), size=8.5, colour=GREY)
            for cell in cells[1:]:
                self.place(cell.paragraphs[0], next(slots), width=3, size=9)
        spacer(self.doc)

    def column_headers(self, row, field: FormField, widths) -> None:
        labels = [self.t("form_row_no")] + [column.label for column in field.columns]
        kinds = [None] + [cell_kind(column) for column in field.columns]
        for cell, width, label, kind in zip(row.cells, widths, labels, kinds, strict=True):
            cell.width = width
            shade(cell)
            header = cell.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_run(header, label, size=8.5)
            if kind in HINT_KINDS:
                hint = paragraph(cell, self.t(f"form_hint_{kind}"), size=6.5, colour=GREY)
                hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_repeat_header(row)

    def place(self, target, slot: Slot, width: int = 6, size: float = 10) -> None:
        sdt = control(slot, next(self.ids), self.locale, width)
        target._p.append(sdt)
        for run_properties in sdt.iter(f"{{{W_NS}}}r"):
            set_size(run_properties, size)

    def properties(self) -> None:
        core = self.doc.core_properties
        document = self.linked.doc(self.form)
        core.title, core.subject = self.form.title, document.number
        core.author = core.last_modified_by = organization_name(self.linked)
        core.comments = core.keywords = ""
        core.version = document.version


def fillable_docx(linked: LinkedKB, form: Form) -> bytes:
    return FormDocument(linked, form).build()

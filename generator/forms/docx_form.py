"""A form as a Word document with content controls, in the same layout as the PDF.

Label cells shaded, value cells holding one content control each
(generator/forms/docx_controls.py), tables with numbered rows. Cell borders come from the
"Table Grid" style, so a blank form prints with every box visible. The XML is written
with lxml (docx_style.py) into a lean package (docx_package.py); python-docx, which built
it before, cost ~45 ms of CPU per form, most of it looking up what it had just written.
"""
from __future__ import annotations

from itertools import count

from lxml import etree

from ..fonts import org_font
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Form, FormField
from .docx_controls import control
from .docx_package import FOOTER_ID, core_xml, package
from .docx_style import (
    EMU_PER_MM,
    add_run,
    cell,
    heading,
    mm,
    page,
    paragraph,
    paragraph_properties,
    root,
    row,
    serialised,
    spacer,
    table,
    twips,
)
from .html import locale_of, organization_name
from .layout import FieldGrid, TableBlock, sections
from .slots import Slot, cell_kind, field_slots, kind_of, table_rows

GREY, RED = "64748B", "B91C1C"
# widths are shared out in EMU and then rounded to twips, as python-docx did
LABEL_EMU, PAGE_EMU, ROW_NO_EMU = 29 * EMU_PER_MM, 180 * EMU_PER_MM, 11 * EMU_PER_MM
HINT_KINDS = ("date", "number", "money")
LABEL_WIDTH, ROW_NO_WIDTH = twips(LABEL_EMU), twips(ROW_NO_EMU)
VALUE_WIDTH = twips((PAGE_EMU - 2 * LABEL_EMU) // 2)
ROW_HEIGHT = {"textarea": mm(18), "signature": mm(13), "multichoice": mm(8)}
FIELD_ROW, TABLE_ROW = mm(8), mm(7)


class FormDocument:
    """One form being written; keeps the running content-control id."""

    def __init__(self, linked: LinkedKB, form: Form) -> None:
        self.linked, self.form = linked, form
        self.locale = locale_of(linked)
        self.t = Labels(self.locale)
        self.ids = count(1)
        self.document, self.body = root("document")
        self.footer, _ = root("ftr")

    def build(self) -> bytes:
        self.compose()
        document = self.linked.doc(self.form)
        author = organization_name(self.linked)
        core = core_xml(self.form.title, document.number, author, document.version)
        return package(serialised(self.document), serialised(self.footer), core,
                       org_font(self.linked.org))

    def compose(self) -> etree._Element:
        """The ``w:document``, written out but not yet serialised."""
        self.header()
        for section in sections(self.form):
            if section.title:
                heading(self.body, section.title)
            for block in section.blocks:
                if isinstance(block, TableBlock):
                    self.table_block(block)
                else:
                    self.field_grid(block)
        page(self.body, FOOTER_ID)
        return self.document

    def header(self) -> None:
        document = self.linked.doc(self.form)
        body = self.body
        paragraph(body, organization_name(self.linked), size=10, colour=GREY, align="center")
        paragraph(body, self.form.title, size=18, bold=True, align="center")
        number = self.t("form_meta", label=self.t("document_number"), value=document.number)
        version = self.t("form_meta", label=self.t("version"), value=document.version)
        paragraph(body, f"{number}    {version}", size=8.5, align="right")
        if any(field.required for field in self.form.all_fields):
            note = paragraph(body, "* ", size=8, colour=RED)
            add_run(note, self.t("form_required_note"), size=8, colour=GREY)
        footer = paragraph(self.footer, style="Footer")
        add_run(footer, self.t("form_footer", title=self.form.title, number=document.number,
                               version=document.version), size=7.5, colour=GREY)

    def field_grid(self, grid: FieldGrid) -> None:
        tbl = table(self.body, [LABEL_WIDTH, VALUE_WIDTH] * 2)
        for fields in grid.rows:
            tr = row(tbl, max(ROW_HEIGHT.get(kind_of(f), FIELD_ROW) for f in fields))
            span = 3 if len(fields) == 1 else 1  # a field alone spans the second pair too
            for field in fields:
                self.label_cell(cell(tr, LABEL_WIDTH, shaded=True, centred=True), field)
                width = VALUE_WIDTH if span == 1 else 2 * VALUE_WIDTH + LABEL_WIDTH
                self.value_cell(cell(tr, width, span=span, centred=True), field)
        spacer(self.body)

    def label_cell(self, tc: etree._Element, field: FormField) -> None:
        label = tc[-1]
        add_run(label, field.label, size=10)
        if field.required:
            add_run(label, " *", size=10, colour=RED, bold=True)
        if kind_of(field) in HINT_KINDS:
            paragraph(tc, self.t(f"form_hint_{kind_of(field)}"), size=7, colour=GREY)
        if field.help:
            paragraph(tc, field.help, size=7, colour=GREY)

    def value_cell(self, tc: etree._Element, field: FormField) -> None:
        target = tc[-1]
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
            paragraph(tc, self.t("form_hint_options", options=options), size=7, colour=GREY)

    def table_block(self, block: TableBlock) -> None:
        field = block.field
        if block.titled:
            title = paragraph(self.body, field.label, size=10, bold=True)
            if field.required:
                add_run(title, " *", size=10, colour=RED, bold=True)
        if field.help:
            paragraph(self.body, field.help, size=7, colour=GREY)
        share = twips((PAGE_EMU - ROW_NO_EMU) // len(field.columns))
        widths = [ROW_NO_WIDTH] + [share] * len(field.columns)
        tbl = table(self.body, widths)
        self.column_headers(row(tbl, header=True), field, widths)
        slots = iter(field_slots(field, self.t))
        for row_number in table_rows(field):
            tr = row(tbl, TABLE_ROW)
            add_run(cell(tr, ROW_NO_WIDTH, centred=True)[-1], str(row_number), size=8.5,
                    colour=GREY)
            for width in widths[1:]:
                self.place(cell(tr, width, centred=True)[-1], next(slots), width=3, size=9)
        spacer(self.body)

    def column_headers(self, tr, field: FormField, widths: list[int]) -> None:
        labels = [self.t("form_row_no")] + [column.label for column in field.columns]
        kinds = [None] + [cell_kind(column) for column in field.columns]
        for width, label, kind in zip(widths, labels, kinds, strict=True):
            tc = cell(tr, width, shaded=True)
            header = tc[-1]
            paragraph_properties(header, align="center")
            add_run(header, label, size=8.5)
            if kind in HINT_KINDS:
                paragraph(tc, self.t(f"form_hint_{kind}"), size=6.5,
                          colour=GREY, align="center")

    def place(self, target, slot: Slot, width: int = 6, size: float = 10) -> None:
        target.append(control(slot, next(self.ids), self.locale, width, size))


def fillable_docx(linked: LinkedKB, form: Form) -> bytes:
    return FormDocument(linked, form).build()

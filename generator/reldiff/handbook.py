"""The redline handbook of a release comparison: every changed document, its changes marked,
as Word tracked changes and as a comparison PDF.

Built as one :class:`generator.custom.redline.Redline` and printed by the very writers of the
custom job descriptions' redlines (``custom/redline_docx.py``, ``templates/custom/
redline.html.j2``): one section per changed document, headed by its number and title (the
heading inserted or deleted whole with an added or removed document), its parts as bold
lines and its items below, only the changed words marked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..custom.compare import DELETED, GROUP, INSERTED, SAME, Section
from ..custom.redline import SUMMARY_CHARACTERS, WORD_LANGUAGES, Redline
from ..custom.redline_docx import redline_docx
from ..custom.redline_pdf import CUSTOM_TEMPLATES, redline_pdf
from ..documents import DocumentView, document_meta, render_view
from ..fonts import org_font
from ..linker import LinkedKB
from ..textdiff import ADDED as OP_ADDED
from ..textdiff import REMOVED as OP_REMOVED
from ..textdiff import UNCHANGED, Item, Op, Piece
from .compare import ADDED, CHANGED, REMOVED, DocumentChange

AUTHOR = "sopkit diff"   # the author of every tracked change, as Word's Review pane shows it
OUTPUT_NAME = "changes"  # dist/diff/changes.docx and changes.pdf


@dataclass(frozen=True, slots=True)
class Compared:
    """What was compared: the two revisions as people name them, and when the newer was made."""

    before: str          # "v1 (abc1234) the commit's first line"
    after: str           # "HEAD (def5678) …" or the working tree
    date: dt.date
    before_ref: str = ""  # "v1 (abc1234)": short, for page headers
    after_ref: str = ""


def diff_redline(linked: LinkedKB, documents: list[DocumentChange], compared: Compared,
                 note_key: str = "diff_note_docx") -> Redline:
    t = linked.labels
    changed = tuple(change for document in documents for change in document.changes)
    counts = {state: sum(d.state == state for d in documents)
              for state in (ADDED, REMOVED, CHANGED)}
    facts = (
        (t("diff_from"), compared.before),
        (t("diff_to"), compared.after),
        (t("diff_documents"), t("diff_document_count", count=len(documents), **counts)),
        (t("jd_redline_changes"), str(len(changed))),
    )
    return Redline(
        organization=str(linked.org.organization.name), title=t("diff_title"), facts=facts,
        note=t(note_key), sections=tuple(_section(d, t) for d in documents), changes=changed,
        summary_heading=t("diff_summary"),
        summary=tuple(summary_line(d, t) for d in documents),
        author=AUTHOR, date=compared.date, font=org_font(linked.org),
        language=WORD_LANGUAGES.get(linked.locale, "zh-CN"),
        number=f"{compared.before_ref} → {compared.after_ref}",
        footer=t("page_x_of_y"))


def summary_line(document: DocumentChange, t) -> str:
    """One line for a document: what happened to it and, if changed, where."""
    where = t("list_separator").join(dict.fromkeys(change.section for change in document.changes)) \
        if document.state == CHANGED else ""
    line = t("diff_change_line", state=t(f"diff_document_{document.state}"),
             number=document.side.number, title=document.side.title, where=where)
    return line if len(line) <= 2 * SUMMARY_CHARACTERS else line[:2 * SUMMARY_CHARACTERS - 1] + "…"


def redline_files(linked: LinkedKB, documents: list[DocumentChange],
                  compared: Compared) -> dict[str, bytes]:
    """``changes.docx`` and ``changes.pdf``, as bytes, for the caller to write atomically."""
    word = redline_docx(diff_redline(linked, documents, compared))
    redline = diff_redline(linked, documents, compared, "diff_note_pdf")
    t = linked.labels
    view = DocumentView(
        path=f"diff/{OUTPUT_NAME}", template="redline.html.j2", title=redline.title,
        # the page header reads "title  from / to"
        meta=document_meta(linked, t, redline.title, compared.before_ref, compared.after_ref,
                           "", compared.date),
        context={"redline": redline})
    pdf = redline_pdf(render_view(linked, view, [CUSTOM_TEMPLATES]))
    return {f"{OUTPUT_NAME}.docx": word, f"{OUTPUT_NAME}.pdf": pdf}


def _section(document: DocumentChange, t) -> Section:
    whole = {ADDED: INSERTED, REMOVED: DELETED}.get(document.state, SAME)
    heading = t("diff_document_heading", number=document.side.number,
                title=document.side.title)
    ops: list[Op] = []
    for part in document.sections:
        ops.append(_heading_op(part.heading, part.change))
        ops += part.ops
    return Section(heading, whole, tuple(ops))


def _heading_op(text: str, change: str) -> Op:
    """A part's heading as a bold line, inserted or deleted with a part only one side has."""
    item = Item(text, GROUP)
    if change == INSERTED:
        return Op(OP_ADDED, None, item, (Piece(text, INSERTED),))
    if change == DELETED:
        return Op(OP_REMOVED, item, None, (Piece(text, DELETED),))
    return Op(UNCHANGED, item, item, (Piece(text, SAME),))

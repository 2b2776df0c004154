"""A long handbook chapter has places where a page starts, so it prints in short parts.

Handbook items run on after each other (issue 16), so a chapter of 300 roles had no place to
cut the book: one part of three quarters of the book, laid out by one process in a cold
build and laid out again whole after an edit of any one role (issue 14). Every
``RUN_ON_GROUP``-th item of a chapter starts a page (templates/documents/macros.html.j2), and
pdf/split.py cuts there. Checked on synthetic knowledge bases (bench/synthetic.py): the
titles' classes, the cuts, and the printed book against the same HTML printed in one piece.
"""
from __future__ import annotations

import re
import sys
from io import BytesIO
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from generator.documents import render_documents
from generator.documents.environment import RUN_ON_GROUP
from generator.pdf import PrintJob, diagram_svgs, print_documents, render_pdf
from generator.pdf.split import split_document
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent


def _knowledge_base(folder: Path, roles: int):
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    generate(folder, roles, 1, 1)
    linked = check(folder).linked
    handbook = next(d for d in render_documents(linked) if d.path == "handbook")
    return handbook, diagram_svgs(linked)


def _role_titles(html: str) -> list[tuple[str, str]]:
    """(title, class) of each item title in the roles chapter, in order."""
    chapter = next(section for section in lxml_html.document_fromstring(html).iter("section")
                   if section.find("h1") is not None and section.find("h1").get("id") == "ch-roles")
    return [(h2.text_content(), h2.get("class") or "") for h2 in chapter.iter("h2")]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return _knowledge_base(tmp_path_factory.mktemp("big") / "sops", 2 * RUN_ON_GROUP + 8)


def test_every_group_of_items_starts_a_page_and_the_rest_run_on(big):
    handbook, _svgs = big
    titles = _role_titles(handbook.html)
    assert len(titles) == 2 * RUN_ON_GROUP + 8
    starting = [n for n, (_title, classes) in enumerate(titles, 1) if "run-on" not in classes]
    assert starting == [RUN_ON_GROUP + 1, 2 * RUN_ON_GROUP + 1]


def test_the_chapter_is_cut_where_each_group_starts(big):
    handbook, _svgs = big
    split = split_document(handbook.html, 1)
    assert split is not None
    roles_per_part = [len(re.findall(r'<h2 id="role-', part)) for part in split.parts]
    # an edit of one role re-prints its group only
    assert [n for n in roles_per_part if n] == [RUN_ON_GROUP, RUN_ON_GROUP, 8]


def test_a_short_chapter_runs_on_whole(tmp_path):
    handbook, _svgs = _knowledge_base(tmp_path / "sops", RUN_ON_GROUP)
    titles = _role_titles(handbook.html)
    assert [classes for _t, classes in titles] == ["item-title run-on"] * RUN_ON_GROUP


def _texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "").replace("•", "·")
            for page in PdfReader(BytesIO(pdf)).pages]


def test_the_book_printed_in_parts_is_the_book_printed_whole(tmp_path):
    handbook, svgs = _knowledge_base(tmp_path / "sops", RUN_ON_GROUP + 4)
    job = PrintJob(handbook.path, handbook.html, dict(handbook.meta))
    assert len(split_document(job.html, 1).parts) >= 4  # the roles chapter is cut in two
    pages = _texts(dict(print_documents([job], svgs, part_weight=1))["handbook"])
    assert pages == _texts(render_pdf(job.html, job.meta, svgs))
    # the group's first role opens a page (the TOC lists it earlier: its last mention)
    opening, before = f"2.{RUN_ON_GROUP + 1}岗位", f"2.{RUN_ON_GROUP}岗位"
    page = [n for n, text in enumerate(pages) if opening in text][-1]
    assert pages[page].index(opening) < 40  # after the running header only
    assert before not in pages[page] and before in pages[page - 1] + pages[page - 2]

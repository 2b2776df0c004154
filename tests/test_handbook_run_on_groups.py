"""A long handbook chapter has places where a page starts, so it prints in short parts.

Handbook items run on after each other (issue 16), so a long chapter had no place to cut the
book: one part, laid out by one process in a cold build and laid out again whole after an
edit of any one item (issue 14). generator/documents/printgroups.py lets an item start a
page about every GROUP_PAGES estimated pages, where the page before it is estimated well
filled, and pdf/split.py cuts there. Checked on the sample and on synthetic knowledge bases
(bench/synthetic.py): the titles' classes, the cuts, how full the printed page before each
cut is, that an edit of one role changes one part, and the printed book against the same
HTML printed in one piece.
"""
from __future__ import annotations

import re
import shutil
import sys
from io import BytesIO
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from generator.documents import render_documents
from generator.pdf import PrintJob, diagram_svgs, print_documents, render_pdf
from generator.pdf.split import split_document
from generator.pipeline import check
from page_quality import measure

ROOT = Path(__file__).resolve().parent.parent
WELL_FILLED = 0.55   # the printed page before a cut (the estimate aims at 0.75)


def _knowledge_base(folder: Path, roles: int):
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate
    generate(folder, roles, 1, 1)
    return _handbook(folder)


def _handbook(folder: Path):
    linked = check(folder, history=False).linked
    handbook = next(d for d in render_documents(linked) if d.path == "handbook")
    return handbook, diagram_svgs(linked)


def _role_titles(html: str) -> list[tuple[str, str]]:
    """(anchor, class) of each item title in the roles chapter, in order."""
    chapter = next(section for section in lxml_html.document_fromstring(html).iter("section")
                   if section.find("h1") is not None and section.find("h1").get("id") == "ch-roles")
    return [(h2.get("id") or "", h2.get("class") or "") for h2 in chapter.iter("h2")]


def _starting(html: str) -> list[str]:
    """The roles after the first that start a page."""
    return [anchor for anchor, classes in _role_titles(html)[1:] if "run-on" not in classes]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big") / "sops"
    return (folder, *_knowledge_base(folder, 40))


def test_a_long_chapter_is_cut_into_groups_and_the_rest_runs_on(big):
    _folder, handbook, _svgs = big
    starting = _starting(handbook.html)
    titles = _role_titles(handbook.html)
    assert len(titles) == 40
    assert len(starting) >= 3, starting   # ~25 pages of roles in groups of about 5
    assert sum("run-on" in classes for _a, classes in titles) == 40 - len(starting)
    split = split_document(handbook.html, 1)
    assert split is not None
    roles_per_part = [n for part in split.parts if (n := len(re.findall(r'<h2 id="role-', part)))]
    assert len(roles_per_part) == len(starting) + 1 and max(roles_per_part) < 20


def test_the_printed_page_before_each_cut_is_well_filled(big):
    """The estimate chooses the place; the printed book shows how full the page is."""
    _folder, handbook, svgs = big
    pdf = render_pdf(handbook.html, handbook.meta, svgs)
    path = Path(_folder.parent / "handbook.pdf")
    path.write_bytes(pdf)
    reader = PdfReader(path)
    pages = measure(path)
    for anchor in _starting(handbook.html):
        page = reader.get_destination_page_number(reader.named_destinations[anchor])
        assert pages[page - 1].fill >= WELL_FILLED, (anchor, page, pages[page - 1].fill)


def test_an_edit_of_one_role_changes_the_part_holding_it_only(big, tmp_path):
    folder, handbook, _svgs = big
    edited = tmp_path / "sops"
    shutil.copytree(folder, edited)
    role = edited / "roles" / "role-7.yaml"
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("的日常工作", "的日常工作（修订）", 1), encoding="utf-8")
    after, _svgs = _handbook(edited)
    before_parts = split_document(handbook.html, 1).parts
    after_parts = split_document(after.html, 1).parts
    assert len(before_parts) == len(after_parts)
    changed = [n for n, (a, b) in enumerate(zip(before_parts, after_parts, strict=True)) if a != b]
    # the role's own part, and the front matter's table of contents has no summary
    assert len(changed) == 1 and "role-role-7" in after_parts[changed[0]]


def test_a_short_chapter_runs_on_whole(tmp_path):
    handbook, _svgs = _knowledge_base(tmp_path / "sops", 5)
    titles = _role_titles(handbook.html)
    assert [classes for _a, classes in titles] == ["item-title run-on"] * 5


def test_the_sample_roles_chapter_is_cut_in_groups():
    """The sample's 13 roles (~23 pages) were one part; now no group is much longer than
    GROUP_PAGES pages (a summary edit re-prints a few pages, not the chapter)."""
    handbook, _svgs = _handbook(ROOT / "sops")
    assert len(_starting(handbook.html)) >= 2
    split = split_document(handbook.html, 1)
    assert split is not None
    roles = [part for part in split.parts if '<h2 id="role-' in part]
    assert len(roles) >= 3


def _texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "").replace("•", "·")
            for page in PdfReader(BytesIO(pdf)).pages]


def test_the_book_printed_in_parts_is_the_book_printed_whole(big):
    _folder, handbook, svgs = big
    job = PrintJob(handbook.path, handbook.html, dict(handbook.meta))
    first = _starting(handbook.html)[0]
    pages = _texts(dict(print_documents([job], svgs, part_weight=1))["handbook"])
    assert pages == _texts(render_pdf(job.html, job.meta, svgs))
    # the group's first role opens a page (the TOC lists it earlier: its last mention)
    number = next(n for n, (anchor, _c) in enumerate(_role_titles(handbook.html), 1)
                  if anchor == first)
    opening = f"2.{number}岗位"
    page = [n for n, text in enumerate(pages) if opening in text][-1]
    assert pages[page].index(opening) < 40  # after the running header only


def _chapter(items: int, by_rule: int) -> str:
    """A chapter of ``items`` run-on items of about half a page each; item ``by_rule``
    starts a page by rule (as a draft after a draft does)."""
    text = "岗位职责说明" * 60   # ~8 lines
    body = "".join(
        f'<h2 id="i{n}" class="item-title{"" if n == by_rule else " run-on"}">{n}</h2>'
        f"<p>{text}</p><ol>{'<li>工作内容</li>' * 10}</ol>" for n in range(1, items + 1))
    return (f'<html><body><section class="chapter"><h1 id="ch">章</h1>{body}'
            "</section></body></html>")


def test_every_run_between_page_starts_is_grouped():
    """A page that starts by rule in the middle of a long chapter (a draft after a draft)
    does not end the grouping: the run after it is cut too."""
    from generator.documents.printgroups import group_long_chapters
    html = group_long_chapters(_chapter(40, 20))
    starts = [int(n) for n in re.findall(r'<h2 id="i(\d+)" class="item-title">', html)]
    assert 20 in starts
    assert any(n < 20 for n in starts) and any(n > 20 for n in starts), starts
    assert len(starts) <= 8   # groups of several items, not one per item

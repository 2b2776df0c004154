"""Where print.css and page.css.j2 give WeasyPrint sizes instead of letting it measure
content (a Pango pass per Chinese character): list numbers are ::before boxes of a set
width, the field grid's value column is minmax(0, 1fr), the footer margin box has a width.
Each must still print where the measured boxes did: read back from real PDFs with
poppler's word boxes (pdftotext -bbox)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.documents import render_documents
from generator.pdf import render_pdf
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4
PAGE_WIDTH = 210 * MM
LEFT, RIGHT = 20 * MM, PAGE_WIDTH - 18 * MM          # print.css: @page margins
ITEM_START = LEFT + 1.8 * 10.5                         # ol, ul padding-left: 1.8em of 10.5pt
HEADER_BOTTOM = 22 * MM


@pytest.fixture(scope="module")
def role_pages(role, tmp_path_factory) -> list[list[tuple]]:
    return printed(tmp_path_factory.mktemp("role"), role.html, role.meta)


@pytest.fixture(scope="module")
def role():
    linked = check(ROOT / "sops").linked
    return [d for d in render_documents(linked) if d.path == "roles/sales-rep"][0]


def printed(tmp_path: Path, html: str, meta: dict) -> list[list[tuple]]:
    """Per page, the words as (x0, y0, x1, y1, text), in points from the top left."""
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(html, meta, {}))
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
        for page in bbox.split("<page ")[1:]]


def beside(words: list[tuple], word: tuple) -> tuple | None:
    """The next word on the same line, to the right of ``word``."""
    after = [w for w in words if abs(w[1] - word[1]) < 1 and w[0] > word[2]]
    return min(after, default=None)


def test_list_numbers_and_bullets_end_a_space_before_their_items(role_pages):
    pages = role_pages
    numbers = bullets = 0
    for words in pages:
        for word in words:
            is_number, is_bullet = re.fullmatch(r"\d+\.", word[4]), word[4] == "•"
            if not (is_number or is_bullet) or word[0] > ITEM_START:
                continue
            numbers, bullets = numbers + bool(is_number), bullets + is_bullet
            item = beside(words, word)
            assert item is not None and abs(item[0] - ITEM_START) < 0.5, word
            # right-aligned against the item, a space's width (~2.3 pt at 10.5 pt) apart
            assert 1.5 < item[0] - word[2] < 3.5, (word, item)
    assert numbers >= 10 and bullets >= 3


def test_numbers_count_up_within_each_list(role_pages):
    pages = role_pages
    seen = [int(w[4][:-1]) for words in pages for w in sorted(words, key=lambda w: w[1])
            if re.fullmatch(r"\d+\.", w[4]) and w[0] < ITEM_START]
    assert seen[0] == 1 and all(n == 1 or n == before + 1 for before, n in zip(seen, seen[1:], strict=False))


def test_the_table_of_contents_shows_no_list_numbers(tmp_path, role):
    anchor = re.search(r'id="([^"]+)"', role.html).group(1)
    toc = (f'<nav class="toc"><ol><li><a href="#{anchor}" data-page="3">目录条目甲</a><ol>'
           f'<li><a href="#{anchor}" data-page="4">目录条目乙</a></li></ol></li></ol></nav>')
    html = role.html.replace("<section", toc + "<section", 1)
    words = printed(tmp_path, html, role.meta)[0]
    entries = [w for w in words if w[4].startswith("目录条目")]
    assert len(entries) == 2
    for entry in entries:
        assert not [w for w in words if abs(w[1] - entry[1]) < 1 and w[2] <= entry[0]], entry


def test_field_values_start_beside_the_label_column_and_wrap_inside_the_box(tmp_path, role):
    long_value = "负责区域市场开发与大客户关系维护的全部工作" * 6 + "XS" + "0123456789" * 12
    html, count = re.subn(r"<dd>[^<]*</dd>", f"<dd>{long_value}</dd>", role.html, count=1)
    assert count == 1
    words = printed(tmp_path, html, role.meta)[0]
    value = [w for w in words if w[4].startswith(("负责区域", "XS0123")) or "维护的全部" in w[4]]
    # the label column is 26 mm, inside the grid's 1px border, then 2 mm of padding
    value_x = LEFT + 0.75 + 28 * MM
    assert value and all(abs(w[0] - value_x) < 0.5 for w in value if w[4].startswith("负责"))
    assert len({round(w[1]) for w in value}) >= 3                 # it wraps ...
    assert max(w[2] for w in value) < RIGHT - 0.75 - 2 * MM + 0.5  # ... inside its cell


def header_words(words: list[tuple]) -> list[tuple]:
    return [w for w in words if w[3] < HEADER_BOTTOM]


def test_running_header_at_the_margins_and_the_footer_centred(role_pages):
    words = role_pages[1]
    header = header_words(words)
    assert len({round(w[1]) for w in header}) == 1                # one line
    assert abs(min(w[0] for w in header) - LEFT) < 0.5            # the organisation, left
    assert abs(max(w[2] for w in header) - RIGHT) < 0.5           # title / number / version, right
    footer = [w for w in words if w[1] > 277 * MM]
    assert footer and abs((min(w[0] for w in footer) + max(w[2] for w in footer)) / 2
                          - (LEFT + RIGHT) / 2) < 0.5


def test_a_title_longer_than_half_the_header_wraps_in_the_right_half(tmp_path, role):
    meta = dict(role.meta, title="区域市场开发与大客户关系维护销售专员岗位说明书及工作规范细则")
    header = header_words(printed(tmp_path, role.html, meta)[1])
    title = [w for w in header if w[0] > LEFT + 40 * MM]
    assert len({round(w[1]) for w in title}) == 2                 # wrapped, as before
    assert min(w[0] for w in title) >= (LEFT + RIGHT) / 2 - 0.5   # never into the left half
    assert abs(max(w[2] for w in title) - RIGHT) < 0.5


def test_a_long_title_beside_a_mark_wraps_clear_of_it(tmp_path, role):
    """A draft item's mark in the header's centre (the handbook's page-mark string): the
    title on the right is given what the mark leaves, so it wraps rather than run under it."""
    meta = dict(role.meta, title="华通联合设备有限公司销售部标准作业程序与岗位职责手册")
    marked = role.html.replace(   # after the title's field list: the h1 clears the mark
        "</dl>", '</dl><h2 class="item-title" data-mark="草稿（未批准）">x</h2>'
                 '<p class="note">x</p>', 1)
    assert marked != role.html
    header = header_words(printed(tmp_path, marked, meta)[1])
    mark = [w for w in header if "草稿" in w[4]]
    title = [w for w in header if w[0] > (LEFT + RIGHT) / 2 and w not in mark]
    assert mark and title
    assert min(w[0] for w in title) > max(w[2] for w in mark)     # clear of the mark
    assert len({round(w[1]) for w in title}) == 2                 # so it wraps

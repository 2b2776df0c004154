"""Long documents printed in parts on several processes and joined (generator/pdf/book.py):
the joined PDF must be the document WeasyPrint prints in one piece — same pages, same
text, TOC numbers, footers, bookmarks and links — read back with pypdf and poppler."""
from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from generator.documents import render_documents
from generator.pdf import Printing, PrintJob, diagram_svgs, print_documents, render_pdf
from generator.pdf.split import number_links, split_document
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
FOOTER = re.compile(r"第(\d+)页共(\d+)页")


def texts(reader: PdfReader) -> list[str]:
    # The sample's "·" and "•" share a glyph; which one text extraction reports depends on
    # which the font subset met first, so they are read as one.
    return [re.sub(r"\s+", "", page.extract_text() or "").replace("•", "·")
            for page in reader.pages]


def printed(jobs: list[PrintJob], svgs: dict, **options) -> dict[str, bytes]:
    return dict(print_documents(jobs, svgs, **options))


@pytest.fixture(scope="module")
def sample():
    linked = check(ROOT / "sops").linked
    handbook = [d for d in render_documents(linked) if d.path == "handbook"][0]
    return handbook, diagram_svgs(linked)


@pytest.fixture(scope="module")
def book_pdf(sample) -> bytes:
    handbook, svgs = sample
    job = PrintJob(handbook.path, handbook.html, dict(handbook.meta))
    return printed([job], svgs)["handbook"]


@pytest.fixture(scope="module")
def book(book_pdf) -> PdfReader:
    return PdfReader(BytesIO(book_pdf))


@pytest.fixture(scope="module")
def whole_pdf(sample) -> bytes:
    handbook, svgs = sample
    return render_pdf(handbook.html, dict(handbook.meta), svgs)


@pytest.fixture(scope="module")
def whole(whole_pdf) -> PdfReader:
    return PdfReader(BytesIO(whole_pdf))


def test_the_sample_handbook_is_really_printed_in_parts(sample):
    handbook, _svgs = sample
    split = split_document(handbook.html, 9_000)
    assert split is not None and len(split.parts) >= 3
    assert "目录" in split.front and 'class="chapter"' not in split.front


def test_parts_print_the_same_pages_as_the_whole_document(book, whole):
    assert len(book.pages) == len(whole.pages)
    assert texts(book) == texts(whole)  # TOC numbers and footers included


def _pixels(pdf: bytes, folder: Path) -> list:
    from PIL import Image
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", "-", str(folder / "p")],
                   input=pdf, check=True)
    return [Image.open(path).tobytes() for path in sorted(folder.glob("p-*.png"))]


def test_joined_pages_look_exactly_like_the_whole_document(book_pdf, whole_pdf, tmp_path):
    joined, one_piece = _pixels(book_pdf, tmp_path / "joined"), _pixels(whole_pdf, tmp_path / "whole")
    assert len(joined) == len(one_piece) > 40
    assert [i for i, (a, b) in enumerate(zip(joined, one_piece, strict=True)) if a != b] == []


def test_each_font_is_embedded_once(book_pdf, whole_pdf, book):
    programs = {descriptor.raw_get("/FontFile3").idnum
                for page in book.pages
                for font in page["/Resources"]["/Font"].values()
                for descriptor in [font.get_object()["/DescendantFonts"][0].get_object()
                                   ["/FontDescriptor"].get_object()]}
    assert len(programs) == 2  # Noto Sans CJK SC regular and bold
    assert len(book_pdf) < 1.5 * len(whole_pdf)


def test_every_page_has_its_own_footer_and_no_other(book):
    """The cover has none (issue 16), but counts: the next page is 第 2 页."""
    pages = texts(book)
    assert FOOTER.findall(pages[0]) == []
    for index, text in enumerate(pages[1:], start=1):
        assert FOOTER.findall(text) == [(str(index + 1), str(len(pages)))], index


def _footer_box(pdf: Path | bytes, page: int) -> tuple[float, float, float, float]:
    source = ["-"] if isinstance(pdf, bytes) else [str(pdf)]
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), *source, "-"],
                          input=pdf if isinstance(pdf, bytes) else None, capture_output=True,
                          check=True).stdout.decode()
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r'([^<]*)</word>', bbox)
    footer = [w for w in words if float(w[1]) > 780]  # in the bottom margin of A4
    assert footer, bbox[-500:]
    return (min(float(w[0]) for w in footer), min(float(w[1]) for w in footer),
            max(float(w[2]) for w in footer), max(float(w[3]) for w in footer))


def test_stamped_footer_sits_where_the_footer_box_puts_it(book_pdf, sample):
    handbook, svgs = sample
    whole_pdf = render_pdf(handbook.html, dict(handbook.meta), svgs)
    for page in (2, 12, 40):  # page 1 is the cover, without a footer
        stamped, native = _footer_box(book_pdf, page), _footer_box(whole_pdf, page)
        assert stamped == pytest.approx(native, abs=0.5), page


def _outline(outline, depth=0):
    for entry in outline:
        if isinstance(entry, list):
            yield from _outline(entry, depth + 1)
        else:
            yield depth, entry


def test_bookmarks_nest_and_point_at_their_headings(book, whole):
    pages = texts(book)
    entries = list(_outline(book.outline))
    assert [(d, e.title) for d, e in entries] == [(d, e.title) for d, e in _outline(whole.outline)]
    for _depth, entry in entries:
        assert re.sub(r"\s+", "", entry.title) in pages[book.get_destination_page_number(entry)]


def test_links_land_on_their_targets(book, sample):
    """TOC entries, and names of roles and workflows in other items (links across parts)."""
    handbook, _svgs = sample
    titles = {element.get("id"): re.sub(r"\s+", "", element.text_content())
              for element in lxml_html.document_fromstring(handbook.html).iter()
              if element.get("id")}
    destinations = {name: book.get_destination_page_number(dest)
                    for name, dest in book.named_destinations.items()}
    pages = texts(book)
    links = [(index, annotation.get_object()["/Dest"])
             for index, page in enumerate(book.pages) for annotation in page.get("/Annots", [])
             if "/Dest" in annotation.get_object()]
    # the contents come before the first chapter (组织架构); the front matter has no links
    body = min(destinations[name] for name, text in titles.items()
               if text.endswith("组织架构") and name in destinations)
    assert len([i for i, _ in links if i < body]) > 30
    assert len([i for i, _ in links if i >= body]) > 200  # 239 in the sample
    for index, target in links:
        assert titles[target] in pages[destinations[target]], (index, target)


def qpdf_check(pdf: bytes, tmp_path: Path) -> str:
    (tmp_path / "checked.pdf").write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(tmp_path / "checked.pdf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_joined_pdf_passes_qpdf_structure_check(book_pdf, tmp_path):
    """A second, strict reader of the file's structure (xref, streams, object syntax)."""
    assert "No syntax or stream encoding errors found" in qpdf_check(book_pdf, tmp_path)


def test_fonts_stay_embedded_cjk_subsets(book_pdf):
    listing = subprocess.run(["pdffonts", "-"], input=book_pdf, capture_output=True,
                             check=True).stdout.decode().splitlines()[2:]
    assert listing and all("CJK" in line and line.split()[-5:-2] == ["yes"] * 3
                           for line in listing)


def test_one_part_per_item_matches_the_whole_and_repeats_byte_for_byte(small_book):
    job, svgs = small_book
    # a part per chapter and per item that starts a page (roles, policies and workflows
    # whose head and chart fit run on)
    assert len(split_document(job.html, 1).parts) >= 6
    first = printed([job], svgs, part_weight=1)["handbook"]
    assert printed([job], svgs, part_weight=1)["handbook"] == first
    whole = PdfReader(BytesIO(render_pdf(job.html, job.meta, svgs)))
    assert texts(PdfReader(BytesIO(first))) == texts(whole)


def test_archival_variant_survives_the_join(small_book, tmp_path):
    job, svgs = small_book
    reader = PdfReader(BytesIO(printed([job], svgs, part_weight=1, variant="pdf/a-3b")["handbook"]))
    root = reader.trailer["/Root"]
    metadata = root["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfaid:part(>|=\")3", metadata)
    assert "/OutputIntents" in root and reader.trailer["/ID"]
    assert reader.pdf_header == "%PDF-1.7"
    assert isinstance(root.raw_get("/Metadata"), IndirectObject)  # streams are never inline
    qpdf_check(printed([job], svgs, part_weight=1, variant="pdf/a-3b")["handbook"], tmp_path)


def test_tagged_pdf_is_printed_in_one_piece_with_its_structure_tree(small_book):
    job, svgs = small_book
    reader = PdfReader(BytesIO(printed([job], svgs, part_weight=1, variant="pdf/ua-1")["handbook"]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    pages = texts(reader)  # the cover has no footer; every later page has one
    assert not FOOTER.search(pages[0]) and all(FOOTER.search(page) for page in pages[1:])


def test_one_process_prints_documents_whole(small_book):
    job, svgs = small_book
    alone = printed([job], svgs, workers=1)["handbook"]
    pages = texts(PdfReader(BytesIO(alone)))
    assert len(pages) > 1 and all(FOOTER.search(page) for page in pages[1:])


# cutting HTML

def doc(body: str) -> str:
    return f'<!DOCTYPE html><html lang="zh-Hans"><head><title>t</title></head><body>{body}</body></html>'


CHAPTERS = ('<section class="cover"><h1>封面</h1></section>'
            '<nav class="toc"><a href="#a">A</a><a href="#b">B</a><a href="#x">X</a></nav>'
            '<section class="chapter"><h1 id="c1">一</h1><h2 class="item-title" id="a">A</h2><p>a</p>'
            '<h2 class="item-title" id="b">B</h2><p>b</p></section>'
            '<section class="chapter"><h1 id="c2">二</h1><p>c</p></section>')


def test_cuts_only_where_pages_break_anyway():
    split = split_document(doc(CHAPTERS), 1)
    assert "封面" in split.front and "chapter" not in split.front
    bodies = [lxml_html.document_fromstring(part).body for part in split.parts]
    # the first item stays with its chapter heading; the second starts a part; so does
    # the next chapter — each part keeps its chapter's <section class="chapter">
    assert [[e.tag for e in body.iter() if e.get("id")] for body in bodies] == [
        ["h1", "h2"], ["h2"], ["h1"]]
    assert all(body[0].get("class") == "chapter" for body in bodies)
    assert len(split_document(doc(CHAPTERS), 10**6).parts) == 1


def test_never_cuts_before_an_item_that_runs_on():
    """print.css gives ``h2.item-title.run-on`` no page break, so no part may start there."""
    run_on = CHAPTERS.replace('class="item-title" id="b"', 'class="item-title run-on" id="b"')
    bodies = [lxml_html.document_fromstring(part).body
              for part in split_document(doc(run_on), 1).parts]
    assert [[e.tag for e in body.iter() if e.get("id")] for body in bodies] == [
        ["h1", "h2", "h2"], ["h1"]]


@pytest.mark.parametrize("weight", [1, 3_000, 6_000, 9_000, 12_000, 20_000, 10**6])
def test_cutting_keeps_all_content_in_order(sample, weight):
    handbook, _svgs = sample
    whole = lxml_html.document_fromstring(handbook.html).body
    split = split_document(handbook.html, weight)
    bodies = [lxml_html.document_fromstring(html).body for html in (split.front, *split.parts)]
    ids = [e.get("id") for body in bodies for e in body.iter() if e.get("id")]
    assert ids == [e.get("id") for e in whole.iter() if e.get("id")]
    assert "".join(b.text_content() for b in bodies).split() == whole.text_content().split()
    assert len(split.costs) == len(split.parts)


def test_documents_that_cannot_be_cut_safely_stay_whole():
    assert split_document(doc("<h1>岗位</h1><p>x</p>"), 1) is None
    assert split_document(doc(CHAPTERS + "<p>尾注</p>"), 1) is None
    chapters_only = CHAPTERS[CHAPTERS.index('<section class="chapter">'):]
    assert split_document(doc(chapters_only), 1) is None  # nothing to print first
    toc_inside = CHAPTERS.replace('<p>c</p>', '<nav class="toc"><a href="#a">A</a></nav>')
    assert split_document(doc(toc_inside), 1) is None


def test_toc_links_get_the_page_numbers_of_their_targets():
    front = split_document(doc(CHAPTERS), 1).front
    numbered = lxml_html.document_fromstring(number_links(front, {"a": "7", "b": "9"}))
    assert [(a.get("href"), a.get("data-page")) for a in numbered.iter("a")] == [
        ("#a", "7"), ("#b", "9"), ("#x", None)]


def test_the_shortest_document_is_printed_here_before_the_workers_fork(sample):
    """The workers then inherit what a process's first print sets up (fonts loaded into
    fontconfig, Pango and HarfBuzz; cffi's C types) instead of each paying for it; the
    document printed here is the one a worker would have printed, byte for byte."""
    linked = check(ROOT / "sops").linked
    jobs = [PrintJob(d.path, d.html, dict(d.meta)) for d in render_documents(linked)
            if d.path != "handbook"]
    shortest = min(jobs, key=lambda job: len(job.html))
    _, svgs = sample
    printing = Printing(jobs, svgs, workers=2)
    try:
        assert printing.books is not None
        assert printing.books.printer.printed_here == [f"{shortest.path}.pdf"]
        pdfs = dict(printing.results())
    finally:
        printing.stop()
    assert sorted(pdfs) == sorted(job.path for job in jobs)
    assert pdfs[shortest.path] == render_pdf(shortest.html, shortest.meta, svgs)


def test_a_few_prints_go_straight_to_the_workers(sample):
    """A rebuild after a small edit: this process goes on with the other formats."""
    linked = check(ROOT / "sops").linked
    jobs = [PrintJob(d.path, d.html, dict(d.meta)) for d in render_documents(linked)
            if d.path.startswith("roles/")][:2]
    _, svgs = sample
    printing = Printing(jobs, svgs, workers=2)
    try:
        assert printing.books is not None and printing.books.printer.printed_here == []
        assert len(dict(printing.results())) == 2
    finally:
        printing.stop()

"""WeasyPrint's user-agent stylesheet cut to what can match a document
(generator/pdf/uasheet.py): the cut keeps every selector that might match and drops the
others, and a document printed with it is the bytes of one printed with the whole sheet."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from generator.documents import render_documents
from generator.pdf import diagram_svgs, render_pdf, uasheet
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
WEASY_HTML = importlib.import_module("weasyprint.html")

# outside the house vocabulary: right-to-left text, hidden and form elements, links, <dd>
# under [dir], a <q>, an <abbr title>: the per-document cut, not the house one
UNUSUAL = ("<html lang='zh'><body><p dir='rtl'>从右到左 <q>引</q> <abbr title='缩写'>缩</abbr></p>"
           "<dl dir='ltr'><dt>词</dt><dd>释义</dd></dl><p hidden>藏</p>"
           "<p><a href='https://sopkit.invalid/dist/x'>链接</a> <input type='checkbox' checked>"
           "<button>按钮</button></p><ul><li><ol><li>二级</li></ol></li></ul>"
           "<pre>  保留  空格</pre><small>小</small><sub>下</sub><mark>标</mark></body></html>")


def _selectors(text: str) -> list[str]:
    import tinycss2
    return [", ".join(uasheet._selectors(rule.prelude))
            for rule in tinycss2.parse_stylesheet(text, skip_comments=True)
            if rule.type == "qualified-rule"]


def test_a_selector_is_dropped_only_when_it_needs_a_name_the_document_lacks():
    sheet = ("p, input[type=hidden i], [dir=rtl i] dd { display: block }\n"
             ":is(ul, menu) :is(ol, ul) { margin: 0 }\n:link { color: blue }\n"
             "img:not([seamless]) { border: 0 }\n@page { margin: 75px }\n"
             "@counter-style disc { system: cyclic; symbols: x }\nq::before { content: '\"' }")
    few = uasheet.cut(sheet, frozenset({"p", "ul", "ol"}), frozenset({"class"}))
    assert _selectors(few) == ["p", ":is(ul, menu) :is(ol, ul)"]
    assert "@page" in few and "counter-style" not in few
    more = uasheet.cut(sheet, frozenset({"p", "dd", "a", "img", "q", "input"}),
                       frozenset({"dir", "href", "type"}))
    assert _selectors(more) == ["p, input[type=hidden i], [dir=rtl i] dd", ":link",
                                "img:not([seamless])", "q::before"]
    # a link without href is no :link; an <ol> inside no <ul> or <menu> matches no
    # nested-list rule
    assert ":link" not in uasheet.cut(sheet, frozenset({"a"}), frozenset({"name"}))
    assert ":is" not in uasheet.cut(sheet, frozenset({"ol"}), frozenset())


def test_the_house_cut_is_much_smaller_than_the_whole_sheet():
    whole, cut = WEASY_HTML.UA_STYLESHEET.matcher, uasheet.house_sheet().matcher
    # the selectors cssselect2 tries on every element, whatever its tag
    assert len(cut.other_selectors) < len(whole.other_selectors) / 2
    assert sum(map(len, cut.lower_local_name_selectors.values())) < sum(
        map(len, whole.lower_local_name_selectors.values())) / 2


@pytest.fixture(scope="module")
def sample():
    linked = check(ROOT / "sops").linked
    documents = {d.path: d for d in render_documents(linked)}
    return documents, diagram_svgs(linked)


def _whole_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's own sheets, untouched, for the print to compare with."""
    monkeypatch.setattr(uasheet, "for_document", lambda _root, sheets: list(sheets))


def test_documents_print_the_bytes_the_whole_sheet_prints(sample, monkeypatch):
    documents, svgs = sample
    chosen = [documents[path] for path in ("roles/sales-manager",
                                           "workflows/complaint-handling",
                                           *[p for p in documents if p.startswith("policies/")][:1])]
    cut = [render_pdf(d.html, dict(d.meta), svgs) for d in chosen]
    _whole_sheet(monkeypatch)
    whole = [render_pdf(d.html, dict(d.meta), svgs) for d in chosen]
    assert cut == whole and all(pdf.startswith(b"%PDF") for pdf in cut)


def test_a_document_beyond_the_house_names_gets_its_own_cut(sample, monkeypatch):
    documents, svgs = sample
    meta = dict(documents["roles/sales-manager"].meta)
    tags, attributes = uasheet.names_of(_parsed(UNUSUAL))
    assert not tags <= uasheet.HOUSE_TAGS and "dir" in attributes
    own = uasheet.for_document(_parsed(UNUSUAL), [WEASY_HTML.UA_STYLESHEET])[0]
    assert own is not uasheet.house_sheet() and own is not WEASY_HTML.UA_STYLESHEET
    cut = render_pdf(UNUSUAL, meta, svgs)
    _whole_sheet(monkeypatch)
    assert render_pdf(UNUSUAL, meta, svgs) == cut


def test_every_sample_document_stays_within_the_house_names(sample):
    """Speed, not correctness: a template that starts writing a new tag or attribute the
    user-agent sheet styles gets a cut of its own per document until it is listed."""
    documents, _svgs = sample
    mentioned_tags, mentioned_attributes = uasheet._mentioned()
    for document in documents.values():
        tags, attributes = uasheet.names_of(_parsed(document.html))
        assert tags & mentioned_tags <= uasheet.HOUSE_TAGS, document.path
        assert attributes & mentioned_attributes <= uasheet.HOUSE_ATTRIBUTES, document.path


def _parsed(html: str):
    from weasyprint import HTML
    return HTML(string=html).etree_element

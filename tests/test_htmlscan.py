"""WeasyPrint's HTML parser with its scanning patterns found again (generator/pdf/htmlscan.py),
and the search index's parse limited to a page's article (generator/portal/searchtext.py)."""
from __future__ import annotations

import importlib

from generator.pdf import htmlscan
from generator.portal import searchtext

PAGE = ("<html><head><script>var a = 1;</script></head><body><nav><h2 id='n'>导航</h2>"
        "<ul><li>角色</li></ul></nav><main><article class='md-content__inner'>"
        "<h1>销售代表</h1><p>负责 &amp; 跟进</p><h2 id='duties'>职责</h2><table><tr><th>甲</th>"
        "<td>乙</td></tr></table><div data-search-exclude><p>不计</p></div></article></main>"
        "<footer><p>页脚</p></footer></body></html>")


def _tree(html: str) -> str:
    from xml.etree import ElementTree

    import tinyhtml5
    return ElementTree.tostring(tinyhtml5.parse(html), encoding="unicode")


def test_the_parser_finds_its_patterns_by_the_characters_it_asks_with():
    inputstream = importlib.import_module("tinyhtml5.inputstream")
    before = _tree(PAGE)
    htmlscan.install()
    htmlscan.install()  # twice is once
    assert getattr(inputstream.HTMLUnicodeInputStream.chars_until, "sopkit_cached", False)
    assert _tree(PAGE) == before
    # the keys the tokenizer looks up by: characters, not (as tinyhtml5 files them) patterns
    cache = inputstream.characters_until_regex
    assert (("&", "<", "\u0000"), False) in cache
    assert cache[(("&", "<", "\u0000"), False)].pattern == "[^\\x26\\x3c\\x00]+"


def test_a_page_is_parsed_from_its_article_to_its_end_only():
    whole = searchtext._PageText()
    whole.feed(PAGE)
    whole.close()
    expected = [s for i, s in enumerate(whole.sections) if i == 0 or s.units or s.title]
    assert searchtext.page_sections(PAGE) == expected
    assert [(s.anchor, s.title, s.units) for s in expected] == [
        ("", "销售代表", ["负责 & 跟进"]), ("duties", "职责", ["甲 · 乙"])]
    assert searchtext.article_of(PAGE).startswith("<article class=")
    assert searchtext.article_of(PAGE).endswith("</article>")
    assert searchtext.article_of("<p>no article</p>") == "<p>no article</p>"


def _by_html_parser(article: str) -> list:
    whole = searchtext._PageText()
    whole.feed(article)
    whole.close()
    return whole.sections


# What the scan must read as HTMLParser does: upper-case names, comments (one holding a
# tag), a script holding tags and "<", self-closing tags, an excluded subtree with nested
# and void tags, references in text and attributes, a heading id and class in capitals,
# single quotes, a bare data-search-exclude and one with a value, text after the article.
EDGES = ("<ARTICLE class='md-typeset'><H1 ID=\"t\">标题<A CLASS=\"headerlink\" href=\"#t\">"
         "&para;</A></H1><!-- <p>注释</p> --><p>甲 &amp; 乙&#45;丙 &lt;x&gt; &nbsp;丁</p>"
         "<script type=\"application/ld+json\">{\"a\": \"<p>不计</p>\", \"b\": 1 < 2}</script>"
         "<h2 id='s&amp;1' class=\"x\">节<br/>一</h2><svg viewBox=\"0 0 1 1\"><g><text>图"
         "</text><path d=\"M0\"/></g></svg><div data-search-exclude><p>不计<br>也不计</p></div>"
         "<p data-search-exclude=\"\">不计</p><table><tr><TH>甲</TH><td>乙</td><td></td></tr>"
         "</table><ul><li>一<li>二</ul><img src='a.png' alt=\"图\"><p class=\"sop-downloads\">"
         "<a>下载</a></p><h3 id=\"x\"\n  class=\"y\">三</h3><p>尾</p></ARTICLE>之后")


def test_the_scan_reads_what_htmlparser_reads():
    scanned = searchtext._scan(EDGES)
    assert scanned is not None  # the fast path was taken
    assert scanned == _by_html_parser(EDGES)
    assert [(s.anchor, s.title, s.units) for s in scanned if s.units or s.title] == [
        ("", "标题", ["甲 & 乙-丙 <x> 丁"]), ("s&1", "节一", ["甲 · 乙", "一", "二"]),
        ("x", "三", ["尾"])]


def test_markup_the_scan_does_not_vouch_for_goes_to_htmlparser():
    for odd in ("<p>a < b</p>", "<p class=bare>x</p>", "<!DOCTYPE html><p>x</p>",
                "<p>x</p><![CDATA[y]]>", "<p/ class='a'>x</p>", "<script>never closed",
                "<?pi x?><p>y</p>"):
        article = f"<article>{odd}<h2 id='a'>b</h2><p>c</p></article>"
        assert searchtext._scan(article) is None, odd
        expected = [s for i, s in enumerate(_by_html_parser(article))
                    if i == 0 or s.units or s.title]
        assert searchtext.page_sections(article) == expected, odd


def test_every_page_of_the_sample_portal_is_scanned_as_htmlparser_reads_it(tmp_path_factory):
    from conftest import build_sample

    site = build_sample(tmp_path_factory, "site") / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        article = searchtext.article_of(page.read_text(encoding="utf-8"))
        scanned = searchtext._scan(article)
        assert scanned is not None, page  # the portal's own markup takes the fast path
        assert scanned == _by_html_parser(article), page


def test_the_search_index_takes_a_made_page_article_as_it_would_read_it_back(tmp_path):
    from generator.portal import searchindex

    page = PAGE.replace("负责", "负\u00e9责")
    assert searchindex.written_article(page) == searchtext.article_of(page)
    # what MkDocs writes and reading in text mode give back differently: read from the file
    assert searchindex.written_article(PAGE.replace("跟进", "跟\r\n进")) is None
    assert searchindex.written_article(PAGE.replace("跟进", "跟\ud800进")) is None
    # the index reads a page from the site only when the build did not hand its article
    site = tmp_path / "site"
    (site / "roles").mkdir(parents=True)
    (site / "roles" / "a.html").write_text(PAGE, encoding="utf-8")
    entry = searchindex.Entry("roles/a.md", "销售代表", "XS-1", None)
    from_disk = searchindex._indexed(site, entry, "", {})
    handed = searchindex._indexed(site, entry, "", {"roles/a.html": searchtext.article_of(PAGE)})
    assert handed == from_disk
    (site / "roles" / "a.html").unlink()
    assert searchindex._indexed(site, entry, "", {"roles/a.html": searchtext.article_of(PAGE)}) \
        == from_disk

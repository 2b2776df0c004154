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

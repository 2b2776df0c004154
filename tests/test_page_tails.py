"""A chapter's last blocks keep together in print (generator/documents/pagetails.py):
the marks on small documents. The printed pages are measured in test_page_quality.py."""
from __future__ import annotations

import re

from lxml import html as lxml_html

from generator.documents.pagetails import keep_chapter_tails

ROLE = """<h2 id="role-{n}" class="item-title run-on">2.{n}　岗位{n}</h2>
<dl class="fields"><dt>职位名称</dt><dd>岗位{n}</dd></dl>
<h3 id="role-{n}-duties">工作内容</h3>
<ol>
{items}
</ol>
"""


def chapter(roles: int, items: int = 6) -> str:
    body = "".join(ROLE.format(n=n, items="\n".join(f"<li>第{i}项工作内容。</li>"
                                                      for i in range(items)))
                   for n in range(roles))
    return f"""<!DOCTYPE html><html><body><section class="chapter">
<h1 id="ch-roles">第二章　岗位说明书</h1>
{body}</section>
<section class="chapter"><h1 id="ch-next">第三章</h1><p>下一章。</p></section></body></html>"""


def marks(html: str) -> list[tuple[str, str]]:
    root = lxml_html.document_fromstring(html)
    return [(element.tag, element.get("data-tail")) for element in root.iter()
            if element.get("data-tail")]


def test_the_last_blocks_of_a_long_chapter_keep_together():
    html = keep_chapter_tails(chapter(12))
    found = marks(html)
    # a chain of about 42 % of the page (~107 mm): the last role and part of the one before
    assert found[0][1] == "start" and all(mark == "on" for _, mark in found[1:])
    assert ("li", "on") in found and ("h2", "on") in found and ("dl", "on") in found
    assert 12 <= len(found) <= 30
    last = lxml_html.document_fromstring(html).xpath("//section[1]/ol[last()]/li")
    assert all(item.get("data-tail") == "on" for item in last)
    # only attributes were added: the text is the same
    assert re.sub(r' data-tail="\w+"', "", html) == chapter(12)


def test_a_chapter_that_fits_its_first_page_is_left_alone():
    html = chapter(1, items=3)
    assert keep_chapter_tails(html) == html


def test_a_landscape_chart_ends_the_chain_its_page_starts_one():
    long = chapter(12).replace(
        '<h2 id="role-11"',
        '<figure class="diagram landscape" data-height-mm="150"><img src="x.svg"></figure>\n'
        '<h2 id="role-11"')
    found = marks(keep_chapter_tails(long))
    assert not found   # the last role is all on the page after the chart

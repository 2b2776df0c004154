"""An approval matrix's header block keeps with its tier table in Word (issue 16).

The header block (``<dl class="fields">``) right before the tier table: every paragraph of
its rows, the thin paragraph that keeps the two tables apart and the tier table's header
row keep with the next (``w:keepNext``), so the block, the header row and the first tier
share a page; the tiers themselves may run on to the next page. LibreOffice's print of the
sample is checked in test_docx_print.py.
"""
from __future__ import annotations

from pathlib import Path

from docx_helpers import NS, Docx
from generator.docx import html_to_docx
from test_cell_ends import document

APPROVAL = """<h2 id="ap">费用审批权限</h2>
<dl class="fields"><dt>审批事项</dt><dd>费用报销</dd><dt>版本</dt><dd>1.0</dd></dl>
<table class="grid"><colgroup><col style="width:20%"><col style="width:80%"></colgroup>
<thead><tr><th>档次</th><th>审批</th></tr></thead>
<tbody><tr><td>1</td><td>总经理</td></tr><tr><td>2</td><td>行政人事部</td></tr></tbody></table>
<dl class="fields"><dt>说明</dt><dd>不在表格前的字段</dd></dl>
<p>正文</p>"""


def keeps(element) -> bool:
    return bool(element.xpath("w:pPr/w:keepNext", namespaces=NS))


def test_the_header_block_its_spacer_and_the_tier_header_keep_with_the_next():
    body = Docx(html_to_docx(document(APPROVAL), Path("."), name="approval")).document
    fields, tiers, other = body.xpath("//w:body/w:tbl", namespaces=NS)
    assert all(keeps(p) for p in fields.xpath(".//w:p", namespaces=NS))
    spacer = fields.getnext()
    assert spacer.tag.endswith("}p") and keeps(spacer)
    header, *rows = tiers.xpath("w:tr", namespaces=NS)
    assert all(keeps(p) for p in header.xpath(".//w:p", namespaces=NS))
    assert not any(keeps(p) for row in rows for p in row.xpath(".//w:p", namespaces=NS))
    # a header block before anything but a table keeps nothing
    assert not any(keeps(p) for p in other.xpath(".//w:p", namespaces=NS))

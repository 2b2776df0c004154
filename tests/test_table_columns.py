"""A content table's column that no row fills is left out of the printed documents
(generator/documents/emptycolumns.py, issue 16): 客户经理's 权重, the steps' 时限 and
检核人员 where no step has one, an approval tier's 审核 and 知会."""
from __future__ import annotations

import re

from lxml import html as lxml_html

from generator.documents import render_documents
from generator.documents.emptycolumns import drop_empty_columns

BLANK = {"blank-fields", "blank-cells", "blank-wide", "doc-control", "raci"}


def empty_columns(html: str) -> list[tuple[str, str]]:
    """(header, table's previous heading) of every content table column no body row fills."""
    found = []
    for table in lxml_html.document_fromstring(html).iter("table"):
        classes = set((table.get("class") or "").split())
        if "grid" not in classes or classes & BLANK:
            continue
        heads = [th.text_content() for th in table.findall("thead/tr/th")]
        rows = [[cell.text_content().strip() for cell in row] for row in table.findall("tbody/tr")]
        found += [(head, table.getprevious().text_content() if table.getprevious() is not None
                   else "") for index, head in enumerate(heads)
                  if rows and all(index < len(row) and not row[index] for row in rows)]
    return found


def test_no_document_of_the_sample_prints_an_empty_column(sample_result):
    documents = render_documents(sample_result.linked)
    assert len(documents) > 30
    found = {document.path: empty_columns(document.html) for document in documents}
    assert not {path: columns for path, columns in found.items() if columns}


TABLE = """<p>x</p>
<table class="grid steps">
<colgroup><col style="width:10%"><col style="width:40%"><col style="width:20%"><col style="width:30%"></colgroup>
<thead><tr><th>序号</th><th>作业内容</th><th>时限</th><th>表单</th></tr></thead>
<tbody>
<tr><td>1</td><td>登记&lt;客户&gt;</td><td> </td><td>客户卡</td></tr>
<tr><td>2</td><td>回访</td><td></td><td></td></tr>
</tbody>
</table>
<table class="grid blank-cells"><thead><tr><th>日期</th></tr></thead><tbody><tr><td></td></tr></tbody></table>
"""


def test_an_empty_column_goes_and_the_others_share_its_width():
    html = drop_empty_columns(TABLE)
    table = lxml_html.fragment_fromstring(html, create_parent="div").find("table")
    assert [th.text_content() for th in table.iter("th")] == ["序号", "作业内容", "表单"]
    assert [len(row.findall("td")) for row in table.iter("tr")][1:] == [3, 3]
    widths = [float(re.search(r"([\d.]+)%", col.get("style")).group(1))
              for col in table.iter("col")]
    assert widths == [12.5, 50.0, 37.5]
    assert "登记&lt;客户&gt;" in html   # content stays escaped
    # a blank form's cells are there to be written in
    assert html.endswith(TABLE[TABLE.index('<table class="grid blank-cells">'):])


def test_a_table_every_row_fills_is_returned_as_it_is():
    html = TABLE.replace("<td> </td>", "<td>当天</td>")
    assert drop_empty_columns(html) == html

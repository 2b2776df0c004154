"""A retired document's dates: its `effective` is when it was retired, so it is shown as
作废日期 (never 生效日期), and it has no next review date — in the document and the portal."""
from __future__ import annotations

import datetime as dt
import html
import re

from generator.documents import render_documents
from generator.portal.views import item_control

POLICY = """\
title: 旧考勤制度
applies_to: [all]
document: {status: retired, effective: 2026-06-01, review_every_months: 12}
sections:
  - title: 考勤
    rules: [上下班打卡。]
"""
CURRENT = POLICY.replace("旧考勤制度", "考勤制度").replace("retired", "approved")


def _control_table(html: str) -> str:
    return re.search(r'<table class="grid doc-control">.*?</table>', html, re.S).group()


def test_retired_policy_shows_retirement_date_and_no_review(make_kb):
    linked = make_kb({"policies/old.yaml": POLICY, "policies/new.yaml": CURRENT}).check().linked
    # retired items leave the published model: only the register holds them
    [old] = [entry.item for entry in linked.retired if entry.item.id == "old"]
    new = linked.kb.policies["new"]
    assert linked.doc(old).next_review is None
    assert linked.doc(new).next_review == dt.date(2027, 6, 1)
    documents = {doc.path: doc for doc in render_documents(linked)}
    assert "policies/old" not in documents  # never handed out as a current document
    current = _control_table(documents["policies/new"].html)
    assert "生效日期" in current and "2027-06-01" in current
    control = item_control(linked, old)
    assert control.next_review is None and not control.overdue


def test_retired_policy_page_in_the_portal(make_kb):
    from generator.portal.downloads import Downloads
    from generator.portal.pages import Portal
    linked = make_kb({"policies/old.yaml": POLICY, "policies/new.yaml": CURRENT}).check().linked
    portal = Portal(linked, Downloads({}))
    pages = {page.uri: page for page in portal.pages()}

    def control_block(uri: str) -> str:
        markdown = portal.render(pages[uri])
        block = re.search(r'<aside class="sop-control".*?</aside>', markdown, re.S).group()
        return html.unescape(block)

    old = control_block("policies/old.md")
    assert "作废日期" in old and "生效日期" not in old and "2026-06-01" in old
    assert "下次复审</dt><dd>—</dd>" in old and "2027-06-01" not in old
    new = control_block("policies/new.md")
    assert "生效日期" in new and "下次复审</dt><dd>2027-06-01</dd>" in new

"""A retired document's dates: its `effective` is when it was retired, so it is shown as
作废日期 (never 生效日期), and it has no next review date — in the document and the portal."""
from __future__ import annotations

import datetime as dt
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
    old, new = linked.kb.policies["old"], linked.kb.policies["new"]
    assert linked.doc(old).next_review is None
    assert linked.doc(new).next_review == dt.date(2027, 6, 1)
    documents = {doc.path: doc for doc in render_documents(linked)}
    retired = _control_table(documents["policies/old"].html)
    assert "作废日期" in retired and "生效日期" not in retired
    assert "2026-06-01" in retired and "2027-06-01" not in retired
    current = _control_table(documents["policies/new"].html)
    assert "生效日期" in current and "2027-06-01" in current
    control = item_control(linked, old)
    assert control.next_review is None and not control.overdue

"""A knowledge base in English reads as English: titles, captions and chart labels."""
from __future__ import annotations

from generator.diagrams.catalog import diagrams
from generator.diagrams.style import wrap
from generator.documents import render_documents

ORG = """\
organization:
  name: Northwind Rides Ltd.
locale: en
departments:
  - {id: ops, name: Ride Operations}
"""
FILES = {
    "roles/lead.yaml": "title: Operations Lead\ndepartment: ops\nduties: [Run the checks]\n",
    "roles/tech.yaml": "title: Ride Technician\ndepartment: ops\nreports_to: lead\n"
                       "duties: [Inspect rides]\n",
    "workflows/repair.yaml": """\
        title: Fault repair
        owner: lead
        steps:
          - {id: inspect, name: Inspect the ride before opening, by: tech}
          - {id: fix, name: Repair and test, by: tech, end: true}
        """,
}


def test_handbook_title_and_chart_caption_are_worded_for_english(make_kb):
    kb = make_kb(FILES, org=ORG, boss=False)
    html = {doc.path: doc.html for doc in render_documents(kb.check().linked)}
    assert "Ride Operations Handbook" in html["handbook"]
    assert "Ride OperationsOperations" not in html["handbook"]
    assert "Workflow chart: Fault repair" in html["workflows/repair"]


def test_chart_labels_break_between_words(make_kb):
    kb = make_kb(FILES, org=ORG, boss=False)
    dots = "".join(chart.dot for chart in diagrams(kb.check().linked))
    for word in ("Operations", "Technician", "Inspect", "opening"):
        assert word in dots, word
    assert wrap("Inspect the ride before opening") == "Inspect the ride\nbefore opening"


def test_chinese_labels_still_break_evenly():
    assert wrap("对客户反映情况进行调查") == "对客户反映情\n况进行调查"

"""What a cold build shares instead of doing twice (issue 14) never outlives its inputs.

The Word and PDF renderers get the same rendered documents, document environments share
compiled templates, and print.css is parsed once per process; each of these must notice an
edited template or stylesheet and use the new one.
"""
from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

import generator.documents as documents
from generator.documents import environment, render_documents
from generator.pdf import render_pdf

MARK = "ZQX-EDITED-TEMPLATE"


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the document templates that the test may edit."""
    copy = tmp_path / "templates"
    shutil.copytree(environment.TEMPLATES_DIR / "documents", copy / "documents")
    monkeypatch.setattr(environment, "TEMPLATES_DIR", copy)
    return copy / "documents"


def _count_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    views = documents.document_views

    def counted(linked):
        calls[0] += 1
        return views(linked)
    monkeypatch.setattr(documents, "document_views", counted)
    return calls


def test_word_and_pdf_get_the_documents_rendered_once(sample_result, templates, monkeypatch):
    calls = _count_renders(monkeypatch)
    first = render_documents(sample_result.linked)
    second = render_documents(sample_result.linked)
    assert calls[0] == 1
    assert [(d.path, d.html) for d in first] == [(d.path, d.html) for d in second]


def test_an_edited_template_is_rendered_and_compiled_again(sample_result, templates,
                                                            monkeypatch):
    calls = _count_renders(monkeypatch)
    before = {d.path: d.html for d in render_documents(sample_result.linked)}
    role = templates / "role.html.j2"
    source = role.read_text(encoding="utf-8")
    role.write_text(source.replace('<section class="chapter">',
                                   f'<section class="chapter"><p>{MARK}</p>', 1),
                    encoding="utf-8")
    after = {d.path: d.html for d in render_documents(sample_result.linked)}
    assert calls[0] == 2
    roles = [path for path in after if path.startswith("roles/")]
    assert roles and all(MARK in after[path] and MARK not in before[path] for path in roles)
    assert all(MARK not in html for path, html in after.items() if path not in roles)


def test_another_model_gets_its_own_documents(sample_result, kb):
    sample = {d.path for d in render_documents(sample_result.linked)}
    other = {d.path for d in render_documents(kb.check().linked)}
    assert other != sample
    assert {f"roles/{role}" for role in kb.check().linked.kb.roles} <= other


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def test_an_edited_stylesheet_is_parsed_again(sample_result, tmp_path):
    doc = next(d for d in render_documents(sample_result.linked) if d.path.startswith("policies/"))
    html = doc.html.replace("</body>", f'<p class="zqx">{MARK}</p></body>', 1)
    sheet = tmp_path / "extra.css"
    sheet.write_text(".zqx { display: none; }\n", encoding="utf-8")
    hidden = render_pdf(html, dict(doc.meta), {}, extra_css=(sheet,))
    sheet.write_text(".zqx { display: block; }\n", encoding="utf-8")
    shown = render_pdf(html, dict(doc.meta), {}, extra_css=(sheet,))
    assert MARK not in _pdf_text(hidden)
    assert MARK in _pdf_text(shown)
    # and the same inputs print the same bytes, parsed sheets reused or not
    assert render_pdf(html, dict(doc.meta), {}, extra_css=(sheet,)) == shown


def test_charts_are_placed_once_per_model(sample_result, kb, monkeypatch):
    from generator.diagrams import catalog
    placed = []
    charts = catalog.workflow_charts

    def counted(linked, workflow, *rest):
        placed.append(workflow.id)
        return charts(linked, workflow, *rest)
    monkeypatch.setattr(catalog, "workflow_charts", counted)
    monkeypatch.setattr(catalog, "_planned", None)
    first = catalog.diagrams(sample_result.linked)
    second = catalog.diagrams(sample_result.linked)
    assert first == second
    assert sorted(placed) == sorted(sample_result.linked.kb.workflows)
    other = kb.check().linked
    assert {d.path for d in catalog.diagrams(other)} != {d.path for d in first}
    assert catalog.diagrams(sample_result.linked) == first


def test_a_custom_role_is_compared_once_for_both_redlines_and_the_portal(sample_result,
                                                                          monkeypatch):
    from generator.custom import compare as compare_module
    from generator.custom.redline import redline_for
    from generator.custom.variants import variants
    linked = sample_result.linked
    diffed = []
    diff_items = compare_module.diff_items

    def counted(before, after):
        diffed.append(1)
        return diff_items(before, after)
    monkeypatch.setattr(compare_module, "diff_items", counted)
    monkeypatch.setattr(compare_module, "_compared", {})
    # the portal's change counts are also kept in the build cache (sitecache): off here,
    # so that what is counted is this process's comparisons
    monkeypatch.setenv("SOPKIT_NO_CACHE", "1")
    custom = next(iter(linked.custom_jds.values()))
    docx_redline = redline_for(linked, custom)
    once = len(diffed)
    pdf_redline = redline_for(linked, custom, "jd_redline_note_pdf")
    assert once > 0 and len(diffed) == once
    assert pdf_redline.sections == docx_redline.sections and pdf_redline.note != docx_redline.note
    variants(linked)  # compares the other custom roles, not this one again
    variants(linked)
    after_portal = len(diffed)
    monkeypatch.setattr(compare_module, "_compared", {})
    del diffed[:]
    variants(linked)  # every custom role, from scratch
    assert after_portal == len(diffed) > once

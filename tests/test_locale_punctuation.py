"""Punctuation follows the locale: an `en` knowledge base gets `, ; ( ) :`, never the
full-width 、；（）： of the Chinese catalogs.

The sample is copied with its own full-width punctuation taken out of the content, so any
that reaches an output came from a template, a catalog or the code.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE_SOPS, TODAY
from generator.diagrams.swimlane import workflow_dot
from generator.documents import render_documents
from generator.i18n import Labels
from generator.onboarding.pack import pack_document
from generator.onboarding.request import new_hire
from generator.onboarding.view import build_pack
from generator.onboarding.workdays import calendar_from_org
from generator.pipeline import check

FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
CHINESE_PUNCTUATION = "、；（）："


def english_sample(root: Path) -> Path:
    shutil.copytree(SAMPLE_SOPS, root)
    for path in root.rglob("*.yaml"):
        # A space cannot change what YAML reads, where `:` or `,` might.
        text = FULL_WIDTH.sub(" ", path.read_text(encoding="utf-8"))
        if path.name == "org.yaml":
            text, count = re.subn(r"(?m)^locale: .*$", "locale: en", text)
            assert count == 1
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    result = check(english_sample(tmp_path_factory.mktemp("en") / "sops"), today=TODAY)
    assert result.ok, [d.format() for d in result.diagnostics.errors]
    assert result.linked.locale == "en"
    return result.linked


def test_the_english_sample_has_no_full_width_punctuation_of_its_own(linked):
    assert not FULL_WIDTH.search(repr(linked.kb))


@pytest.fixture(scope="module")
def documents(linked):
    return {doc.path: doc.html for doc in render_documents(linked)}


def test_english_handbook_has_ascii_punctuation(documents):
    html = documents["handbook"]
    assert [c for c in CHINESE_PUNCTUATION if c in html] == []
    t = Labels("en")
    assert t("list_separator") == ", " and t("parenthesized", text="x") == " (x)"
    assert re.search(r"</a>, <a ", html), "lists of roles are separated by ', '"
    assert " (Version 1.0)</dd>" in html


def test_every_english_document_has_ascii_punctuation(documents):
    found = {path: FULL_WIDTH.findall(html) for path, html in documents.items()}
    assert {path: chars for path, chars in found.items() if chars} == {}


def test_english_onboarding_pack_has_ascii_punctuation(linked):
    calendar = calendar_from_org(linked.org)
    role = next(r for r in linked.kb.roles if linked.role_steps.get(r))
    hire = new_hire(linked, calendar, name="Ann", role=role, start="2026-09-28")
    pack = build_pack(linked, hire, calendar, linked.labels)
    html = pack_document(linked, pack, linked.labels, fillable=True).html
    assert FULL_WIDTH.findall(html) == []
    assert "2026-09-28 (Mon)" in html


def test_english_workflow_charts_have_ascii_punctuation(linked):
    for workflow in linked.kb.workflows.values():
        dot = workflow_dot(linked, workflow, linked.labels, "sans-serif")
        assert FULL_WIDTH.findall(dot) == [], workflow.id

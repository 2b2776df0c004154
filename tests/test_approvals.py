"""Approval matrices (审批权限, format 1.1's `approvals/` kind): checked, and printed in the
handbook, their own PDF and Word documents, the portal and the JSON model."""
from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.documents import render_documents

APPROVAL = """\
title: 销售折扣审批权限
matter: 销售折扣
unit: "%"
tiers:
  - up_to: 5
    approve: boss
  - up_to: 10
    review: [boss]
    approve: vp
    inform: [sales]
  - condition: 重大项目
    approve: vp
  - approve: vp
"""
VP = "title: 营销总监\ndepartment: sales\nduties: [审批重大折扣]\n"


def documents(kb) -> dict[str, str]:
    return {doc.path: doc.html for doc in render_documents(kb.check().linked)}


def test_a_valid_matrix_is_accepted_and_in_the_json_model(make_kb, tmp_path):
    kb = make_kb({"approvals/discount.yaml": APPROVAL, "roles/vp.yaml": VP})
    assert kb.errors() == []
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(kb.root), "--out", str(out),
                                       "--only", "json"])
    assert result.exit_code == 0, result.output
    model = json.loads((out / "sops.json").read_text(encoding="utf-8"))
    discount = model["approvals"]["discount"]
    assert discount["document"]["number"] == "AP-DISCOUNT"
    assert [tier.get("approve") for tier in discount["tiers"]] == ["boss", "vp", "vp", "vp"]


def test_tiers_read_as_words_in_the_documents(make_kb):
    kb = make_kb({"approvals/discount.yaml": APPROVAL, "roles/vp.yaml": VP})
    html = documents(kb)
    assert "approvals/discount" in html
    for text in ("销售折扣审批权限", "5%及以下", "10%及以下", "重大项目", "其余情况", "营销总监"):
        assert text in html["approvals/discount"], text
    handbook = html["handbook"]
    assert 'id="ch-approvals"' in handbook and "其余情况" in handbook


def test_an_unknown_approver_is_reported_where_it_is_written(make_kb):
    kb = make_kb({"approvals/discount.yaml": APPROVAL.replace("approve: boss", "approve: bos"),
                  "roles/vp.yaml": VP})
    assert kb.errors() == [
        "sops/approvals/discount.yaml:6:14: error: `approve` names `bos`, which is not a role, "
        "department or actor id: did you mean `boss`? [dangling-ref]"]


def test_bounds_must_rise_and_only_the_last_tier_may_be_open(make_kb):
    kb = make_kb({"approvals/discount.yaml": """\
        title: 折扣
        matter: 折扣
        tiers:
          - up_to: 10
            approve: boss
          - approve: boss
          - up_to: 5
            approve: boss
        """})
    assert kb.errors() == [
        "sops/approvals/discount.yaml:6:5: error: tier 2 has neither `up_to` nor `condition`, "
        "so no tier after it could ever apply: give it a bound or a condition, or move it to "
        "the end [approval-tiers]",
        "sops/approvals/discount.yaml:7:12: error: `up_to: 5` is not above the previous "
        "tier's 10: list tiers from the smallest bound up [approval-tiers]",
    ]


def test_a_matrix_without_tiers_is_refused(make_kb):
    kb = make_kb({"approvals/discount.yaml": "title: 折扣\nmatter: 折扣\n"})
    assert [line.rsplit(" ", 1)[1] for line in kb.errors()] == ["[required]"]


def test_sopkit_new_scaffolds_a_matrix_that_checks_clean(kb):
    result = CliRunner().invoke(main, ["new", "approval", "travel", "--sops", str(kb.root)])
    assert result.exit_code == 0, result.output
    assert (kb.root / "approvals" / "travel.yaml").is_file()
    assert kb.errors() == []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import BOSS_YAML, ORG_YAML
    base = tmp_path_factory.mktemp("approvals")
    sops = base / "sops"
    for relative, text in {"org.yaml": ORG_YAML, "roles/boss.yaml": BOSS_YAML,
                           "roles/vp.yaml": VP, "approvals/discount.yaml": APPROVAL}.items():
        (sops / relative).parent.mkdir(parents=True, exist_ok=True)
        (sops / relative).write_text(text, encoding="utf-8")
    out = base / "dist"
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", "diagrams,pdf,docx,site", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def test_the_pdf_prints_the_tiers(built):
    text = subprocess.run(["pdftotext", str(built / "approvals" / "discount.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "5%及以下" in text and "其余情况" in text and "营销总监" in text
    handbook = subprocess.run(["pdftotext", str(built / "handbook.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert "审批权限" in handbook and "重大项目" in handbook


def test_the_word_document_has_the_tier_table(built):
    with zipfile.ZipFile(built / "approvals" / "discount.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tr") >= 5  # heading row and four tiers
    assert "10%及以下" in xml and "重大项目" in xml


def test_the_portal_has_the_page_its_index_and_its_nav_section(built):
    page = (built / "site" / "approvals" / "discount.html").read_text("utf-8")
    assert "销售折扣审批权限" in page and "其余情况" in page and "营销总监" in page
    index = (built / "site" / "approvals" / "index.html").read_text("utf-8")
    assert "销售折扣审批权限" in index
    assert "审批权限" in (built / "site" / "index.html").read_text("utf-8")


def test_the_portal_lists_approvals_only_when_there_are_some(make_kb):
    from generator.portal.downloads import Downloads
    from generator.portal.pages import Portal

    def sections(kb) -> list[str]:
        portal = Portal(kb.check().linked, Downloads({}))
        return [next(iter(entry)) for entry in portal.nav(portal.pages())]

    without = make_kb()
    assert "审批权限" not in sections(without)
    with_matrix = make_kb({"approvals/discount.yaml": APPROVAL, "roles/vp.yaml": VP})
    assert "审批权限" in sections(with_matrix)


def test_a_single_open_tier_reads_all_cases(make_kb):
    kb = make_kb({"approvals/discount.yaml": "title: 折扣\nmatter: 折扣\ntiers:\n"
                                            "  - approve: boss\n"})
    html = documents(kb)["approvals/discount"]
    assert "所有情况" in html and "其余情况" not in html


def test_large_bounds_read_with_thousands_separators(make_kb):
    kb = make_kb({"approvals/spend.yaml": "title: 费用\nmatter: 费用\nunit: 元\ntiers:\n"
                                         "  - {up_to: 5000000, approve: boss}\n"
                                         "  - {up_to: 5000000.5, approve: boss}\n"})
    html = documents(kb)["approvals/spend"]
    assert "5,000,000元及以下" in html and "5,000,000.5元及以下" in html

"""Status rules: retired documents reach the 作废文件 register only; drafts stay out of packs
unless HR asks, and a release refuses them.

One fixture knowledge base with a retired policy (replaced by a current one) and a draft
policy, both applying to every role; each output is read back as the user gets it.
"""
from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

RETIRED_TEXT = "旧差旅标准已废止条款甲"
DRAFT_TEXT = "试行考勤草稿条款乙"
CURRENT_TEXT = "现行差旅标准条款丙"

FILES = {
    "roles/rep.yaml": """\
        title: 销售代表
        department: sales
        reports_to: boss
        duties: [拜访客户]
        """,
    "policies/travel-old.yaml": f"""\
        title: 旧差旅制度
        applies_to: [all]
        sections:
          - title: 标准
            rules: [{RETIRED_TEXT}]
        document:
          status: retired
          effective: 2026-03-01
          replaced_by: travel
        """,
    "policies/travel.yaml": f"""\
        title: 差旅制度
        applies_to: [all]
        sections:
          - title: 标准
            rules: [{CURRENT_TEXT}]
        """,
    "policies/attendance.yaml": f"""\
        title: 考勤制度试行稿
        applies_to: [all]
        sections:
          - title: 考勤
            rules: [{DRAFT_TEXT}]
        document: {{status: draft}}
        """,
}


@pytest.fixture
def base(make_kb):
    return make_kb(FILES)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_linked_model_publishes_no_retired_item(base):
    result = base.check()
    assert result.ok, result.diagnostics.items
    linked = result.linked
    assert "travel-old" not in linked.kb.policies
    assert [p.id for p in linked.role_policies["rep"]] == ["travel", "attendance"]  # by title
    [entry] = linked.retired
    assert entry.item.id == "travel-old"
    assert entry.replaced_by is not None and entry.replaced_by.id == "travel"
    assert str(entry.since) == "2026-03-01"


def test_replaced_by_must_name_a_current_item(make_kb):
    files = dict(FILES)
    files["policies/travel-old.yaml"] = files["policies/travel-old.yaml"].replace(
        "replaced_by: travel", "replaced_by: travl")
    kb = make_kb(files)
    [error] = kb.errors()
    assert error.startswith("sops/policies/travel-old.yaml:9:")
    assert "`replaced_by` names `travl`" in error and "did you mean `travel`?" in error


def test_check_warns_when_an_approved_document_cites_a_draft(make_kb):
    kb = make_kb({**FILES, "workflows/trip.yaml": """\
        title: 出差流程
        owner: sales
        steps:
          - id: apply
            name: 申请
            by: rep
            forms: [leave]
        """, "forms/leave.yaml": """\
        title: 请假单
        fields:
          - {id: name, label: 姓名, type: text}
        document: {status: in_review}
        """})
    warnings = kb.warnings()
    assert any("[draft-reference]" in w and "form `leave`" in w for w in warnings), warnings


def test_handbook_leaves_retired_out_and_lists_it_in_the_register(base, tmp_path):
    out = tmp_path / "dist"
    result = run("build", "--sops", str(base.root), "--out", str(out), "--only", "pdf",
                 "--quiet")
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "handbook.pdf")
    register = text.split("作废文件")[-1]
    body = text[: text.rindex("作废文件")]
    assert RETIRED_TEXT not in text   # not even in the register: only its title is there
    assert "旧差旅制度" not in body
    assert "旧差旅制度" in register and "2026-03-01" in register and "差旅制度" in register
    assert CURRENT_TEXT in body and DRAFT_TEXT in body
    assert not (out / "policies" / "travel-old.pdf").exists()


def test_pack_leaves_out_retired_and_drafts_by_default(base, tmp_path):
    out = tmp_path / "packs"
    args = ("onboard", "--sops", str(base.root), "--role", "rep", "--name", "张三",
            "--start", "2026-12-01", "--formats", "pdf")
    result = run(*args, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "考勤制度试行稿" in result.output and "--include-drafts" in result.output
    [pdf] = out.glob("*/*.pdf")
    text = pdf_text(pdf)
    assert CURRENT_TEXT in text or "差旅制度" in text
    for absent in (RETIRED_TEXT, "旧差旅制度", DRAFT_TEXT, "考勤制度试行稿"):
        assert absent not in text

    with_drafts = tmp_path / "with-drafts"
    result = run(*args, "--out", str(with_drafts), "--include-drafts")
    assert result.exit_code == 0, result.output
    [pdf] = with_drafts.glob("*/*.pdf")
    text = pdf_text(pdf)
    assert "考勤制度试行稿" in text and "草稿" in text
    assert "旧差旅制度" not in text and RETIRED_TEXT not in text


def test_release_build_refuses_drafts(base, tmp_path):
    result = run("build", "--sops", str(base.root), "--out", str(tmp_path / "d"),
                 "--only", "json", "--release")
    assert result.exit_code == 1
    assert "policy `attendance` (PL-ATTENDANCE) is draft" in result.output
    assert "build --release refused" in result.output
    assert not (tmp_path / "d").exists()


def test_json_has_no_retired_item(base, tmp_path):
    out = tmp_path / "dist"
    result = run("build", "--sops", str(base.root), "--out", str(out), "--only", "json",
                 "--quiet")
    assert result.exit_code == 0, result.output
    dumped = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.json"))
    assert RETIRED_TEXT not in dumped
    json.loads((next(out.rglob("*.json"))).read_text(encoding="utf-8"))


def test_portal_keeps_retired_out_of_nav_search_and_recent(base, tmp_path):
    from portal_support import build_site

    site = build_site(base.root, tmp_path / "dist")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # the index is segmented: words are split by zero-width spaces
    searchable = json.dumps(index, ensure_ascii=False).replace("\u200b", "")
    assert RETIRED_TEXT not in searchable and "旧差旅制度" not in searchable
    assert CURRENT_TEXT in searchable
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "旧差旅制度" not in home  # neither navigation nor 最近更新
    policies = (site / "policies" / "index.html").read_text(encoding="utf-8")
    nav_and_list = policies.split('id="retired"')[0]
    assert "旧差旅制度" not in nav_and_list
    archive = html.unescape((site / "archive.html").read_text(encoding="utf-8"))
    assert "旧差旅制度" in archive and "2026-03-01" in archive and "差旅制度" in archive
    assert "作废文件" in home  # the archive is reachable from the navigation
    page = (site / "policies" / "travel-old.html").read_text(encoding="utf-8")
    assert RETIRED_TEXT in page  # old links keep working, marked
    draft_page = (site / "policies" / "attendance.html").read_text(encoding="utf-8")
    assert "草稿" in draft_page


def test_status_lists_every_document_with_what_needs_doing(make_kb):
    files = dict(FILES)
    files["roles/rep.yaml"] += "document: {effective: 2024-01-01, review_every_months: 12}\n"
    base = make_kb(files)
    result = run("status", "--sops", str(base.root), "--today", "2026-11-23",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    rows = {row["id"]: row for row in document["documents"]}
    assert set(rows) == {"boss", "rep", "travel", "travel-old", "attendance"}
    assert rows["rep"]["next_review"] == "2025-01-01" and rows["rep"]["review_overdue"]
    assert rows["attendance"]["status"] == "draft" and rows["attendance"]["pending_approval"]
    assert rows["travel-old"]["status"] == "retired"
    assert rows["travel-old"]["next_review"] is None
    assert (document["review_overdue"], document["pending_approval"]) == (1, 1)
    text = run("status", "--sops", str(base.root), "--today", "2026-11-23").output
    [rep_line] = [line for line in text.splitlines() if "销售代表" in line]
    assert "2025-01-01" in rep_line and "复审逾期" in rep_line
    [draft_line] = [line for line in text.splitlines() if "考勤制度试行稿" in line]
    assert "草稿" in draft_line and "待批准" in draft_line


def test_portal_has_the_register_page(base, tmp_path):
    from portal_support import build_site

    site = build_site(base.root, tmp_path / "dist")
    page = html.unescape((site / "register.html").read_text(encoding="utf-8"))
    for title in ("销售代表", "差旅制度", "旧差旅制度", "考勤制度试行稿", "待批准"):
        assert title in page
    assert "受控文件清单" in (site / "index.html").read_text(encoding="utf-8")

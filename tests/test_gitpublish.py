"""Published = last approved: a draft in the working tree gives way, in every output, to the
last commit in which its file was approved (read from git with dulwich), marked 修订中; the
portal links to the draft, rendered on a page of its own, out of the navigation and search.

The fixture repository is made with the git CLI: approved → draft revision → new draft.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

APPROVED_TEXT = "考勤打卡已批准条款甲"
REVISION_TEXT = "考勤打卡修订稿条款乙"
NEW_DRAFT_TEXT = "考勤打卡最新草稿条款丙"


def policy(rule: str, version: str, status: str) -> str:
    return f"""\
        title: 考勤制度
        applies_to: [all]
        sections:
          - title: 考勤
            rules: [{rule}]
        document:
          version: "{version}"
          status: {status}
          effective: 2026-03-01
        """


def git(repo: Path, *args: str, date: str = "2026-03-01T09:00:00+08:00") -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "文控", "GIT_AUTHOR_EMAIL": "dc@example.com",
           "GIT_COMMITTER_NAME": "文控", "GIT_COMMITTER_EMAIL": "dc@example.com",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def commit_policy(kb, rule: str, version: str, status: str, date: str) -> str:
    kb.write("policies/attendance.yaml", policy(rule, version, status))
    git(kb.base, "add", "-A")
    git(kb.base, "commit", "-q", "-m", f"attendance {version} {status}", date=date)
    return git(kb.base, "rev-parse", "--short=7", "HEAD")


@pytest.fixture
def history(make_kb):
    """Three commits: 1.0 approved, 1.1 draft revision, 1.2 new draft (the working tree)."""
    kb = make_kb()
    git(kb.base, "init", "-q", "-b", "main")
    approved = commit_policy(kb, APPROVED_TEXT, "1.0", "approved", "2026-03-01T09:00:00+08:00")
    commit_policy(kb, REVISION_TEXT, "1.1", "draft", "2026-05-01T09:00:00+08:00")
    commit_policy(kb, NEW_DRAFT_TEXT, "1.2", "draft", "2026-06-01T09:00:00+08:00")
    kb.approved_commit = approved
    return kb


def test_the_last_approved_revision_is_published_in_place_of_the_draft(history):
    result = history.check()
    assert result.ok, result.diagnostics.items
    linked = result.linked
    published = linked.kb.policies["attendance"]
    assert published.sections[0].rules == (APPROVED_TEXT,)
    assert linked.doc(published).status == "approved" and linked.doc(published).version == "1.0"
    revision = linked.revision(published)
    assert revision is not None and revision.commit == history.approved_commit
    assert str(revision.date) == "2026-03-01"
    assert revision.draft.sections[0].rules == (NEW_DRAFT_TEXT,)
    # the old text is located in its commit: file@commit:line:col
    assert published.loc.path == f"sops/policies/attendance.yaml@{history.approved_commit}"
    assert linked.working is not None
    assert linked.working.doc(linked.working.kb.policies["attendance"]).status == "draft"


def test_an_uncommitted_draft_gives_way_to_the_committed_approval(make_kb):
    """The draft is only in the working tree; later commits touch other files."""
    kb = make_kb()
    git(kb.base, "init", "-q", "-b", "main")
    approved = commit_policy(kb, APPROVED_TEXT, "1.0", "approved", "2026-03-01T09:00:00+08:00")
    kb.write("roles/boss.yaml", "title: 经理\ndepartment: sales\nduties: [管理销售部, 带教]\n")
    git(kb.base, "commit", "-q", "-am", "boss", date="2026-04-01T09:00:00+08:00")
    kb.write("policies/attendance.yaml", policy(NEW_DRAFT_TEXT, "1.1", "in_review"))
    linked = kb.check().linked
    assert linked.kb.policies["attendance"].sections[0].rules == (APPROVED_TEXT,)
    revision = linked.revision(linked.kb.policies["attendance"])
    assert revision is not None and revision.commit == approved


def test_an_approved_revision_that_no_longer_fits_leaves_the_draft_published(make_kb):
    """The approved text applied to a role since removed: publishing it would not link."""
    kb = make_kb({"roles/rep.yaml": "title: 销售代表\ndepartment: sales\nduties: [拜访]\n"})
    git(kb.base, "init", "-q", "-b", "main")
    kb.write("policies/attendance.yaml",
             policy(APPROVED_TEXT, "1.0", "approved").replace("[all]", "[rep]"))
    git(kb.base, "add", "-A")
    git(kb.base, "commit", "-q", "-m", "approved")
    (kb.root / "roles" / "rep.yaml").unlink()
    kb.write("policies/attendance.yaml", policy(NEW_DRAFT_TEXT, "1.1", "draft"))
    result = kb.check()
    assert result.ok
    assert result.linked.kb.policies["attendance"].sections[0].rules == (NEW_DRAFT_TEXT,)
    [warning] = [w for w in kb.warnings() if "[history-unusable]" in w]
    assert "`attendance`@" in warning and "the drafts are published instead" in warning


def test_without_history_the_draft_is_published(history):
    from generator.pipeline import check
    linked = check(history.root, today=None, history=False).linked
    assert linked.kb.policies["attendance"].sections[0].rules == (NEW_DRAFT_TEXT,)
    assert not linked.revising


def test_without_git_the_draft_is_published(make_kb):
    kb = make_kb({"policies/attendance.yaml": policy(NEW_DRAFT_TEXT, "1.2", "draft")})
    linked = kb.check().linked
    assert linked.kb.policies["attendance"].sections[0].rules == (NEW_DRAFT_TEXT,)
    assert not linked.revising and linked.working is None


def test_a_draft_never_approved_is_published_as_the_draft(make_kb):
    kb = make_kb()
    git(kb.base, "init", "-q", "-b", "main")
    commit_policy(kb, REVISION_TEXT, "0.1", "draft", "2026-03-01T09:00:00+08:00")
    commit_policy(kb, NEW_DRAFT_TEXT, "0.2", "in_review", "2026-04-01T09:00:00+08:00")
    linked = kb.check().linked
    assert linked.kb.policies["attendance"].sections[0].rules == (NEW_DRAFT_TEXT,)
    assert not linked.revising


def run(*args: str):
    from click.testing import CliRunner

    from generator.cli import main
    return CliRunner().invoke(main, list(args))


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def test_handbook_and_document_publish_the_approved_text_marked(history, tmp_path):
    out = tmp_path / "dist"
    result = run("build", "--sops", str(history.root), "--out", str(out), "--only", "pdf",
                 "--quiet")
    assert result.exit_code == 0, result.output
    handbook = "".join(pdf_pages(out / "handbook.pdf"))
    assert APPROVED_TEXT in handbook and "修订中" in handbook
    assert history.approved_commit in handbook
    assert NEW_DRAFT_TEXT not in handbook and REVISION_TEXT not in handbook
    [page] = [page for page in pdf_pages(out / "handbook.pdf") if APPROVED_TEXT in page]
    assert "修订中" in header(page)  # every page of it, in the running header
    document = "".join(pdf_pages(out / "policies" / "attendance.pdf"))
    assert APPROVED_TEXT in document and "修订中" in document and NEW_DRAFT_TEXT not in document
    assert "草稿" not in document  # the approved revision carries no draft watermark

    result = run("build", "--sops", str(history.root), "--out", str(out), "--only", "pdf",
                 "--quiet", "--no-history")
    assert result.exit_code == 0, result.output
    handbook = "".join(pdf_pages(out / "handbook.pdf"))
    assert NEW_DRAFT_TEXT in handbook and APPROVED_TEXT not in handbook
    assert "修订中" not in handbook and "草稿" in handbook


def test_portal_publishes_the_approved_text_and_links_to_the_draft(history, tmp_path):
    import html
    import json

    from portal_support import build_site

    site = build_site(history.root, tmp_path / "dist")
    page = html.unescape((site / "policies" / "attendance.html").read_text(encoding="utf-8"))
    assert APPROVED_TEXT in page and "修订中" in page and NEW_DRAFT_TEXT not in page
    assert 'href="../drafts/policies/attendance.html"' in page
    draft = html.unescape((site / "drafts" / "policies" / "attendance.html")
                          .read_text(encoding="utf-8"))
    assert NEW_DRAFT_TEXT in draft and APPROVED_TEXT not in draft
    assert "草稿" in draft and "1.2" in draft
    assert 'href="../../policies/attendance.html"' in draft  # back to the current version
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    searchable = json.dumps(index, ensure_ascii=False).replace("\u200b", "")
    assert NEW_DRAFT_TEXT not in searchable and APPROVED_TEXT in searchable
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "drafts/" not in home  # not in the navigation


def test_pack_holds_the_approved_text_marked(history, tmp_path):
    out = tmp_path / "packs"
    result = run("onboard", "--sops", str(history.root), "--role", "boss", "--name", "张三",
                 "--start", "2026-12-01", "--formats", "pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    [pdf] = out.glob("*/*.pdf")
    text = "".join(pdf_pages(pdf))
    assert APPROVED_TEXT in text and "修订中" in text
    assert NEW_DRAFT_TEXT not in text
    assert "--include-drafts" not in result.output  # the approved revision is no draft


# ---------------------------------------------------------------- draft marks on every page

LONG_DRAFT_RULE = "试行排班草案条款"
APPROVED_POLICY_TEXT = "现行报销标准条款"


def header(page: str) -> str:
    """The running header: the first line of the page's text."""
    return next((line for line in page.splitlines() if line.strip()), "")


@pytest.fixture(params=["draft-last", "draft-first"])
def long_draft(make_kb, request):
    """A draft over several pages and an approved policy; the draft either ends the book
    or opens its chapter (on the chapter title's page)."""
    first = request.param == "draft-first"
    rules = ", ".join(f"{LONG_DRAFT_RULE}{n:03d}：员工按排班表到岗，调班须提前一日报部门经理同意并登记"
                      for n in range(120))
    return make_kb({
        "policies/rota.yaml": f"""\
            title: 排班制度
            order: {1 if first else 2}
            applies_to: [all]
            sections:
              - title: 排班
                rules: [{rules}]
            document: {{status: draft}}
            """,
        "policies/expenses.yaml": f"""\
            title: 报销制度
            order: {2 if first else 1}
            applies_to: [all]
            sections:
              - title: 报销
                rules: [{APPROVED_POLICY_TEXT}]
            """,
    })


def test_every_page_of_a_draft_in_the_handbook_carries_the_mark(long_draft, tmp_path):
    out = tmp_path / "dist"
    result = run("build", "--sops", str(long_draft.root), "--out", str(out), "--only", "pdf",
                 "--quiet")
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out / "handbook.pdf")
    draft_pages = [page for page in pages if LONG_DRAFT_RULE in page]
    assert len(draft_pages) >= 3  # the draft runs over several pages
    assert all("草稿" in header(page) for page in draft_pages), [header(p) for p in draft_pages]
    approved = [page for page in pages if APPROVED_POLICY_TEXT in page or "管理销售部" in page]
    assert len(approved) == 2  # the approved policy and the job description
    # the item after a draft runs on: the page it shares with the draft's end is marked
    # (its header shows the mark of the item the page starts with), no page after it
    assert all("草稿" not in page for page in approved if LONG_DRAFT_RULE not in page)
    assert any(LONG_DRAFT_RULE not in page for page in approved)


def word_sections(path: Path) -> list[tuple[str, str]]:
    """(text, watermark of its default header) for each section of a .docx, in order."""
    from docx_helpers import NS, Docx, text_of
    docx = Docx.open(path)
    rels = etree_of(docx.parts["word/_rels/document.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}

    def watermark(properties) -> str:
        [rid] = properties.xpath("w:headerReference[@w:type='default']/@r:id", namespaces=NS)
        header = docx.xml(f"word/{targets[rid]}")
        return "".join(header.xpath(".//v:textpath/@string", namespaces=NS))

    sections, text = [], ""
    for block in docx.document.xpath("/w:document/w:body/*", namespaces=NS):
        text += text_of(block)
        ends = block.xpath("w:pPr/w:sectPr", namespaces=NS) or \
            (block.xpath("self::w:sectPr", namespaces=NS) and [block])
        if ends:
            sections.append((text, watermark(ends[0])))
            text = ""
    return sections


def etree_of(data: bytes):
    from lxml import etree
    return etree.fromstring(data)


def reddish_pixels(png: Path) -> int:
    """Pixels of the dark red watermark (faint red over white), none in plain text."""
    from PIL import Image
    with Image.open(png) as image:
        return sum(1 for r, g, b in image.convert("RGB").get_flattened_data()
                   if r - b > 12 and r - g > 12)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_a_draft_in_the_word_handbook_is_a_section_with_the_watermark(long_draft, tmp_path):
    out = tmp_path / "dist"
    result = run("build", "--sops", str(long_draft.root), "--out", str(out), "--only", "docx",
                 "--quiet")
    assert result.exit_code == 0, result.output
    sections = word_sections(out / "handbook.docx")
    draft = [mark for text, mark in sections if LONG_DRAFT_RULE in text]
    approved = [mark for text, mark in sections
                if APPROVED_POLICY_TEXT in text or "管理销售部" in text]
    assert draft == ["草稿"] and approved and set(approved) == {""}
    # as printed by LibreOffice: the watermark on every page of the draft, on no other
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "print"),
                    str(out / "handbook.docx")], check=True, capture_output=True, timeout=300)
    printed = tmp_path / "print" / "handbook.pdf"
    pages = pdf_pages(printed)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(printed), str(tmp_path / "p")],
                   check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(pages)
    draft_pages = [png for png, text in zip(pngs, pages, strict=True)
                   if LONG_DRAFT_RULE in text]
    other_pages = [png for png, text in zip(pngs, pages, strict=True)
                   if APPROVED_POLICY_TEXT in text or "管理销售部" in text]
    assert len(draft_pages) >= 3 and other_pages
    assert all(reddish_pixels(png) > 2000 for png in draft_pages)
    assert all(reddish_pixels(png) == 0 for png in other_pages)

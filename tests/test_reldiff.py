"""`sopkit diff`: a fixture repository with three commits (approved → draft revision → new
draft), compared with the real git repository (built with the git CLI), dulwich, the loader,
the redline engine, python-docx output and WeasyPrint's PDF."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree
from pypdf import PdfReader

from conftest import ORG_YAML, TODAY, write
from generator.cli import main
from generator.gitrepo import GitError, open_repository
from generator.reldiff.compare import _documents
from generator.reldiff.handbook import AUTHOR
from generator.revisions import checked_revision

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git builds the fixture")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

REP_V1 = """\
title: 销售员
department: sales
reports_to: boss
duties:
  - 开拓新市场、发展新客户。
  - 做好客户的回访工作。
  - 收集竞争对手的价格信息。
responsibilities:
  - 负责客户的日常维护工作。
document:
  version: "1.0"
  status: approved
"""
POLICY = """\
title: 价格管理制度
applies_to: [sales]
sections:
  - title: 统一报价口径。
    rules:
      - 报价须经经理批准。
"""
FORM = """\
title: 客户回访记录表
owner: boss
purpose: 记录每次回访。
sections:
  - title: 回访信息
    fields:
      - id: customer
        label: 客户名称
        type: text
"""
# What each revision says, and what only one of them says.
FIRST_ONLY = ("做好客户的回访工作。", "收集竞争对手的价格信息。", "统一报价口径。", "报价须经经理批准。")
THIRD_ONLY = ("做好新老客户的回访工作，每月至少一次。", "参加产品培训并通过考核。", "客户回访记录表",
              "客户名称")


def git(folder: Path, *args: str) -> str:
    environment = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+08:00",
                   "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+08:00"}
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True, env=environment).stdout.strip()


def commit(folder: Path, message: str) -> str:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)
    return git(folder, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict:
    """approved 1.0 → draft 1.1 (a duty reworded) → new draft (a duty removed and one added,
    a policy withdrawn, a form added)."""
    base = tmp_path_factory.mktemp("repo")
    git(base, "init", "-q", "-b", "main")
    git(base, "config", "user.email", "hr@example.com")
    git(base, "config", "user.name", "HR")
    sops = base / "sops"
    write(sops / "org.yaml", ORG_YAML)
    write(sops / "roles/boss.yaml", "title: 经理\ndepartment: sales\nduties: [管理销售部]\n")
    write(sops / "roles/rep.yaml", REP_V1)
    write(sops / "policies/pricing.yaml", POLICY)
    first = commit(base, "approved 1.0")
    git(base, "tag", "v1")
    draft = REP_V1.replace("做好客户的回访工作。", "做好新老客户的回访工作，每月至少一次。").replace(
        'version: "1.0"\n  status: approved', 'version: "1.1"\n  status: draft')
    write(sops / "roles/rep.yaml", draft)
    second = commit(base, "draft 1.1")
    write(sops / "roles/rep.yaml", draft.replace("  - 收集竞争对手的价格信息。\n",
                                                 "  - 参加产品培训并通过考核。\n"))
    (sops / "policies/pricing.yaml").unlink()
    write(sops / "forms/visit-record.yaml", FORM)
    third = commit(base, "draft 1.1, second round")
    return {"base": base, "sops": sops, "first": first, "second": second, "third": third}


def run(repo: dict, *args: str):
    """`sopkit diff ARGS` run in the repository, as a user would."""
    cwd = os.getcwd()
    os.chdir(repo["base"])
    try:
        return CliRunner().invoke(main, ["diff", *args, "--today", TODAY.isoformat()],
                                  catch_exceptions=False)
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def outputs(repo, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("diffout") / "diff"
    result = run(repo, repo["first"][:7], repo["third"], "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    return {"json": json.loads(result.stdout), "docx": (out / "changes.docx").read_bytes(),
            "pdf": out / "changes.pdf"}


# ---------------------------------------------------------------- reading git

def test_revisions_resolve_by_sha_short_sha_branch_tag_and_steps_back(repo):
    repository = open_repository(repo["sops"])
    assert str(repository.folder) == "sops"
    for name in (repo["first"], repo["first"][:7], "v1", "HEAD~2", "main^^", "HEAD~1~1"):
        assert repository.resolve(name).sha == repo["first"], name
    assert repository.resolve("HEAD^").sha == repo["second"]
    assert repository.resolve("main").sha == repo["third"]
    files = repository.files(repository.resolve("v1"))
    assert sorted(map(str, files)) == ["org.yaml", "policies/pricing.yaml", "roles/boss.yaml",
                                       "roles/rep.yaml"]
    rep = next(path for path in files if str(path) == "roles/rep.yaml")
    assert files[rep].decode() == REP_V1
    history = repository.history(rep)
    assert [r.sha for r in history] == [repo["third"], repo["second"], repo["first"]]


@pytest.mark.parametrize("name", ["nope", "HEAD~9", "v2", "zzzzzzz"])
def test_an_unknown_revision_is_a_git_error(repo, name):
    with pytest.raises(GitError, match=r"revision `"):
        open_repository(repo["sops"]).resolve(name)


# ---------------------------------------------------------------- the change list

def test_the_change_list_names_the_changed_documents_and_items(outputs):
    document = outputs["json"]
    assert document["ok"] is True
    states = {d["path"]: d["state"] for d in document["documents"]}
    assert states == {"roles/rep.yaml": "changed", "forms/visit-record.yaml": "added",
                      "policies/pricing.yaml": "removed"}
    rep = next(d for d in document["documents"] if d["path"] == "roles/rep.yaml")
    assert rep["version"] == {"before": "1.0", "after": "1.1"}
    assert rep["status"] == {"before": "approved", "after": "draft"}
    changes = {(c["kind"], c["text"]) for c in rep["changes"]}
    assert ("reworded", "做好新老客户的回访工作，每月至少一次。") in changes
    assert ("removed", "收集竞争对手的价格信息。") in changes
    assert ("added", "参加产品培训并通过考核。") in changes
    assert not any("负责客户的日常维护工作" in text for _, text in changes)  # unchanged


def test_the_text_change_list_is_one_line_a_document_and_one_an_item(repo, tmp_path):
    result = run(repo, "v1", "HEAD", "--out", str(tmp_path / "d"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("changed") and "roles/rep.yaml" in line and "1.0 → 1.1" in line
               for line in lines)
    assert any(line.split()[:2] == ["removed", "policies/pricing.yaml"] for line in lines)
    assert any(line.strip().startswith("reworded") and "每月至少一次" in line for line in lines)
    assert not any("boss" in line for line in lines)
    assert sorted(p.name for p in (tmp_path / "d").iterdir() if not p.name.startswith(".")) \
        == ["changes.docx", "changes.pdf"]


# ---------------------------------------------------------------- the redline

def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def resolve(root, keep: str) -> list[str]:
    """The body's paragraph texts with every tracked change accepted (keep="ins") or
    rejected (keep="del"): the other kind's runs dropped, this kind's unwrapped, and a
    paragraph whose own mark is dropped gone (its text went with it)."""
    drop = "del" if keep == "ins" else "ins"
    texts = []
    for paragraph in root.findall(".//w:body/w:p", NS):
        if paragraph.xpath(f"w:pPr/w:rPr/w:{drop}", namespaces=NS):
            continue
        texts.append("".join(paragraph.xpath(
            f"w:r/w:t/text() | w:{keep}/w:r/w:t/text() | w:{keep}/w:r/w:delText/text()",
            namespaces=NS)))
    return texts


def printed(repo: dict, revision: str, paths: list[str]) -> list[str]:
    """The documents of ``paths`` at ``revision`` as the redline prints each one: its
    heading, and each part's heading and lines."""
    repository = open_repository(repo["sops"])
    with checked_revision(repository, repository.resolve(revision), repo["sops"], TODAY) as r:
        documents = _documents(r.linked)
        texts = []
        for path in paths:
            folder, _, name = path.rpartition("/")
            side = documents.get((folder, name.removesuffix(".yaml")))
            if side is None:
                continue
            texts.append(f"{side.number} {side.title}")
            for heading, items in side.sections:
                texts += [heading, *(item.text for item in items)]
        return texts


def body(texts: list[str], outputs) -> list[str]:
    """From the first document's heading on, without the empty closing paragraph."""
    headings = [d["number"] for d in outputs["json"]["documents"]]
    start = next(i for i, text in enumerate(texts) if text.split(" ")[0] in headings)
    return [text for text in texts[start:] if text]


def test_accepted_gives_the_third_commit_and_rejected_the_first(repo, outputs):
    paths = [d["path"] for d in outputs["json"]["documents"]]
    root = document_xml(outputs["docx"])
    accepted = body(resolve(root, "ins"), outputs)
    rejected = body(resolve(document_xml(outputs["docx"]), "del"), outputs)
    assert accepted == printed(repo, repo["third"], paths)
    assert rejected == printed(repo, repo["first"], paths)
    joined_accepted, joined_rejected = "\n".join(accepted), "\n".join(rejected)
    for text in THIRD_ONLY:
        assert text in joined_accepted and text not in joined_rejected, text
    for text in FIRST_ONLY:
        assert text in joined_rejected and text not in joined_accepted, text


def test_tracked_changes_have_the_diff_author_and_unique_ids(outputs):
    root = document_xml(outputs["docx"])
    marks = root.xpath("//w:ins | //w:del", namespaces=NS)
    assert marks and {m.get(f"{{{W}}}author") for m in marks} == {AUTHOR}
    ids = [m.get(f"{{{W}}}id") for m in marks]
    assert len(ids) == len(set(ids))
    # the reworded duty: only the changed words are marked, the rest stays plain text
    reworded = [p for p in root.iter(f"{{{W}}}p") if "每月至少一次" in "".join(p.itertext())]
    assert len(reworded) == 1
    assert "做好" in "".join(reworded[0].xpath("w:r/w:t/text()", namespaces=NS))


def test_the_comparison_pdf_shows_both_revisions(outputs):
    text = "".join(page.extract_text() for page in PdfReader(outputs["pdf"]).pages)
    squeezed = "".join(text.split())
    for needle in ("每月至少一次", "收集竞争对手的价格信息", "客户回访记录表", "价格管理制度"):
        assert needle in squeezed, needle


def test_history_entry_is_yaml_for_the_handbook(repo):
    result = run(repo, "v1", "HEAD", "--history-entry")
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(result.stdout)["history"][0]
    assert entry["date"].isoformat() == "2026-11-20"
    assert "销售员" in entry["changes"] and "价格管理制度" in entry["changes"]
    assert set(entry) == {"version", "date", "changes"}


# ---------------------------------------------------------------- clean errors

@pytest.mark.parametrize("args, message", [
    (("nope",), "unknown revision `nope`"),
    ((), "no release recorded yet"),
    (("v1", "HEAD~7"), "goes back beyond the first commit"),
])
def test_a_bad_revision_is_a_usage_error_without_traceback(repo, tmp_path, args, message):
    result = run(repo, *args, "--out", str(tmp_path / "d"))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "d").exists()


def test_a_bad_revision_in_json_is_a_usage_diagnostic(repo, tmp_path):
    result = run(repo, "nope", "--format", "json", "--out", str(tmp_path / "d"))
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert document["diagnostics"][0]["code"] == "usage"


def test_no_repository_is_a_usage_error(make_kb, tmp_path):
    kb = make_kb()
    result = CliRunner().invoke(main, ["diff", "HEAD", "--sops", str(kb.root),
                                       "--out", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "not in a git repository" in result.output and "Traceback" not in result.output


def test_sops_missing_at_a_revision_and_errors_named_by_revision(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "hr@example.com")
    git(tmp_path, "config", "user.name", "HR")
    write(tmp_path / "README.md", "handbook\n")
    commit(tmp_path, "before sops/")
    write(tmp_path / "sops/org.yaml", ORG_YAML)
    write(tmp_path / "sops/roles/bad.yaml", "title: 坏\ndepartment: nowhere\nduties: [x]\n")
    broken = commit(tmp_path, "a role in a department that does not exist")
    missing = CliRunner().invoke(main, ["diff", "HEAD~1", "--out", "d"])
    assert missing.exit_code == 2 and "does not exist at revision HEAD~1" in missing.output
    assert "Traceback" not in missing.output
    refused = CliRunner().invoke(main, ["diff", "HEAD", "--out", "d"])
    assert refused.exit_code == 1
    assert f"sops/roles/bad.yaml@{broken[:7]}:2:13" in refused.output
    assert "sopkit-" not in refused.output  # the scratch copy is never named


# ---------------------------------------------------------------- releases and the portal

def test_build_release_tags_the_commit_and_the_portal_lists_changes_since(tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "hr@example.com")
    git(tmp_path, "config", "user.name", "HR")
    write(tmp_path / "sops/org.yaml", ORG_YAML)
    write(tmp_path / "sops/roles/boss.yaml", "title: 经理\ndepartment: sales\nduties: [管理]\n")
    approved = REP_V1
    write(tmp_path / "sops/roles/rep.yaml", approved)
    released = commit(tmp_path, "approved 1.0")

    def build(*args: str):
        return CliRunner().invoke(main, ["build", "--only", "site", "--today", "2026-11-23",
                                         *args], catch_exceptions=False)

    first = build("--release")
    assert first.exit_code == 0, first.output
    assert git(tmp_path, "tag", "--points-at", released) == "sopkit-release-20261123-1"
    home = (tmp_path / "dist/site/index.html").read_text(encoding="utf-8")
    assert 'id="since-release"' not in home  # nothing changed since the release itself

    write(tmp_path / "sops/roles/rep.yaml", approved.replace(
        "做好客户的回访工作。", "做好新老客户的回访工作，每月至少一次。").replace('"1.0"', '"1.1"'))
    uncommitted = build("--release")
    assert "release not recorded" in uncommitted.output
    assert git(tmp_path, "tag", "--list", "sopkit-release-*") == "sopkit-release-20261123-1"

    home = (tmp_path / "dist/site/index.html").read_text(encoding="utf-8")
    section = home.split('id="since-release"', 1)[1].split("<h2", 1)[0]
    assert "sopkit&#45;release&#45;20261123&#45;1" in section or \
        "sopkit-release-20261123-1" in section
    assert 'href="roles/rep.html"' in section and ">销售员</a>" in section
    assert "工作内容" in section and "经理" not in section  # only the changed document

    since = CliRunner().invoke(main, ["diff", "--format", "json", "--out", "d"])
    assert since.exit_code == 0  # REV defaults to the last release
    assert json.loads(since.stdout)["from"].startswith(f"sopkit-release-20261123-1 ({released[:7]})")
    assert [d["path"] for d in json.loads(since.stdout)["documents"]] == ["roles/rep.yaml"]


def test_without_a_release_there_is_no_changes_since_section(repo, tmp_path):
    result = CliRunner().invoke(main, ["build", "--only", "site", "--sops", str(repo["sops"]),
                                       "--out", str(tmp_path / "dist"), "--today", "2026-11-23"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    home = (tmp_path / "dist/site/index.html").read_text(encoding="utf-8")
    assert 'id="since-release"' not in home and 'id="changes"' in home


def test_history_entry_in_json_is_inside_the_one_document(repo):
    result = run(repo, "v1", "HEAD", "--history-entry", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)  # nothing around it
    assert document["history_entry"]["date"] == "2026-11-20"
    assert "销售员" in document["history_entry"]["changes"]

"""`sopkit jd` and the `custom` build renderer: files written, exit codes, variables."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import SAMPLE_SOPS
from generator.cli import main

TODAY = ["--today", "2026-11-23"]
REP = "title: 销售员\ndepartment: sales\nreports_to: boss\nduties: [拜访客户]\n"


def sopkit(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


@pytest.fixture(scope="module")
def shanghai(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("jd")
    result = sopkit("jd", "sales-rep-shanghai", "--sops", str(SAMPLE_SOPS), "--out", str(out),
                    "--formats", "pdf", *TODAY)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(out / "sales-rep-shanghai.pdf"),
                                          str(out / "sales-rep-shanghai-redline.pdf")]
    return out


def test_jd_writes_the_custom_jd_with_its_variant_number(shanghai):
    text = pdf_text(shanghai / "sales-rep-shanghai.pdf")
    assert "销售员（上海区域）" in text
    assert "XS-JD-004-sales-rep-shanghai" in text
    assert "负责上海区域大型主题乐园与商业综合体客户的开发与维护。" in text
    assert "定期向上级提交客户状况分析报告。" not in text
    assert "在标准岗位说明书XS-JD-004（销售员）基础上定制" in text


def test_set_changes_the_text(shanghai, tmp_path):
    result = sopkit("jd", "sales-rep-shanghai", "--sops", str(SAMPLE_SOPS), "--out",
                    str(tmp_path), "--formats", "pdf", "--set", "territory=北京", *TODAY)
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "sales-rep-shanghai.pdf")
    assert "销售员（北京区域）" in text and "负责北京区域大型主题乐园" in text
    assert "上海区域" not in text
    assert "上海区域" in pdf_text(shanghai / "sales-rep-shanghai.pdf")
    assert "负责北京区域大型主题乐园" in pdf_text(tmp_path / "sales-rep-shanghai-redline.pdf")


def test_overlay_file_given_on_the_command_line(make_kb, tmp_path):
    kb = make_kb({"roles/rep.yaml": REP})
    overlay = tmp_path / "elsewhere" / "rep-bj.yaml"
    overlay.parent.mkdir()
    overlay.write_text("extends: rep\ntitle: 销售员（{territory}）\n", encoding="utf-8")
    result = sopkit("jd", "rep", "--overlay", str(overlay), "--set", "territory=北京",
                    "--formats", "pdf", "--out", "out", *TODAY)
    assert result.exit_code == 0, result.output
    assert "销售员（北京）" in pdf_text(kb.base / "out" / "rep-bj.pdf")


def test_a_standard_role_without_overlay_prints_unchanged(make_kb):
    kb = make_kb({"roles/rep.yaml": REP})
    result = sopkit("jd", "rep", "--formats", "pdf", "--out", "out", *TODAY)
    assert result.exit_code == 0, result.output
    assert "JD-REP" in pdf_text(kb.base / "out" / "rep.pdf")
    assert "JD-REP-rep" not in pdf_text(kb.base / "out" / "rep.pdf")
    # nothing to compare a standard role with: no redline of it against itself (issue 19)
    assert sorted(p.name for p in (kb.base / "out").iterdir()
                  if not p.name.startswith(".")) == ["rep.pdf"]


def test_jd_takes_a_role_title(make_kb):
    kb = make_kb({"roles/rep.yaml": REP})
    result = sopkit("jd", "销售员", "--formats", "pdf", "--out", "out", *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["out/rep.pdf"]
    assert "JD-REP" in pdf_text(kb.base / "out" / "rep.pdf")


def test_jd_on_a_title_two_roles_share_names_both(make_kb):
    make_kb({"roles/rep.yaml": REP, "roles/rep-2.yaml": REP})
    result = CliRunner().invoke(main, ["jd", "销售员", *TODAY])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: `销售员` is neither a role id nor an overlay in sops/custom: did you mean "
        "`rep-2` (销售员) or `rep` (销售员)?")


# ---------------------------------------------------------------- exit codes

def test_overlay_errors_exit_1_with_their_locations(make_kb, tmp_path):
    make_kb({"roles/rep.yaml": REP})
    overlay = tmp_path / "rep-x.yaml"
    overlay.write_text("extends: rep\ntitle: 销售员（{territory}）\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["jd", "rep-x", "--overlay", str(overlay), *TODAY])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "rep-x.yaml:2:8: error: placeholder `{territory}` has no value: add `territory: …` "
        "under `variables:`, or pass --set territory=… [missing-variable]",
        "4 files checked: 1 error, 0 warnings",   # the knowledge base's 3 and the overlay
        "jd refused: fix the errors above first"]


def test_errors_in_the_knowledge_base_refuse_with_exit_1(make_kb):
    make_kb({"roles/rep.yaml": REP, "custom/rep-sh.yaml": "extends: rpe\n"})
    result = CliRunner().invoke(main, ["jd", "rep", *TODAY])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "sops/custom/rep-sh.yaml:1:10: error: `extends` names `rpe`, which is not a role id: "
        "did you mean `rep`? [dangling-ref]",
        "4 files checked: 1 error, 0 warnings",
        "jd refused: fix the errors above first"]


@pytest.mark.parametrize("args, message", [
    (["nobody"], "Error: `nobody` is neither a role id nor an overlay in sops/custom"),
    (["rep", "--set", "teritory=x"], "Error: --set: unknown variable `teritory`: did you mean "
                                     "`territory`? (variables: territory, team, location)"),
    (["rep", "--set", "territory"], "Error: --set `territory`: write KEY=VALUE, e.g. "
                                    "--set territory=上海"),
    (["rep", "--formats", "odt"], "Error: Invalid value for '--formats': unknown format "
                                  "`odt` (choose from: docx, pdf)"),
])
def test_bad_command_lines_exit_2(make_kb, args, message):
    make_kb({"roles/rep.yaml": REP})
    result = CliRunner().invoke(main, ["jd", *args, *TODAY])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message


def test_an_overlay_for_another_role_exits_2(make_kb, tmp_path):
    make_kb({"roles/rep.yaml": REP})
    overlay = tmp_path / "rep-x.yaml"
    overlay.write_text("extends: rep\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["jd", "boss", "--overlay", str(overlay), *TODAY])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: {overlay} extends `rep`, not `boss`"


# ---------------------------------------------------------------- sopkit build

def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    header = "".join(p.text for s in document.sections for p in s.header.paragraphs)
    body = "".join(p.text for p in document.paragraphs)
    cells = "".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    return re.sub(r"\s+", "", header + body + cells)


def test_build_renders_every_overlay_with_redlines(tmp_path):
    out = tmp_path / "dist"
    result = sopkit("build", "--sops", str(SAMPLE_SOPS), "--out", str(out), "--only", "custom",
                    "--quiet", *TODAY)
    assert result.exit_code == 0, result.output
    folder = out / "roles" / "custom"
    ids = sorted(p.stem for p in (SAMPLE_SOPS / "custom").glob("*.yaml"))
    assert ids == ["customer-service-hk", "sales-rep-shanghai"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{i}{suffix}" for i in ids
        for suffix in (".pdf", ".docx", "-redline.pdf", "-redline.docx"))
    word = docx_text(folder / "sales-rep-shanghai.docx")
    assert "XS-JD-004-sales-rep-shanghai" in word and "销售员（上海区域）" in word
    assert "负责上海区域大型主题乐园与商业综合体客户的开发与维护。" in word
    assert "定期向上级提交客户状况分析报告。" not in word
    with zipfile.ZipFile(folder / "customer-service-hk-redline.docx") as package:
        xml = package.read("word/document.xml").decode()
    assert xml.count("<w:ins ") > 0 and 'w:author="陈丽华"' in xml

"""sopkit never replaces or writes into what is not its own (output_dir.py).

Every refusal is checked three ways: exit status 2 (1 for a busy or unwritable output),
the exact message, and a hash of every file and folder under the test's folder, identical
before and after: nothing was changed.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.build
import generator.output_dir
from conftest import SAMPLE_SOPS
from generator.cli import main
from generator.cli.jd import jd_target
from generator.output_dir import MARKER, UnsafeOutput, check_folder
from generator.output_swap import _exchange, swap_in
from generator.renderers import json_renderer
from scheduled_kb import scheduled_sample

TODAY = ["--today", "2026-11-23"]
DIST = "choose another folder (default: dist)"


def sopkit(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def build(out: str, *extra: str):
    return sopkit("build", "--only", "json", "--quiet", "--out", out, *extra, *TODAY)


def tree_hash(root: Path) -> str:
    """Every path under ``root`` (folders, hidden files, links) with its content."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(b"file:" + path.read_bytes())
        else:
            digest.update(b"dir")
    return digest.hexdigest()


def assert_refused(result, message: str, exit_code: int = 2) -> None:
    assert result.exit_code == exit_code, result.output
    assert result.output == f"error: {message}\n"
    assert isinstance(result.exception, SystemExit)   # a message, not an exception


def never_write(monkeypatch) -> None:
    def refuse(*_args):
        raise AssertionError("sopkit began writing an output it should have refused")
    monkeypatch.setattr(generator.output_dir, "_new_staging", refuse)
    monkeypatch.setattr(generator.output_dir, "swap_in", refuse)


# ---------------------------------------------------------------- build --out: refused

@pytest.mark.parametrize("out, message", [
    ("sops", f"--out sops is the knowledge base: building there would delete it; {DIST}"),
    (".", f"--out . is the current folder: building there would delete it; {DIST}"),
    ("notes.txt", f"--out notes.txt is a file, not a folder: {DIST}"),
    ("papers", "--out papers is not empty and sopkit did not make it: building there would "
               f"delete its files; empty it or {DIST}"),
    ("sops/dist", "--out sops/dist is inside the knowledge base sops: outputs do not belong "
                  f"there; {DIST}"),
    ("notes.txt/dist", "--out notes.txt/dist cannot be made: "
                       "{base}/notes.txt is a file, not a folder; " + DIST),
    ("/dev/null", f"--out /dev/null is a device or special file, not a folder: {DIST}"),
    ("/", f"--out / is a system folder: {DIST}"),
])
def test_build_refuses_an_out_that_is_not_its_own(kb, monkeypatch, out, message):
    never_write(monkeypatch)   # should the rules break, / is not copied nor replaced
    kb.write("../notes.txt", "my notes\n")
    kb.write("../papers/contract.docx", b"not sopkit's")
    before = tree_hash(kb.base)
    result = build(out)
    assert_refused(result, message.format(base=kb.base))
    assert tree_hash(kb.base) == before
    assert Path("/dev/null").is_char_device()


def test_build_refuses_a_parent_of_the_knowledge_base(kb, monkeypatch):
    (kb.base / "work").mkdir()
    monkeypatch.chdir(kb.base / "work")
    before = tree_hash(kb.base)
    result = build("..", "--sops", "../sops")
    assert_refused(result, "--out .. contains the knowledge base ../sops: building there "
                           f"would delete it; {DIST}")
    assert tree_hash(kb.base) == before


def test_build_refuses_a_parent_of_the_current_folder(kb, monkeypatch):
    (kb.base / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(kb.base / "a" / "b")
    before = tree_hash(kb.base)
    result = build("..", "--sops", "../../sops")
    assert_refused(result, f"--out .. contains the current folder: building there would "
                           f"delete it; {DIST}")
    assert tree_hash(kb.base) == before


def test_the_knowledge_base_is_refused_even_with_content_errors(kb):
    """The --out check comes first: a bad command line is told before the long check."""
    kb.write("roles/a.yaml", "title: x\n")
    before = tree_hash(kb.base)
    assert_refused(build("sops"), "--out sops is the knowledge base: building there would "
                                  f"delete it; {DIST}")
    assert tree_hash(kb.base) == before


# ---------------------------------------------------------------- build --out: accepted

def test_a_build_marks_its_folder_and_the_next_build_replaces_it(kb, monkeypatch):
    monkeypatch.setattr(generator.build, "registry", lambda: {"json": json_renderer})
    assert build("dist").exit_code == 0
    marker = json.loads((kb.base / "dist" / MARKER).read_text(encoding="utf-8"))
    assert marker["made_by"] == "sopkit build"
    kb.write("../dist/left-over.txt", "from an older build\n")
    result = sopkit("build", "--quiet", *TODAY)   # every format: dist/ is replaced whole
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (kb.base / "dist").iterdir()) == [MARKER, "sops.json"]
    assert sorted(p.name for p in kb.base.iterdir()) == ["dist", "sops"]  # no lock, no staging


def test_an_empty_existing_folder_is_accepted(kb):
    (kb.base / "out").mkdir()
    assert build("out").exit_code == 0
    assert (kb.base / "out" / "sops.json").is_file()


def test_a_dist_from_before_markers_is_accepted(kb):
    kb.write("../dist/sops.json", "{}\n")
    kb.write("../dist/site/index.html", "<html></html>\n")
    kb.write("../dist/roles/boss.pdf", b"%PDF-1.7")
    result = build("dist")
    assert result.exit_code == 0, result.output
    assert (kb.base / "dist" / MARKER).is_file()


def test_a_folder_with_only_a_forms_folder_is_not_taken_for_a_dist(kb):
    kb.write("../papers/forms/leave.docx", b"HR's own form")
    before = tree_hash(kb.base)
    assert build("papers").exit_code == 2
    assert tree_hash(kb.base) == before


def test_a_dist_from_before_markers_with_a_foreign_file_is_refused(kb):
    kb.write("../dist/sops.json", "{}\n")
    kb.write("../dist/budget.xlsx", b"numbers")
    before = tree_hash(kb.base)
    assert_refused(build("dist"), "--out dist is not empty and sopkit did not make it: "
                                  f"building there would delete its files; empty it or {DIST}")
    assert tree_hash(kb.base) == before


def test_the_next_build_removes_staging_folders_of_killed_builds(kb):
    kb.write("../.dist-building-k1ll3d/sops.json", "half\n")
    kb.write("../.dist-old-abc123/sops.json", "old\n")
    kb.write("../.site-building-x/keep.txt", "another output's: not ours to clean\n")
    assert build("dist").exit_code == 0
    assert sorted(p.name for p in kb.base.iterdir()) == [".site-building-x", "dist", "sops"]


# ---------------------------------------------------------------- lock

def test_a_second_build_into_the_same_out_is_refused_naming_the_first(kb):
    lock = kb.base / ".dist.lock"
    with open(lock, "w") as held:   # another open file: flock conflicts even in-process
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242 2026-11-30 15:00:00 UTC\n")
        held.flush()
        before = tree_hash(kb.base)
        result = build("dist")
        assert tree_hash(kb.base) == before
    assert_refused(result, "--out dist is being written by another sopkit (process 4242, "
                           "started 2026-11-30 15:00:00 UTC); run again once it has finished",
                   exit_code=1)


def test_a_lock_file_nobody_holds_does_not_stop_a_build(kb):
    kb.write("../.dist.lock", "4242 2026-11-30 15:00:00 UTC\n")   # left by a killed build
    assert build("dist").exit_code == 0
    assert not (kb.base / ".dist.lock").exists()


# ---------------------------------------------------------------- write errors

@pytest.mark.parametrize("code, text", [(errno.ENOSPC, "No space left on device"),
                                        (errno.EACCES, "Permission denied")])
def test_a_full_disk_or_a_refused_permission_is_a_message(kb, monkeypatch, code, text):
    assert build("dist").exit_code == 0
    before = tree_hash(kb.base)

    class Failing:
        NAME = "failing"

        @staticmethod
        def render(linked, context) -> None:
            (context.out / "half.pdf").write_bytes(b"%PDF")
            raise OSError(code, os.strerror(code), str(context.out / "half.pdf"))

    monkeypatch.setattr(generator.build, "registry",
                        lambda: {"json": json_renderer, "failing": Failing})
    result = sopkit("build", "--quiet", *TODAY)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot write --out dist: {text} (")
    assert result.output.endswith("half.pdf); the previous output is unchanged\n")
    assert tree_hash(kb.base) == before   # no staging folder, the old dist/ as it was


# ---------------------------------------------------------------- the swap

def test_the_exchange_swaps_two_folders_in_one_call(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    assert _exchange(tmp_path / "a", tmp_path / "b")   # Linux, ext4/tmpfs: supported
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    assert list((tmp_path / "a").iterdir()) == []


@pytest.mark.parametrize("atomic", [True, False])
def test_swap_in_replaces_the_output_whole(tmp_path, monkeypatch, atomic):
    if not atomic:   # an old kernel or a file system without RENAME_EXCHANGE
        monkeypatch.setattr("generator.output_swap._exchange", lambda first, second: False)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "old.txt").write_text("old")
    (tmp_path / ".dist-building-1").mkdir()
    (tmp_path / ".dist-building-1" / "new.txt").write_text("new")
    swap_in(tmp_path / ".dist-building-1", tmp_path / "dist")
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
    assert [p.name for p in (tmp_path / "dist").iterdir()] == ["new.txt"]


# ---------------------------------------------------------------- form fill -o

@pytest.mark.parametrize("out, message", [
    ("filled", "-o filled is a folder: give another file name ending in .pdf or .docx"),
    ("sops/roles/form.pdf", "-o sops/roles/form.pdf is inside the knowledge base sops: give "
                            "another file name ending in .pdf or .docx"),
    ("/dev/null", "-o /dev/null is a device or special file, not a file name: give another "
                  "file name ending in .pdf or .docx"),
])
def test_form_fill_refuses_an_output_that_is_not_a_file_name(kb, out, message):
    kb.write("../data.yaml", "name: 张三\n")
    (kb.base / "filled").mkdir()
    kb.write("../filled/kept.pdf", b"%PDF")
    before = tree_hash(kb.base)
    result = sopkit("form", "fill", "daily-log", "--data", "data.yaml", "-o", out)
    assert_refused(result, message)
    assert tree_hash(kb.base) == before


# ---------------------------------------------------------------- jd and onboard

def test_jd_refuses_a_foreign_folder(kb):
    kb.write("../papers/contract.docx", b"not sopkit's")
    before = tree_hash(kb.base)
    result = sopkit("jd", "boss", "--out", "papers", *TODAY)
    assert_refused(result, "--out papers is not empty and sopkit did not make it: writing job "
                           "descriptions there could overwrite its files; empty it or choose "
                           "another folder (default: jd)")
    assert tree_hash(kb.base) == before


def test_jd_refuses_the_current_folder_it_used_to_default_to(kb):
    before = tree_hash(kb.base)
    result = sopkit("jd", "boss", "--out", ".", *TODAY)
    assert_refused(result, "--out . is not empty and sopkit did not make it: writing job "
                           "descriptions there could overwrite its files; empty it or choose "
                           "another folder (default: jd)")
    assert tree_hash(kb.base) == before


def test_jd_accepts_a_folder_of_job_descriptions_from_before_markers(kb):
    kb.write("../jds/rep.pdf", b"%PDF")
    kb.write("../jds/rep-redline.docx", b"PK")
    check_folder(jd_target(Path("jds"), kb.root), replaces=False)
    kb.write("../jds/notes.txt", "mine\n")
    with pytest.raises(UnsafeOutput):
        check_folder(jd_target(Path("jds"), kb.root), replaces=False)


def test_jd_refuses_a_folder_of_someone_elses_documents(kb):
    kb.write("../contracts/supplier.pdf", b"%PDF")
    kb.write("../contracts/offer.docx", b"PK")
    with pytest.raises(UnsafeOutput):
        check_folder(jd_target(Path("contracts"), kb.root), replaces=False)


def onboard(out: Path, *extra: str, sops: Path = SAMPLE_SOPS):
    return sopkit("onboard", "--sops", str(sops), "-q", "--role", "sales-rep",
                  "--name", "张三", "--start", "2026-09-28", "--formats", "ics",
                  "--out", str(out), *extra)


def test_onboard_refuses_a_foreign_folder_where_the_pack_goes(tmp_path):
    pack = tmp_path / "2026-09-28-sales-rep-张三"
    (pack).mkdir()
    (pack / "notes.txt").write_text("HR's own notes")
    before = tree_hash(tmp_path)
    result = onboard(tmp_path)
    assert_refused(result, f"{pack} is not empty and sopkit did not make it: writing the pack "
                           "there would delete its files; empty it or give another --out")
    assert tree_hash(tmp_path) == before


def test_onboard_refuses_the_knowledge_base(tmp_path):
    before = tree_hash(SAMPLE_SOPS)
    result = onboard(SAMPLE_SOPS)
    assert_refused(result, f"--out {SAMPLE_SOPS} is the knowledge base: outputs do not belong "
                           "there; choose another folder (default: onboarding)")
    assert tree_hash(SAMPLE_SOPS) == before


def test_onboard_replaces_a_pack_it_made(tmp_path):
    # the sample's own plan has no days, so no .ics: the copy with a dated plan has one
    sops = scheduled_sample()
    assert onboard(tmp_path, sops=sops).exit_code == 0
    pack = tmp_path / "2026-09-28-sales-rep-张三"
    (pack / "old.ics").write_text("from an earlier run")
    assert onboard(tmp_path, sops=sops).exit_code == 0
    assert sorted(p.name for p in pack.iterdir()) == [MARKER, "培训日程-张三.ics"]


def test_onboard_csv_reports_a_foreign_pack_folder_against_its_row(tmp_path):
    pack = tmp_path / "out" / "2026-09-28-sales-rep-张三"
    pack.mkdir(parents=True)
    (pack / "notes.txt").write_text("HR's own notes")
    csv = tmp_path / "hires.csv"
    csv.write_text("name,role,start\n张三,sales-rep,2026-09-28\n李四,sales-rep,2026-09-28\n",
                   encoding="utf-8")
    result = sopkit("onboard", "--sops", str(SAMPLE_SOPS), "--csv", str(csv),
                    "--formats", "ics", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"wrote {tmp_path / 'out' / '2026-09-28-sales-rep-李四'}: ")
    assert result.stderr.splitlines() == [
        f"{csv}:2: error: {pack} is not empty and sopkit did not make it: writing the pack "
        "there would delete its files; empty it or give another --out",
        f"1 of 2 packs written into {tmp_path / 'out'}; 1 row failed"]
    assert [p.name for p in pack.iterdir()] == ["notes.txt"]


def test_onboard_replaces_this_persons_pack_from_before_markers_only(tmp_path):
    pack = tmp_path / "2026-09-28-sales-rep-张三"
    pack.mkdir()
    (pack / "培训日程-张三.ics").write_text("an older pack's calendar")
    assert onboard(tmp_path).exit_code == 0
    assert (pack / MARKER).is_file()
    (pack / MARKER).unlink()
    (pack / "身份证复印件.pdf").write_bytes(b"%PDF the hire's papers, kept by HR")
    before = tree_hash(tmp_path)
    assert onboard(tmp_path).exit_code == 2
    assert tree_hash(tmp_path) == before

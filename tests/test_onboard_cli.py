"""`sopkit onboard` from the command line: bad input, the CSV batch, and packs that are
either written whole or not at all. Most runs build only the calendar, for speed; the
PDF and Word parts are in test_onboard_pack.py."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from conftest import SAMPLE_SOPS
from generator.cli import main
from scheduled_kb import scheduled_sample, write_scheduled_sample


def onboard(*args: str):
    # The sample with days (its own plan has none, so its packs would have no events).
    # Not --quiet, which leaves only the errors: the tests read the results and warnings.
    result = CliRunner().invoke(main, ["onboard", "--sops", str(scheduled_sample()), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result


def one(tmp_path: Path, *args: str, role="sales-rep", name="张三", start="2026-09-28"):
    return onboard("--role", role, "--name", name, "--start", start, "--out",
                   str(tmp_path), "--formats", "ics", *args)


def events(folder: Path) -> list:
    (ics,) = folder.glob("*.ics")
    return Calendar.from_ical(ics.read_bytes()).walk("VEVENT")


# ---------------------------------------------------------------- one person

def test_one_pack(tmp_path):
    result = one(tmp_path, "--manager", "李四", "--buddy", "王五")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "2026-09-28-sales-rep-张三"
    assert result.output == f"wrote {folder}: 培训日程-张三.ics\n"
    assert sorted(p.name for p in folder.iterdir()) == [".sopkit-output", "培训日程-张三.ics"]
    assert len(events(folder)) == 7


def test_unknown_role_suggests_the_right_one(tmp_path):
    result = one(tmp_path, role="sales-repp")
    assert result.exit_code == 2
    assert "Error: unknown role `sales-repp`: did you mean `sales-rep`" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


def test_a_role_title_gets_its_id(tmp_path):
    result = one(tmp_path, role="销售员")
    assert result.exit_code == 2
    assert "Error: unknown role `销售员`: did you mean `sales-rep` (销售员)?" in result.output


@pytest.mark.parametrize("start, message", [
    ("2026-02-30", "Error: start date `2026-02-30` is not a real date (check the month and day)"),
    ("2026-13-01", "Error: start date `2026-13-01` is not a real date (check the month and day)"),
    ("28/09/2026", "Error: start date `28/09/2026` is not a date: write YYYY-MM-DD, "
                   "e.g. 2026-09-28"),
])
def test_impossible_dates_are_refused(tmp_path, start, message):
    result = one(tmp_path, start=start)
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_empty_name_is_refused(tmp_path):
    result = one(tmp_path, name="  ")
    assert result.exit_code == 2
    assert "Error: the new hire's name is empty" in result.output


def test_start_on_a_holiday_warns_and_moves(tmp_path):
    result = one(tmp_path, start="2026-10-01")
    assert result.exit_code == 0
    assert ("warning: start date 2026-10-01 is a public holiday in the org.yaml calendar: "
            "the pack starts on the next working day, 2026-10-08") in result.output
    first = min(e.decoded("dtstart") for e in events(tmp_path / "2026-10-08-sales-rep-张三"))
    assert first.date() == dt.date(2026, 10, 8)


def test_start_on_a_weekend_warns_and_moves(tmp_path):
    result = one(tmp_path, start="2026-11-14")
    assert result.exit_code == 0
    assert ("warning: start date 2026-11-14 is a Saturday: the pack starts on the next "
            "working day, 2026-11-16") in result.output


def test_bad_command_lines(tmp_path):
    assert "give --role, --name and --start" in onboard("--role", "sales-rep").output
    both = onboard("--csv", str(SAMPLE_SOPS / "org.yaml"), "--role", "sales-rep")
    assert both.exit_code == 2 and "either --csv or --role" in both.output
    bad = one(tmp_path, "--formats", "pdf,ical")
    assert bad.exit_code == 2 and "unknown format `ical`" in bad.output


def test_a_rebuilt_pack_replaces_the_old_one_whole(tmp_path):
    folder = tmp_path / "2026-09-28-sales-rep-张三"
    assert one(tmp_path).exit_code == 0
    (folder / "stale.txt").write_text("from an earlier build")
    assert one(tmp_path).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [".sopkit-output", "培训日程-张三.ics"]
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]   # no temporary folders


def test_a_failure_leaves_nothing_half_written(tmp_path, monkeypatch):
    from generator.onboarding import pack

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setitem(pack._WRITERS, "ics", broken)
    with pytest.raises(RuntimeError):
        CliRunner().invoke(main, ["onboard", "--sops", str(scheduled_sample()), "--role",
                                  "sales-rep", "--name", "张三", "--start", "2026-09-28", "--out",
                                  str(tmp_path), "--formats", "ics"], catch_exceptions=False)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- a CSV of new hires

CSV = """\
name,role,start,manager,buddy
张三,sales-rep,2026-09-28,李四,王五
李雷,salse-rep,2026-09-28,,
韩梅梅,customer-service,2026-10-01,李四,
"Wang, Fang",online-promoter,2026-11-02,,
,sales-rep,2026-11-02,,
"""


def test_csv_batch_reports_bad_rows_by_line_and_builds_the_others(tmp_path):
    csv = tmp_path / "new-hires.csv"
    csv.write_text(CSV, encoding="utf-8")
    out = tmp_path / "packs"
    result = onboard("--csv", str(csv), "--out", str(out), "--formats", "ics")
    assert result.exit_code == 1
    assert f"{csv}:3: error: unknown role `salse-rep`: did you mean `sales-rep`" in result.output
    assert f"{csv}:6: error: the new hire's name is empty" in result.output
    assert (f"{csv}:4: warning: start date 2026-10-01 is a public holiday in the org.yaml "
            "calendar: the pack starts on the next working day, 2026-10-08") in result.output
    assert "3 of 5 packs written" in result.output and "2 rows failed" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "2026-09-28-sales-rep-张三", "2026-10-08-customer-service-韩梅梅",
        "2026-11-02-online-promoter-Wang, Fang"]


def test_csv_in_gbk_from_excel_is_read(tmp_path):
    csv = tmp_path / "new-hires.csv"
    csv.write_bytes("name,role,start\r\n张三,sales-rep,2026-09-28\r\n".encode("gbk"))
    result = onboard("--csv", str(csv), "--out", str(tmp_path / "packs"), "--formats", "ics")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "packs" / "2026-09-28-sales-rep-张三").is_dir()


@pytest.mark.parametrize("header, message", [
    ("name,role,start,mentor", ":1: unknown column `mentor` (columns: name, role, start, "
                               "manager, buddy)"),
    ("name,rol,start", ":1: unknown column `rol`: did you mean `role`?"),
    ("name,role", ":1: missing column `start`"),
    ("", ":1: the file is empty"),
])
def test_csv_header_problems_stop_before_building(tmp_path, header, message):
    csv = tmp_path / "new-hires.csv"
    csv.write_text(header + "\n张三,sales-rep,2026-09-28\n" if header else "", encoding="utf-8")
    result = onboard("--csv", str(csv), "--out", str(tmp_path / "packs"), "--formats", "ics")
    assert result.exit_code == 1
    assert f"{csv}{message.replace(':1: ', ':1: error: ')}" in result.output
    assert not (tmp_path / "packs").exists()


def test_csv_duplicate_and_ragged_rows(tmp_path):
    csv = tmp_path / "new-hires.csv"
    csv.write_text("name,role,start\n张三,sales-rep,2026-09-28\n张三,sales-rep,2026-09-28\n"
                   "李雷,sales-rep,2026-09-28,extra\n", encoding="utf-8")
    result = onboard("--csv", str(csv), "--out", str(tmp_path / "packs"), "--formats", "ics")
    assert result.exit_code == 1
    assert f"{csv}:3: error: same name, role and start date as line 2" in result.output
    assert f"{csv}:4: error: 4 values but the header names 3 columns" in result.output


def test_csv_with_only_a_header_is_an_error(tmp_path):
    csv = tmp_path / "new-hires.csv"
    csv.write_text("name,role,start\n\n", encoding="utf-8")
    result = onboard("--csv", str(csv), "--out", str(tmp_path / "packs"), "--formats", "ics")
    assert result.exit_code == 1
    assert f"{csv}: error: no new hires below the header line" in result.output


def test_packs_go_outside_dist_by_default(tmp_path, monkeypatch):
    """`sopkit build` replaces dist/ whole; packs must survive it."""
    monkeypatch.chdir(tmp_path)
    result = onboard("--role", "sales-rep", "--name", "张三", "--start", "2026-09-28",
                     "--formats", "ics")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "onboarding" / "2026-09-28-sales-rep-张三").is_dir()


# ---------------------------------------------------------------- what the calendar covers

def test_dates_beyond_the_calendar_are_warned_and_marked(tmp_path):
    """The sample's calendar lists 2026–2027: a start late in 2027 runs into 2028."""
    result = one(tmp_path, start="2027-12-27")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    dates = sorted({e.decoded("dtstart").date() for e in
                    events(tmp_path / "2027-12-27-sales-rep-张三")})
    later = [day for day in dates if day.year == 2028]
    assert later and len(later) < len(dates)
    for day in later:
        assert any(day.isoformat() in w and "2026–2027 only" in w for w in warnings)
    assert "warning: session `工作技能培训` (new-sales-staff/skills) is scheduled on 2028-01-03" \
        in result.output


def test_without_a_calendar_the_pack_does_not_claim_holidays_were_avoided(tmp_path):
    import re

    from pypdf import PdfReader
    sops = tmp_path / "sops"
    write_scheduled_sample(sops)
    org = (sops / "org.yaml").read_text(encoding="utf-8")
    without = re.sub(r"\ncalendar:\n(?:[ #].*\n|\n)*", "\n", org)
    assert "holidays:" not in without and "workday_start" not in without
    (sops / "org.yaml").write_text(without, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["onboard", "--sops", str(sops), "--role", "sales-rep",
                                       "--name", "张三", "--start", "2026-12-28", "--out",
                                       str(out), "--formats", "pdf,ics"])
    assert result.exit_code == 0, result.output
    assert "2027-01-01" in result.output and "there is no holiday calendar" in result.output
    reader = PdfReader(out / "2026-12-28-sales-rep-张三" / "入职资料包-张三.pdf")
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert "未配置节假日日历：标有“*”的日期只避开了周末" in text
    assert "已避开" not in text
    assert "2027-01-01（周五）*" in text


def test_csv_rows_beyond_the_calendar_are_warned_against_their_line(tmp_path):
    csv = tmp_path / "new-hires.csv"
    csv.write_text("name,role,start\n张三,sales-rep,2026-09-28\n李雷,sales-rep,2027-12-25\n",
                   encoding="utf-8")
    result = onboard("--csv", str(csv), "--out", str(tmp_path / "packs"), "--formats", "ics")
    assert result.exit_code == 0, result.output
    assert f"{csv}:2: warning" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith(f"{csv}:3:")]
    # a Saturday: moved to Monday, and the schedule runs into 2028
    assert line.startswith(f"{csv}:3: warning: start date 2027-12-25 is a Saturday")
    assert "session `工作技能培训` (new-sales-staff/skills) is scheduled on 2028-01-03" in line


# ---------------------------------------------------------------- sessions without a day

def test_the_samples_undated_plan_gives_no_calendar_and_says_why(tmp_path):
    """000 第三章 gives no days: the sample's sessions are all to be scheduled."""
    result = CliRunner().invoke(main, ["onboard", "--sops", str(SAMPLE_SOPS), "--role",
                                       "sales-rep", "--name", "张三", "--start", "2026-09-28",
                                       "--out", str(tmp_path), "--formats", "ics"])
    assert result.exit_code == 0, result.output
    assert ("warning: the role `sales-rep` has no dated training sessions, so there is no "
            "training calendar (.ics) to write: add pdf or docx to --formats") in result.output
    assert not list(tmp_path.glob("*/*.ics"))


def test_a_session_without_a_day_is_left_out_of_the_ics_with_a_note(make_kb, tmp_path):
    kb = make_kb({"training/t.yaml": """\
        title: 培训
        for: [boss]
        sessions:
          - {id: a, title: 公司介绍, by: hr, day: 1}
          - {id: b, title: 产品知识, by: sales}
        """})
    result = CliRunner().invoke(main, ["onboard", "--sops", str(kb.root), "--role", "boss",
                                       "--name", "张三", "--start", "2026-11-16", "--out",
                                       str(tmp_path / "out"), "--formats", "ics"])
    assert result.exit_code == 0, result.output
    assert ("1 training session without a day, not in the calendar (.ics): 产品知识; the pack "
            "(pdf, docx) lists it under “待安排的培训”") in result.output
    (ics,) = (tmp_path / "out").glob("*/*.ics")
    assert [str(e["summary"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")] \
        == ["公司介绍"]

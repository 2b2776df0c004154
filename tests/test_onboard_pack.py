"""A whole onboarding pack, built once per role through the command line and read back:
the PDF with pypdf (text, acknowledgement fields, size), the filled-in forms, the .ics
with the icalendar library, and the Word version with python-docx.

The sample's training plan has no days (its manual gives none), so its packs list every
session as to be scheduled and have no .ics; the dated schedule and the calendar are read
from a pack of the sample with a dated plan (scheduled_kb.py)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from pypdf import PdfReader

from conftest import SAMPLE_SOPS
from generator.cli import main
from generator.i18n import Labels
from generator.onboarding.ics import pack_calendar
from generator.onboarding.request import new_hire
from generator.onboarding.view import build_pack
from generator.onboarding.workdays import calendar_from_org
from scheduled_kb import scheduled_sample

START = "2026-09-28"
WEEKDAYS = "一二三四五六日"


def build(out: Path, role: str, name: str, formats: str = "pdf,ics",
          sops: Path = SAMPLE_SOPS) -> Path:
    result = CliRunner().invoke(main, [
        "onboard", "--sops", str(sops), "--role", role, "--name", name, "--start",
        START, "--manager", "李四", "--buddy", "王五", "--out", str(out), "--formats",
        formats, "-q"])
    assert result.exit_code == 0, result.output
    return out / f"{START}-{role}-{name}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("onboard"), "sales-rep", "张三")


@pytest.fixture(scope="module")
def reader(folder) -> PdfReader:
    return PdfReader(folder / "入职资料包-张三.pdf")


@pytest.fixture(scope="module")
def text(reader) -> str:
    """The whole PDF's text without white space (CJK text has none to lose)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def sales_rep_pack(result):
    linked = result.linked
    calendar = calendar_from_org(linked.org)
    hire = new_hire(linked, calendar, name="张三", role="sales-rep", start=START)
    return build_pack(linked, hire, calendar, Labels("zh-Hans"))


@pytest.fixture(scope="module")
def pack(sample_result):
    return sales_rep_pack(sample_result)


@pytest.fixture(scope="module")
def scheduled_folder(tmp_path_factory) -> Path:
    """The same hire's pack from the sample with a dated plan."""
    return build(tmp_path_factory.mktemp("scheduled"), "sales-rep", "张三",
                 sops=scheduled_sample())


@pytest.fixture(scope="module")
def scheduled_text(scheduled_folder) -> str:
    reader = PdfReader(scheduled_folder / "入职资料包-张三.pdf")
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def scheduled_pack(scheduled_result):
    return sales_rep_pack(scheduled_result)


# ---------------------------------------------------------------- the PDF

def test_pack_folder_contents(folder, pack, scheduled_folder):
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    # no .ics: no session of the sample's plan has a date
    assert files == sorted([".sopkit-output", "入职资料包-张三.pdf",
                            *(entry.file for entry in pack.forms)])
    assert "forms/派车申请单.pdf" in files
    assert (scheduled_folder / "培训日程-张三.ics").is_file()


def test_sessions_without_a_day_are_listed_as_to_be_scheduled(text, pack, sample_result):
    """000 第三章 gives each training's content and department, no day: the pack lists all
    seven under 待安排的培训 with the plan's number, and dates none of them."""
    assert pack.sittings == () and len(pack.unscheduled) == 7
    plan = sample_result.linked.kb.training["new-sales-staff"]
    assert "待安排的培训以下培训尚未确定日期，不在日程和日历中，届时另行通知。" in text
    assert f"培训计划销售部培训（{sample_result.linked.doc(plan).number}，版本1.0）" in text
    assert "入职培训公司各项管理制度；生活指导行政人事部" in text
    assert "业务素质培训销售心态及态度培训销售部" in text
    assert "培训项目培训内容负责部门入职培训" in text   # no 课时 column: no session has hours
    assert "2026-09-29" not in text   # the old invented day 2


def test_pdf_names_the_person_role_and_organisation(text):
    for expected in ("张三", "销售员", "SalesRepresentative", "华游游乐设备有限公司", "销售部",
                     "直属领导李四", "入职引导人王五", "2026-09-28（周一）09:00"):
        assert expected in text


def test_pdf_has_every_section(reader):
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == ["欢迎加入华游游乐设备有限公司", "目录", "岗位说明书", "组织中的位置",
                      "培训日程", "参与的作业流程", "检查清单与话术", "岗位表单", "适用制度",
                      "30/60/90 天工作清单", "入职资料确认书"]


def test_pdf_prints_the_checklists_and_script_of_the_hires_steps(text):
    """The sales rep performs the 4S-shop steps: their 话术 and checklists are in the pack."""
    for line in ("欢迎光临本店，咱们店这么远，给你看车造成不便表示歉意。", "以前来看过吗？",
                 "展厅卫生", "竞品资料", "他说您的羽毛球打的非常棒"):
        assert line in text, line


def test_every_session_is_listed_with_its_date_and_time(scheduled_text, scheduled_pack):
    text, pack = scheduled_text, scheduled_pack
    assert len(pack.sittings) == 7 and pack.unscheduled == ()
    for s in pack.sittings:
        title = s.session.title if s.parts == 1 else f"{s.session.title}（{s.part}/{s.parts}）"
        row = (f"{s.date}（周{WEEKDAYS[s.date.weekday()]}）{s.start:%H:%M}–{s.end:%H:%M}"
               f"{title}")
        assert row in text


def test_schedule_states_the_calendar_coverage(scheduled_text):
    text = scheduled_text
    assert "已避开周末、法定节假日并按调休上班日排定（节假日日历涵盖2026–2027年）" in text
    assert "*" not in text


def test_workflows_forms_and_policies_of_the_role(text, pack, sample_result):
    linked = sample_result.linked
    for part in linked.role_steps["sales-rep"]:
        assert part.workflow.title in text and part.step.name in text
    for form in linked.role_forms["sales-rep"]:
        assert form.title in text
    for policy in linked.role_policies["sales-rep"]:
        assert policy.title in text
    # the role's workflows, and those it acts in as an actor standing for it (申请人),
    # in the reading order of workflows (as the handbook has them)
    acted_in = {part.workflow.id for part in linked.role_steps["sales-rep"]} | {
        part.workflow.id for part in linked.role_actor_steps["sales-rep"]}
    assert [part.workflow.id for part in pack.workflows] == [
        workflow.id for workflow in linked.orders["workflows"] if workflow.id in acted_in]


def test_the_hire_takes_part_as_the_applicant_of_the_travel_workflow(text, pack):
    """004: 销售人员外出须填写出差申请单. The applicant stands for the sales department, so
    a sales rep's pack has 出差申请流程, its steps marked with the actor, and its forms."""
    (travel,) = [part for part in pack.workflows if part.workflow.id == "business-travel"]
    assert [(own.step.name, own.letters, own.as_actor) for own in travel.steps] == [
        ("提交出差申请", "RA", "applicant"), ("不出差，坚守岗位", "RA", "applicant"),
        ("出纳处领取借款", "R", "applicant"), ("出差拜访和回访", "RA", "applicant"),
        ("及时提交出差报告", "RA", "applicant"), ("费用报销", "RA", "applicant")]
    assert "1提交出差申请R执行、A负责/审批（作为申请人）出差申请单" in text
    assert {"travel-request", "cash-advance", "expense-claim"} <= {e.form.id for e in pack.forms}
    assert "出差申请及借款审批" not in [own.step.name for own in travel.steps]   # the manager's


def test_a_managers_pack_lists_the_matters_it_approves(sample_result):
    """A hire's pack lists the approvals their role makes (审批权限), each with its tiers."""
    from generator.onboarding.pack import pack_document
    linked, t = sample_result.linked, Labels("zh-Hans")
    calendar = calendar_from_org(linked.org)
    pack = build_pack(linked, new_hire(linked, calendar, name="李四", role="sales-manager",
                                       start=START), calendar, t)
    assert [part.approval.matter for part in pack.approvals] == [
        "销售合同", "合同条款变更", "销售折扣", "最终报价或投标书", "出差申请及借款"]
    html = pack_document(linked, pack, t, fillable=False).html
    approvals = html.split('id="approvals"')[1]
    for part in pack.approvals:
        assert part.approval.matter in approvals
    assert "销售合同审定权限" in approvals


def test_acknowledgement_lists_every_document_with_number_and_version(reader, pack):
    (page,) = [p for p in reader.pages if "入职资料确认书" in p.extract_text()
               and "本人已阅读并理解" in p.extract_text()]
    page_text = re.sub(r"\s+", "", page.extract_text())
    # 出差申请流程 is the actor 申请人's, who stands for the sales department: it and its
    # two forms (出差申请单, 借款单) are in the count
    assert len(pack.documents) == 30
    for entry in pack.documents:
        assert f"{entry.title}{entry.doc.number}{entry.doc.version}" in page_text


def test_acknowledgement_fields_are_fillable(reader):
    fields = reader.get_fields()
    assert {name: f.get("/FT") for name, f in fields.items()} == {
        "ack-name": "/Tx", "ack-date": "/Tx", "ack-signature": "/Sig"}
    acroform = reader.trailer["/Root"]["/AcroForm"]
    (font,) = acroform["/DR"]["/Font"].values()
    assert font.get_object()["/BaseFont"] == "/STSong-Light"   # Chinese input, not embedded


def test_pdf_is_small(folder):
    size = (folder / "入职资料包-张三.pdf").stat().st_size
    assert size < 1_000_000, size


# ---------------------------------------------------------------- pre-filled forms

def test_forms_are_prefilled_with_name_and_department(folder, pack):
    assert pack.forms
    for entry in pack.forms:
        fields = PdfReader(folder / entry.file).get_fields() or {}
        values = {name: field.get("/V") for name, field in fields.items()}
        for field_id, value in entry.values.items():
            assert values.get(field_id) == value, (entry.file, field_id)
    car = next(e for e in pack.forms if e.form.id == "car-request")
    assert dict(car.values) == {"name": "张三", "department": "销售部"}


# ---------------------------------------------------------------- the calendar

@pytest.fixture(scope="module")
def calendar(scheduled_folder) -> Calendar:
    return Calendar.from_ical((scheduled_folder / "培训日程-张三.ics").read_bytes())


def test_ics_has_one_event_per_sitting_in_local_time(calendar, scheduled_pack):
    pack = scheduled_pack
    events = calendar.walk("VEVENT")
    assert len(events) == len(pack.sittings) == 7
    for event, sitting in zip(events, pack.sittings, strict=True):
        assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert (start, end) == (sitting.start, sitting.end)
        assert str(start.tzinfo) == "Asia/Shanghai"
    first = events[0]
    assert str(first["summary"]) == "入职培训"
    assert first.decoded("dtstart").strftime("%Y-%m-%d %H:%M") == "2026-09-28 09:00"
    assert str(events[3]["summary"]) == "产品知识培训"


def test_ics_is_valid_rfc_5545(scheduled_folder, calendar):
    raw = (scheduled_folder / "培训日程-张三.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))      # folded lines
    assert b"\n" not in raw.replace(b"\r\n", b"")                    # CRLF only
    assert calendar["version"] == "2.0" and calendar["prodid"]
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Asia/Shanghai"
    uids = [str(event["uid"]) for event in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    for event in calendar.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart", "dtend", "summary"):
            assert required in event

def test_ics_dtstamp_is_the_build_time(scheduled_folder, calendar):
    """RFC 5545: DTSTAMP is when the file was made; never the (future) start date."""
    made = dt.datetime.fromtimestamp((scheduled_folder / "培训日程-张三.ics").stat().st_mtime, dt.UTC)
    for event in calendar.walk("VEVENT"):
        stamp = event.decoded("dtstamp")
        assert stamp.tzinfo is not None
        assert made - dt.timedelta(minutes=10) <= stamp <= made + dt.timedelta(seconds=1)


def test_ics_uids_do_not_depend_on_the_start_date(scheduled_result, scheduled_pack):
    """A pack rebuilt with a corrected start date updates the imported events."""
    t, pack = Labels("zh-Hans"), scheduled_pack
    linked = scheduled_result.linked
    calendar = calendar_from_org(linked.org)
    later = build_pack(linked, new_hire(linked, calendar, name="张三", role="sales-rep",
                                        start="2026-11-16"), calendar, t)
    assert later.sittings[0].date != pack.sittings[0].date
    uids = [re.findall(rb"UID:(\S+)", pack_calendar(p, t, linked.actor_name)) for p in
            (pack, later)]
    assert uids[0] == uids[1] and len(set(uids[0])) == len(pack.sittings)


def test_ics_is_deterministic_and_uids_are_per_person(scheduled_result, scheduled_pack,
                                                     monkeypatch):
    t, pack = Labels("zh-Hans"), scheduled_pack
    linked = scheduled_result.linked
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    again = pack_calendar(pack, t, linked.actor_name)
    assert again == pack_calendar(pack, t, linked.actor_name)
    assert b"DTSTAMP:20260921T" in again   # 1790000000 s after 1970 is 2026-09-21
    calendar = calendar_from_org(linked.org)
    other = build_pack(linked, new_hire(linked, calendar, name="李雷", role="sales-rep",
                                        start=START), calendar, t)
    assert set(re.findall(rb"UID:(\S+)", again)).isdisjoint(
        re.findall(rb"UID:(\S+)", pack_calendar(other, t, linked.actor_name)))


# ---------------------------------------------------------------- a second role, in Word

@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Path:
    """Built as a CSV batch, so the worker processes draw and fill the forms too."""
    out = tmp_path_factory.mktemp("onboard")
    csv = out / "new-hires.csv"
    csv.write_text(f"name,role,start\n韩梅梅,customer-service,{START}\n"
                   f"李雷,online-promoter,{START}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["onboard", "--sops", str(SAMPLE_SOPS), "--csv", str(csv),
                                       "--out", str(out), "--formats", "pdf,docx,ics"])
    assert result.exit_code == 0, result.output
    assert "2 of 2 packs written" in result.stderr   # not with -q, which leaves only errors
    return out / f"{START}-customer-service-韩梅梅"


def test_batch_packs_have_prefilled_forms(service):
    forms = sorted((service / "forms").glob("*.pdf"))
    assert forms
    for path in forms:
        values = {name: field.get("/V") for name, field in
                  (PdfReader(path).get_fields() or {}).items()}
        assert "韩梅梅" in values.values(), path
    # the 网络推广专员 of the manual takes part in no workflow of its own: only as the
    # 申请人 of 出差申请流程, with that workflow's forms
    promoter = service.parent / f"{START}-online-promoter-李雷"
    assert (promoter / "入职资料包-李雷.pdf").is_file()
    assert sorted(p.name for p in promoter.glob("forms/*.pdf")) == [
        "借款单.pdf", "出差申请单.pdf", "客户信息卡.pdf", "费用报销单.pdf"]


def test_customer_service_pack(service, sample_result):
    reader = PdfReader(service / "入职资料包-韩梅梅.pdf")
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "客服专员" in text and "韩梅梅" in text
    ack = re.sub(r"\s+", "", reader.pages[-1].extract_text())
    kb = sample_result.linked.kb
    # business-travel as the 申请人 (any member of 销售部, 004)
    for workflow_id in ("after-sales-service", "complaint-handling", "customer-information",
                        "business-travel"):
        assert kb.workflows[workflow_id].title in ack
    for workflow_id in ("contract-signing", "monthly-sales-plan",
                        "order-processing", "standard-sales-process"):
        assert kb.workflows[workflow_id].title not in ack   # no part in them


def test_word_version_has_the_same_sections_and_documents(service, sample_result):
    import docx

    document = docx.Document(str(service / "入职资料包-韩梅梅.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["欢迎加入华游游乐设备有限公司", "岗位说明书", "组织中的位置", "培训日程",
                        "参与的作业流程", "岗位表单", "适用制度", "30/60/90 天工作清单",
                        "入职资料确认书"]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    linked = sample_result.linked
    calendar = calendar_from_org(linked.org)
    pack = build_pack(linked, new_hire(linked, calendar, name="韩梅梅", role="customer-service",
                                       start=START), calendar, Labels("zh-Hans"))
    assert {entry.doc.number for entry in pack.documents} <= cells
    # the sample's sessions have no day: listed to be scheduled, with their department
    assert "待安排的培训" in [p.text for p in document.paragraphs]
    assert {"入职培训", "行政人事部", "业务素质培训", "销售心态及态度培训"} <= cells
    assert not any(re.fullmatch(r"\d{4}-\d\d-\d\d（周.）", cell) for cell in cells)

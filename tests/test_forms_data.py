"""Checking fill data against a form: one exact message per problem, all of them at once."""
from __future__ import annotations

import datetime as dt

import pytest

from forms_support import SAMPLE
from generator.forms import InvalidFormData, form_values
from generator.pipeline import check


@pytest.fixture(scope="module")
def forms():
    return check(SAMPLE).linked.kb.forms


def problems(form, data) -> list[str]:
    with pytest.raises(InvalidFormData) as caught:
        form_values(form, data)
    return caught.value.problems


CAR = {"name": "张三", "department": "销售部", "phone": "13800138000",
       "apply-date": "2026-11-23", "use-date": "2026-11-25", "purpose": "接送客户"}


def test_valid_data_becomes_field_values(forms):
    values = form_values(forms["car-request"], {**CAR, "phone": 13800138000,
                                                "apply-date": dt.date(2026, 11, 23),
                                                "passengers": 3, "driver-needed": True})
    assert values["phone"] == "13800138000"
    assert values["apply-date"] == "2026-11-23"
    assert values["passengers"] == "3"
    assert values["driver-needed"] is True


def test_unknown_field(forms):
    assert problems(forms["car-request"], {**CAR, "nmae": "张三"}) == [
        "unknown field `nmae`: form `car-request` has no such field: did you mean `name`?"]


def test_unknown_field_without_a_close_match(forms):
    assert problems(forms["car-request"], {**CAR, "colour": "red"}) == [
        "unknown field `colour`: form `car-request` has no such field"]


def test_wrong_type(forms):
    assert problems(forms["car-request"], {**CAR, "passengers": "三个"}) == [
        "wrong type for `passengers` (乘车人数): expected a number, got `三个`"]


def test_missing_required_field(forms):
    data = {key: value for key, value in CAR.items() if key != "name"}
    assert problems(forms["car-request"], data) == ["missing required field `name` (申请人)"]


def test_option_not_in_the_list(forms):
    assert problems(forms["car-request"], {**CAR, "purpose": "出游"}) == [
        "`出游` is not an option of `purpose` (用车事由): choose one of `接送客户`, `客户拜访`, "
        "`展会布展`, `其他`"]


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("apply-date", "23/11/2026", "expected a date written YYYY-MM-DD, got `23/11/2026`"),
    ("phone", "138-abc", "expected a phone number (digits, spaces, +, - and parentheses), "
                         "got `138-abc`"),
    ("driver-needed", "是", "expected true or false, got `是`"),
    ("department", ["销售部"], "expected text, got a list"),
    ("route", {"from": "A"}, "expected text, got a mapping"),
])
def test_wrong_types_of_every_kind(forms, field, value, expected):
    form = forms["car-request"]
    label = next(f.label for f in form.all_fields if f.id == field)
    assert problems(form, {**CAR, field: value}) == [
        f"wrong type for `{field}` ({label}): {expected}"]


@pytest.mark.parametrize("value", ["2026-13-40", "2026-13-01", "2026-02-30", "2026-00-10"])
def test_impossible_dates_are_not_real_dates(forms, value):
    """Written YYYY-MM-DD already: "use YYYY-MM-DD" would send the user looking elsewhere."""
    form = forms["car-request"]
    assert problems(form, {**CAR, "apply-date": value}) == [
        f"`{value}` for `apply-date` (申请日期) is not a real date: check the month and day"]


def test_money_and_email(forms):
    form = forms["complaint-record"]
    base = {"complaint-date": "2026-11-01", "name": "王五", "customer": "某乐园",
            "phone": "020-12345678", "category": "产品质量", "description": "座椅松动"}
    assert problems(form, {**base, "email": "not-an-address"}) == [
        "wrong type for `email` (电子邮箱): expected an e-mail address, got `not-an-address`"]
    money = forms["cash-advance"]
    data = {"name": "张三", "department": "销售部", "borrow-date": "2026-11-01",
            "amount-in-words": "伍仟元整", "reason": "出差"}
    assert problems(money, {**data, "amount": "12.345"}) == [
        "wrong type for `amount` (借款金额（小写）): expected an amount with at most 2 decimals, "
        "got `12.345`"]
    assert form_values(money, {**data, "amount": 5000})["amount"] == "5000.00"


def test_signatures_are_not_filled_from_data(forms):
    assert problems(forms["car-request"], {**CAR, "applicant-sign": "张三"}) == [
        "`applicant-sign` (申请人签字) is a signature field: it is signed in the PDF viewer or "
        "on paper, not filled from data"]


def test_multichoice_takes_a_list_of_options(forms):
    form = forms["customer-card"]
    base = {"customer": "某乐园", "grade": "A 重点客户", "contact": "赵六",
            "phone": "13900000000", "name": "张三"}
    values = form_values(form, {**base, "interests": ["转马类", "海盗船"]})
    assert [name for name, on in values.items() if name.startswith("interests.") and on] == [
        "interests.3", "interests.6"]
    assert problems(form, {**base, "interests": "转马类"}) == [
        "wrong type for `interests` (意向产品): expected a list of its options, got `转马类`"]
    assert problems(form, {**base, "interests": ["过山车"]}) == [
        "`过山车` is not an option of `interests` (意向产品): choose one of `充气类`, `水上乐园类`, "
        "`转马类`, `轨道类`, `斗牛机`, `海盗船`, `旋转飞椅`, `蹦极类`, `其他机械类`, `电子类`"]


def test_tables_take_rows_of_columns(forms):
    form = forms["expense-claim"]
    base = {"name": "张三", "department": "销售部", "claim-date": "2026-11-30", "total": 300}
    values = form_values(form, {**base, "items": [
        {"date": "2026-11-02", "description": "出租车", "amount": 120},
        None,
        {"description": "高铁", "amount": "180.5", "receipts": 1}]})
    assert values["items.1.amount"] == "120.00"
    assert values["items.3.amount"] == "180.50" and values["items.3.receipts"] == "1"
    assert not any(name.startswith("items.2.") for name in values)
    assert problems(form, {**base, "items": [{"date": "2026-11-02", "amout": 1},
                                             {"date": "明天"}]}) == [
        "unknown field `items.1.amout`: table `items` has no column `amout`: did you mean "
        "`amount`?",
        "wrong type for `items.2.date` (日期): expected a date written YYYY-MM-DD, got `明天`"]
    assert problems(form, {**base, "items": [{}] * 9}) == [
        "too many rows for `items` (费用明细): 9 given, the table has 8"]
    assert problems(form, {**base, "items": {"date": "2026-11-02"}}) == [
        "wrong type for `items` (费用明细): expected a list of rows, each mapping column ids to "
        "values, got a mapping"]


def test_every_problem_is_reported_in_one_run(forms):
    found = problems(forms["car-request"], {"nme": "张三", "passengers": "三个",
                                             "purpose": "出游"})
    assert len(found) == 1 + 1 + 1 + 5  # unknown, wrong type, bad option, five missing
    assert found[-5:] == ["missing required field `name` (申请人)",
                          "missing required field `department` (部门)",
                          "missing required field `phone` (联系电话)",
                          "missing required field `apply-date` (申请日期)",
                          "missing required field `use-date` (用车日期)"]


def test_data_must_be_a_mapping(forms):
    assert problems(forms["car-request"], ["张三"]) == [
        "the data must map field ids to values, got a list"]


def test_empty_values_count_as_missing_and_nulls_are_skipped(forms):
    assert problems(forms["car-request"], {**CAR, "name": "", "use-time": None}) == [
        "missing required field `name` (申请人)"]


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("passengers", float("nan"), "not a finite number for `passengers` (乘车人数): `nan`; NaN "
                                 "and infinity are refused"),
    ("passengers", float("-inf"), "not a finite number for `passengers` (乘车人数): `-inf`; NaN "
                                  "and infinity are refused"),
    ("passengers", 1e300, "number out of range for `passengers` (乘车人数): `1e+300`; it must "
                          "be between -1,000,000,000,000,000 and 1,000,000,000,000,000"),
    ("passengers", "0.0000000000000001", "too many digits for `passengers` (乘车人数): 17 "
                                         "written, at most 15"),
    ("route", "路" * 10_001, "too long a value for `route` (起止地点及路线): 10,001 characters, at "
                            "most 10,000"),
    ("route", "a\x7fb", "control character U+007F in `route` (起止地点及路线), character 2 of the "
                        "value: a form cannot show it; remove it"),
    ("plate-no", "\ufffe", "non-character U+FFFE in `plate-no` (派出车辆车牌号), character 1 of "
                           "the value: a form cannot show it; remove it"),
    ("use-date", dt.date(1899, 12, 31), "date out of range for `use-date` (用车日期): "
                                        "`1899-12-31`; write a year from 1900 to 2200"),
])
def test_limits_on_values(forms, field, value, expected):
    assert problems(forms["car-request"], {**CAR, field: value}) == [expected]


def test_limits_leave_ordinary_values_alone(forms):
    values = form_values(forms["car-request"], {**CAR, "passengers": "999999999999999",
                                                "route": "第一行\n\t第二行" + "路" * 9_990,
                                                "use-date": "2200-12-31"})
    assert values["passengers"] == "999999999999999" and values["use-date"] == "2200-12-31"


def test_problems_say_what_they_are_about(forms):
    with pytest.raises(InvalidFormData) as caught:
        form_values(forms["expense-claim"], {"nmae": "张三", "categories": ["差旅费", "飞机"],
                                             "items": [{"amount": "x", "colour": 1}]})
    assert [(where.path, where.key) for where in caught.value.places] == [
        (("nmae",), True), (("categories", 1), False), (("items", 0, "amount"), False),
        (("items", 0, "colour"), True), ((), False), ((), False), ((), False), ((), False)]


def test_all_values_together_are_bounded(forms):
    row = {"date": "2026-11-01", "description": "路" * 9_000}
    found = problems(forms["expense-claim"], {"name": "张三", "department": "销售部",
                                              "claim-date": "2026-11-30", "total": 1,
                                              "items": [row] * 6})
    assert found == ["the values add up to 54,079 characters, at most 50,000 for one form: "
                     "shorten some, e.g. `items.1.description` (9,000 characters)"]

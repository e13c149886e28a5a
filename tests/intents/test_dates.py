"""Dates and times against a fixed now: Wednesday 2026-11-25 10:00, Asia/Shanghai."""

from __future__ import annotations

from datetime import date, time

import pytest

from intents.dates import find_date, find_time
from intents.numerals import digits_before, parse_number

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(("text", "expected"), [
    ("今天", date(2026, 11, 25)),
    ("明天上午", date(2026, 11, 26)),
    ("后天", date(2026, 11, 27)),
    ("大后天", date(2026, 11, 28)),
    ("周五", date(2026, 11, 27)),
    ("这周五", date(2026, 11, 27)),
    ("本周五", date(2026, 11, 27)),
    ("星期五", date(2026, 11, 27)),
    ("礼拜五", date(2026, 11, 27)),
    ("周三", date(2026, 11, 25)),  # the coming one: today when today
    ("星期日", date(2026, 11, 29)),
    ("周一", date(2026, 11, 30)),
    ("下周一", date(2026, 11, 30)),
    ("下星期一", date(2026, 11, 30)),
    ("下周五", date(2026, 12, 4)),
    ("下下周一", date(2026, 12, 7)),
    ("12月3号", date(2026, 12, 3)),
    ("12月3日", date(2026, 12, 3)),
    ("十二月五日", date(2026, 12, 5)),
    ("12.3", date(2026, 12, 3)),
    ("12-3", date(2026, 12, 3)),
    ("11月25号", date(2026, 11, 25)),
    ("1月5号", date(2027, 1, 5)),  # already past this year: next year
    ("十一月二十号", date(2026, 11, 20)),  # five days ago: that day, not next year's
    ("九月二十号", date(2027, 9, 20)),  # two months ago and more: next year's
    ("2027年1月5日", date(2027, 1, 5)),
    ("下个月2号", date(2026, 12, 2)),
    ("3号", date(2026, 12, 3)),  # already past this month: next month
    ("30号", date(2026, 11, 30)),
    ("31号", date(2026, 12, 31)),  # November has no 31st
    ("廿八号", date(2026, 11, 28)),
    ("三天后", date(2026, 11, 28)),
    ("这周末", date(2026, 11, 28)),
    ("月底", date(2026, 11, 30)),
])
def test_dates(text: str, expected: date) -> None:
    found = find_date(text, TODAY)
    assert found is not None and found.value == expected


def test_year_rollover_in_december() -> None:
    today = date(2026, 12, 30)
    assert find_date("明天", today).value == date(2026, 12, 31)
    assert find_date("后天", today).value == date(2027, 1, 1)
    assert find_date("下周一", today).value == date(2027, 1, 4)
    assert find_date("2号", today).value == date(2027, 1, 2)
    assert find_date("下个月2号", today).value == date(2027, 1, 2)


def test_month_rollover() -> None:
    assert find_date("大后天", date(2026, 1, 30)).value == date(2026, 2, 2)
    assert find_date("30号", date(2026, 1, 31)).value is None  # the next 30th would be in February


@pytest.mark.parametrize("text", ["2月30号", "13月2号", "4月31日", "2026年2月29日", "二月三十日"])
def test_impossible_dates_are_none(text: str) -> None:
    found = find_date(text, TODAY)
    assert found is not None and found.value is None


@pytest.mark.parametrize("text", ["", "3号窗口", "2.5天", "身份证", "周末能办吗", "12345"])
def test_no_date(text: str) -> None:
    found = find_date(text, TODAY)
    assert found is None or found.value is None


@pytest.mark.parametrize(("text", "expected"), [
    ("上午十点", time(10, 0)),
    ("下午两点半", time(14, 30)),
    ("9点", time(9, 0)),
    ("早上9点半", time(9, 30)),
    ("下午3点15", time(15, 15)),
    ("下午3点15分", time(15, 15)),
    ("14:30", time(14, 30)),
    ("下午 两点", time(14, 0)),
    ("一点", time(13, 0)),
    ("两点", time(14, 0)),
    ("五点", time(17, 0)),
    ("十二点", time(12, 0)),
    ("中午一点", time(13, 0)),
    ("三点一刻", time(15, 15)),
    ("两点零五", time(14, 5)),
    ("十点十分", time(10, 10)),
    ("明天下午三点", time(15, 0)),
    ("上午十点二手房过户", time(10, 0)),
    ("10am", time(10, 0)),
    ("3pm", time(15, 0)),
])
def test_times(text: str, expected: time) -> None:
    found = find_time(text)
    assert found is not None and found.value == expected


@pytest.mark.parametrize("text", ["快一点", "有一点问题", "几点", "一点点", "25点", "到时候"])
def test_no_time(text: str) -> None:
    assert find_time(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("廿三", 23),
    ("九十九", 99), ("一百", 100), ("一百零五", 105), ("二〇二六", 2026), ("12", 12), ("十十", None), ("", None),
])
def test_chinese_numbers(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def test_numerals_before_a_unit() -> None:
    assert digits_before("老人八十五岁了", "岁") == "老人85岁了"


def test_the_first_working_day_after_a_festival():
    from datetime import date

    from intents.dates import find_date
    found = find_date("元旦后第一个工作日上午十点", date(2026, 12, 28))
    assert found is not None and found.value == date(2027, 1, 4)  # 1-2 and 1-3 are a weekend
    after_national_day = find_date("国庆过后上班第一天", date(2026, 9, 1))
    assert after_national_day is not None and after_national_day.value == date(2026, 10, 8)  # 10-1…10-7 off

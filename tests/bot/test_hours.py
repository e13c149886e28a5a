"""Opening hours from the catalog: a hall, the kiosk's own hall, all halls, a day asked about."""

from __future__ import annotations

import pytest


async def test_a_hall_named_gets_its_hours(say):
    reply = await say("智慧新城大厅几点开门？")
    assert "09:00" in reply.text and "周六 09:00-12:00" in reply.text and "智慧新城" in reply.text


async def test_a_street_hall_is_closed_on_saturday(say):
    reply = await say("张槎的大厅周六开不开？")
    assert "张槎" in reply.text and "不办公" in reply.text and "区行政服务中心" not in reply.text.split("\n")[0]


async def test_a_day_asked_about_names_the_halls_open(say):
    reply = await say("周六开吗？")  # Saturday 28 November
    assert reply.text.startswith("11月28日（周六）开放的大厅：区行政服务中心")


async def test_a_holiday_is_said(say):
    reply = await say("国庆节开门吗")  # 2027-10-01: a fixed-date holiday, though the year's calendar is unknown
    assert "不办公" in reply.text


@pytest.mark.parametrize("question", ["几点下班", "中午休息吗"])
async def test_all_halls_with_the_lunch_break(say, question):
    reply = await say(question)
    assert "17:30" in reply.text and "12:00-13:30午休" in reply.text

"""Conversations that hold: answers in the citizen's own words, interruptions, refusals with reasons."""

from __future__ import annotations

import pytest

from appointments.models import BookingRow


@pytest.mark.parametrize("answer", ["外省户籍", "户口是湖南的", "我不是广东的", "外地户口"])
async def test_the_situation_is_answered_in_own_words(say, answer):
    asked = await say("换身份证要带什么")
    assert "哪种情形" in asked.text
    notice = await say(answer)
    assert "外省户籍" in notice.text and "哪种情形" not in notice.text


async def test_traditional_characters_answer_the_situation(say):
    await say("换身份证要带什么")
    notice = await say("廣東省戶籍")
    assert "广东省户籍" in notice.text and "居民户口簿" in notice.text


async def test_an_answer_not_understood_is_asked_again_with_help_and_the_booking_kept(say):
    await say("预约办护照")
    again = await say("嗯那个什么来着")
    assert "没听明白" in again.text and again.choices  # the same hall question, with its options
    twice = await say("哎呀")
    assert "不约了" in twice.text and "转人工" in twice.text
    days = await say("祖庙")
    assert "请选择日期" in days.text and "祖庙" in days.text


async def test_another_question_mid_booking_is_answered_and_the_booking_resumes(say):
    await say("下周一上午去祖庙办护照")
    aside = await say("你们周六开门吗")
    assert "还要继续吗" in aside.text
    resumed = await say("继续")
    assert "请确认预约" in resumed.text and "11月30日" in resumed.text
    done = await say("好的")
    assert "预约成功" in done.text


async def test_giving_up_a_booking_is_said(say):
    await say("预约办护照")
    reply = await say("算了不约了")
    assert "先不约了" in reply.text
    assert await BookingRow.all().count() == 0


async def test_a_district_not_served_gets_the_halls_that_are(say):
    reply = await say("帮我约南海的政务中心办居住证")
    assert "禅城" in reply.text and "南海" in reply.text and reply.choices


async def test_a_holiday_is_refused_with_its_reason_not_as_full(say):
    reply = await say("我想约元旦那天去祖庙办护照")
    assert "约满" not in reply.text
    assert "14天" in reply.text or "元旦" in reply.text or "节假日" in reply.text


async def test_a_changed_date_in_the_same_message_wins(say):
    await say("明天上午去祖庙办护照")
    moved = await say("等一下，明天没空，改成下周一上午10点")
    assert "11月30日" in moved.text and "10:00" in moved.text


async def test_whether_to_book_is_answered(say):
    reply = await say("办护照要预约吗")
    assert "可以不预约" in reply.text and "回复“预约”" in reply.text
    assert await BookingRow.all().count() == 0


async def test_the_greeting_menu_is_chosen_by_number(say):
    await say("你好")
    guide = await say("1")
    assert "办事指南" in guide.text and guide.choices
    notice = await say("3")  # the third popular item
    assert "【" in notice.text


@pytest.mark.parametrize("topic", ["社保", "医保", "驾照"])
async def test_a_bare_topic_is_offered_as_its_items(say, topic):
    reply = await say(topic)
    assert "暂时答不了" not in reply.text
    assert reply.choices or "【" in reply.text


async def test_a_follow_up_in_other_words_stays_on_the_item(say):
    await say("换身份证要带什么")
    await say("1")
    reply = await say("多久能拿到新证？")
    assert "工作日" in reply.text

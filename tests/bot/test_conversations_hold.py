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


async def test_what_every_situation_needs_is_told_with_the_situation_question(say):
    asked = await say("高龄津贴要带啥")
    assert "哪种情形" in asked.text and "老人居民身份证" in asked.text  # common to both situations
    assert "代办人居民身份证" not in asked.text  # only for a proxy: after the answer


@pytest.mark.parametrize("place", ["我户口在湖南", "我戶口在湖南", "户口不在广东，在四川"])
async def test_a_place_answers_the_situation_after_the_notice(say, place):
    await say("身份证到期了怎么换")  # a notice for the usual situation first
    notice = await say(place)
    assert "外省户籍" in notice.text and "户口迁入" not in notice.text


async def test_where_it_is_done_is_not_where_the_household_is(say):
    await say("换身份证要带什么")
    await say("湖南户口的")
    reply = await say("那能在佛山直接换不？")
    assert "按“广东省户籍”" not in reply.text


async def test_a_change_of_hall_keeps_the_time_asked_for(say):
    await say("约下周一上午十点去祖庙办居住证")
    moved = await say("等等，还是改去石湾吧，时间不变")
    assert "请确认预约" in moved.text and "石湾" in moved.text and "10:00" in moved.text


async def test_a_new_day_keeps_the_time_only_when_told(say):
    await say("约下周一上午九点去南庄办医保")
    kept = await say("哦等一下，还是后天吧，时间不变")
    assert "11月27日" in kept.text and "09:00" in kept.text and "请确认预约" in kept.text


async def test_moving_a_booking_to_a_time_keeps_its_day(say):
    await say("约下周一上午十点智慧新城，办护照")
    await say("确认")
    moved = await say("我想改成同一天下午三点")
    assert "11月30日" in moved.text and "15:00" in moved.text


@pytest.mark.parametrize("confirm", ["好的好的谢谢你", "好，刚才那个预约确认一下", "确认，唔该晒"])
async def test_a_confirmation_in_a_sentence_books(say, confirm):
    await say("约下周一上午十点去祖庙办护照")
    done = await say(confirm)
    assert "预约成功" in done.text


async def test_not_a_confirmation_does_not_book(say):
    await say("约下周一上午十点去祖庙办护照")
    reply = await say("先不要确认，我再想想")
    assert "预约成功" not in reply.text
    assert await BookingRow.all().count() == 0


async def test_a_question_about_the_item_mid_booking_is_answered_aside(say):
    await say("约后天上午九点半去智慧新城提取公积金")
    aside = await say("提取一般多久到账？")
    assert "工作日" in aside.text or "即办" in aside.text
    assert "还要继续吗" in aside.text
    done = await say("好的，确认预约")
    assert "预约成功" in done.text


@pytest.mark.parametrize("say_day", ["约元旦", "我想预约一月一号去智慧新城办点事情"])
async def test_a_day_no_hall_can_give_is_refused_before_the_item_is_asked(say, say_day):
    reply = await say(say_day)
    assert "14天" in reply.text and "约满" not in reply.text and "哪项业务" in reply.text


async def test_near_items_are_told_apart_by_their_own_words(say):
    reply = await say("我要办营业执照变更")
    assert "营业执照变更登记" in reply.text and "哪一项" not in reply.text


@pytest.mark.parametrize(("question", "expected"), [
    ("婚姻登记要带户口本吗", "不用带户口本"),  # since the 2025 regulation: not asked for
    ("结婚登记要带身份证吗", "需要"),  # in every situation, in its own words
    ("社保卡需要带照片吗", "需要"),
    ("高龄津贴要带委托书吗", "【高龄津贴申领】子女或他人代办的情形才需要"),
    ("办护照要带结婚证吗", "不用带"),
])
async def test_a_yes_or_no_about_one_material(say, question, expected):
    reply = await say(question)
    assert reply.text.startswith(expected)


async def test_a_district_not_served_named_with_a_generic_hall_word(say):
    reply = await say("顺德大良的行政服务中心能在这里预约吗？")
    assert "顺德" in reply.text and "禅城" in reply.text and reply.choices


async def test_an_item_named_clearly_while_others_are_on_screen_is_a_new_question(say):
    await say("你好")
    await say("1")  # the popular items on screen; marriage is not among them
    reply = await say("结婚登记要带啥")
    assert "结婚登记" in reply.text and "城乡居民医疗保险" not in reply.text


async def test_a_bare_topic_is_named_in_the_choice(say):
    reply = await say("社保")
    assert "“社保”" in reply.text and len(reply.choices) > 1


async def test_giving_up_at_the_confirmation_is_kept_quietly_for_a_change_of_mind(say):
    await say("预约石湾 明天下午2点 办社保卡")
    dropped = await say("不了，先不约了")
    assert "先不约了" in dropped.text and "请回复序号" not in dropped.text
    other = await say("换身份证要多少钱")
    assert "还要继续吗" not in other.text  # a dropped booking is not recalled
    again = await say("哎还是约吧，就刚才那个时间")
    assert "请确认预约" in again.text and "14:00" in again.text
    done = await say("确认")
    assert "预约成功" in done.text


async def test_how_long_until_the_money_arrives_is_not_the_queue(say):
    await say("医疗费用零星报销要带什么")
    reply = await say("要等多久钱才能到账啊")
    assert "预约码" not in reply.text and ("工作日" in reply.text or "即办" in reply.text)


async def test_a_hall_that_cannot_keeps_the_hall_chosen_before(say):
    await say("约下周一上午十点在祖庙办护照")
    reply = await say("等下，还是去石湾吧，离我家近")
    assert "仍按祖庙行政服务中心" in reply.text and "请确认预约" in reply.text and "10:00" in reply.text
    assert "预约成功" in (await say("确认")).text


async def test_the_only_hall_that_can_is_taken_with_the_day_kept(say):
    await say("帮我约个号，下周三去石湾")
    reply = await say("换驾照，到期了")
    assert "只有区行政服务中心可以办理" in reply.text and "12月2日" in reply.text


async def test_a_day_closed_at_one_hall_is_kept_for_another(say):
    refused = await say("这周六上午能去祖庙办护照不")
    assert "周六" in refused.text and "区行政服务中心" in refused.text  # open that Saturday
    moved = await say("行吧那就去区中心，十点")
    assert "11月28日" in moved.text and "10:00" in moved.text and "请确认预约" in moved.text


async def test_a_booking_set_aside_is_confirmed_in_a_sentence(say):
    await say("约后天上午十点南庄办高龄津贴")
    await say("另外我要投诉上次给我办事的工作人员")
    done = await say("好了，刚才的预约帮我确认一下")
    assert "预约成功" in done.text


async def test_the_same_time_said_again_at_the_confirmation_is_not_a_hall_question(say):
    await say("我要预约，明天上午，去区中心办退休金")
    reply = await say("九点钟吧，早点去人少")
    assert "请确认预约" in reply.text and "09:00" in reply.text


async def test_a_situation_told_after_an_interruption(say):
    await say("换身份证要带什么")
    await say("等下，先帮我查下BJ20261203000777办到哪了")
    reply = await say("好吧，回到身份证，我是外省户籍")
    assert "外省户籍" in reply.text and "暂时答不了" not in reply.text

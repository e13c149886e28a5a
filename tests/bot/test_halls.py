"""Questions about the halls, and what follows a complaint or a call for a person."""

from __future__ import annotations

from progress.models import Complaint


async def test_where_a_hall_is(say):
    reply = await say("那张槎的大厅在哪儿")
    assert "张槎一路113号" in reply.text and "0757" in reply.text


async def test_which_halls_are_served(say, catalog):
    reply = await say("咁你哋有边几个大厅")
    assert all(h.name in reply.text for h in catalog.halls.values())


async def test_a_district_not_served_is_said_with_the_halls_that_are(say):
    reply = await say("南海那边也是你们管吗")
    assert "南海" in reply.text and "祖庙街道行政服务中心" in reply.text and "暂时答不了" not in reply.text


async def test_a_hall_question_mid_booking_is_answered_aside(say):
    await say("约下周一上午十点去南庄办医保")
    aside = await say("等等，你们张槎大厅在哪里")
    assert "张槎一路113号" in aside.text and "还要继续吗" in aside.text
    resumed = await say("继续")
    assert "南庄" in resumed.text and "请确认预约" in resumed.text


async def test_a_visit_on_a_closed_day_asked_as_a_question_is_refused_with_the_reason(say):
    reply = await say("礼拜日可唔可以去石湾办居住证")
    assert "周日" in reply.text and "不办公" in reply.text and "约满" not in reply.text


async def test_the_details_after_a_complaint_are_added_to_it(say):
    await say("我想投诉，张槎嗰个窗口啲人好冇礼貌")
    added = await say("系呀，今朝先发生嘅事")
    assert "已补充到您的投诉" in added.text
    row = await Complaint.get()
    assert "补充：" in row.text and "今朝" in row.text


async def test_waiting_for_a_person_is_answered(say):
    await say("转人工")
    reply = await say("好的，我等一下")
    assert "请稍等" in reply.text and "暂时答不了" not in reply.text
    other = await say("换身份证要带什么")
    assert "身份证" in other.text and "请稍等" not in other.text  # a real question is answered


async def test_thanks_while_waiting_for_a_person_are_answered(say):
    await say("转人工")
    reply = await say("好，多谢")
    assert "不客气" in reply.text and "人工客服" in reply.text


async def test_a_proxy_may_go_with_what_the_item_asks_of_them(say):
    await say("高龄津贴怎么领")
    reply = await say("他腿脚不方便能不能我替他去办啊")
    assert "委托书" in reply.text and "代办人居民身份证" in reply.text


async def test_a_proxy_asked_about_after_the_notice(say):
    await say("高龄津贴要带什么")
    await say("1")
    reply = await say("要佢本人去咩")
    assert "可以由他人代办" in reply.text and "委托书" in reply.text


async def test_coming_in_person_as_the_catalog_says(say):
    reply = await say("结婚登记两个人都要去吗")
    assert "双方必须亲自到场" in reply.text


async def test_a_detail_with_a_past_day_after_a_complaint_is_not_a_booking(say):
    await say("我要投訴，櫃檯人員態度很差，講話很不耐煩")
    reply = await say("是昨天下午在祖廟大廳發生的")
    assert "已补充到您的投诉" in reply.text and "过去" not in reply.text


async def test_a_paid_question_is_about_the_fee(say):
    await say("低保怎么申请")
    reply = await say("要交什么钱吗")
    assert "免费" in reply.text or "元" in reply.text


async def test_the_hall_said_last_is_the_one_wanted(say):
    await say("预约下周二上午九点在张槎办社保卡")
    reply = await say("哦不对，张槎太远了，我想去南庄那边")
    assert "南庄镇行政服务中心" in reply.text and "请确认预约" in reply.text


async def test_the_halls_asked_about_while_a_notice_is_on_screen(say, catalog):
    await say("驾照到期怎么换")
    reply = await say("噉禅城有边几个大厅？")
    assert all(h.name in reply.text for h in catalog.halls.values())


async def test_a_proxy_asked_in_words_of_booking(say):
    await say("我身份证丢了 咋整啊")
    reply = await say("能让我老公帮我去办不")
    assert "请选择大厅" not in reply.text and ("代办" in reply.text or "本人" in reply.text)


async def test_where_at_a_kiosk_is_the_kiosks_hall_only_with_no_item(say):
    reply = await say("在哪里", channel="robot")
    assert "暂时答不了" not in reply.text

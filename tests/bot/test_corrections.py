"""A citizen corrects themselves, declines and asks something else, or asks about the booking rules
mid-flow: the conversation follows, and nothing is booked or cancelled by mistake."""

from __future__ import annotations

import pytest

from appointments.models import BookingRow


async def test_another_item_named_at_the_confirmation_replaces_the_one_on_screen(say):
    await say("下周一上午十点去区中心办社保卡")
    corrected = await say("等下 搞错了 我要办的是失业登记 不是社保卡")
    assert "请确认预约" in corrected.text and "失业登记" in corrected.text and "社会保障卡" not in corrected.text
    booked = await say("对 就这样")
    assert "预约成功" in booked.text
    row = await BookingRow.get()
    assert row.item == "unemployment_registration"


async def test_declining_a_booking_then_asking_about_materials_drops_it_and_answers(say):
    await say("我要预约办护照")
    reply = await say("算了先不约了 我先问问护照要带什么材料")
    assert reply.text.startswith("好的，先不约了")
    assert "居民身份证" in reply.text and "请选择大厅" not in reply.text
    assert "还要继续吗" not in reply.text  # dropped, not set aside as a question beside it
    assert await BookingRow.all().count() == 0


async def test_the_last_bookable_day_is_told_and_the_question_asked_again(say):
    await say("我想预约12月20日去区中心办社保卡")
    reply = await say("最晚能约到哪天")
    assert "最晚能约到12月9日（周三）" in reply.text  # 11-25 + 14 days
    assert "请选择日期" in reply.text or "请另选日期" in reply.text


async def test_the_booking_window_asked_outside_a_booking(say):
    reply = await say("预约最多可以提前几天")
    assert "14天" in reply.text and "12月9日" in reply.text and "预约" in reply.text


async def test_a_cancellation_inside_the_cut_off_is_refused_at_once(say):
    await say("帮我约今天上午十一点去祖庙办城乡居民医保参保")
    assert "预约成功" in (await say("确认")).text
    reply = await say("哎呀来不及了 还是取消吧")
    assert "2小时内不能在线取消" in reply.text and "确认取消" not in reply.text
    assert (await BookingRow.get()).status == "booked"


async def test_a_cancellation_before_the_cut_off_still_asks_to_confirm(say):
    await say("帮我约明天上午十点去祖庙办城乡居民医保参保")
    await say("确认")
    reply = await say("取消预约")
    assert "确定要取消" in reply.text


async def test_cancel_and_book_again_at_another_day_moves_the_booking(say):
    await say("帮我约下周一下午三点半在石湾办临时救助")
    await say("确认")
    moving = await say("把这个取消了，下周二同一时间重新约一个")
    assert "请确认改约" in moving.text and "12月1日（周二）15:30" in moving.text
    moved = await say("确认")
    assert "已改约" in moved.text
    rows = await BookingRow.all()
    assert len(rows) == 1 and rows[0].status == "booked" and rows[0].starts_at.day == 1


async def test_an_item_and_ne_asks_the_same_question_about_it(say):
    asked = await say("护照多少钱")
    assert "120元" in asked.text
    reply = await say("港澳通信证呢")
    assert "60元" in reply.text and "哪种情形" not in reply.text


async def test_a_booking_said_after_a_notice_is_no_situation(say):
    await say("换身份证要带什么")
    await say("外省的")
    reply = await say("那约后天下午四点祖庙")
    assert "请确认预约" in reply.text and "11月27日（周五）16:00" in reply.text


async def test_in_a_hurry_names_the_temporary_card(say):
    await say("身份证不见了 怎么补")
    reply = await say("后天就要坐高铁回老家 等不了那么久")
    assert "临时身份证" in reply.text


async def test_the_kiosk_points_to_the_halls_own_help_for_facilities(say):
    reply = await say("洗手间在哪", channel="robot")
    assert "导办台" in reply.text and "暂时答不了" not in reply.text
    chat = await say("洗手间在哪")  # in a chat nobody stands in a hall
    assert "导办台" not in chat.text


async def test_a_suggestion_is_thanked_for_as_a_suggestion(say):
    reply = await say("提个建议，周六下午也开一下吧，上班族平时没空")
    assert "感谢您的建议" in reply.text and "投诉" not in reply.text


async def test_a_question_after_a_complaint_is_answered_not_added_to_it(say):
    await say("我要投诉，窗口态度很差")
    aside = await say("顺便问下，周六哪个大厅开门")
    assert "区行政服务中心" in aside.text and "已补充" not in aside.text
    when = await say("什么时候给我答复")
    assert "1个工作日" in when.text
    hotline = await say("我能打电话投诉吗")
    assert "12345" in hotline.text and "已补充" not in hotline.text
    more = await say("希望你们多开几个窗口")
    assert "建议" in more.text


async def test_who_must_come_asked_mid_booking_keeps_the_booking(say):
    await say("下周一下午三点去区中心办结婚登记")
    rule = await say("我老婆来不了，我一个人去行吗")
    assert "亲自" in rule.text and "还要继续吗" in rule.text and "先不约了" not in rule.text
    booked = await say("那好吧，她请个假，确认")
    assert "预约成功" in booked.text


async def test_cantonese_yes_confirms(say):
    await say("下周一上午十点去祖庙办护照")
    assert "预约成功" in (await say("係咁啦")).text


async def test_the_first_working_day_after_new_year_is_a_day_to_book(say):
    reply = await say("帮我约元旦后第一个工作日上午十点去区中心办护照")
    assert "超出了可预约" in reply.text and "1月4日" in reply.text  # now is 11-25: too far, but read right


async def test_my_reminders_lists_the_topics_turned_on(say):
    await say("身份证快到期了，到时候提醒我")
    await say("2027年5月20号到期")
    listed = await say("我的提醒")
    assert "已开启的提醒：身份证" in listed.text


async def test_an_expiry_day_told_with_the_card_named_is_kept_not_booked(say):
    await say("驾驶证到期提醒我")
    reply = await say("驾驶证是2027年8月1号到期的")
    assert "记下了" in reply.text and "2027年8月1日" in reply.text and "预约" not in reply.text.split("\n")[0]


async def test_no_more_reminders_mid_booking_is_no_to_the_reminders(say):
    await say("预约办护照")
    reply = await say("不要再提醒了")
    assert "已关闭" in reply.text and "先不约了" not in reply.text


@pytest.mark.parametrize(("said", "item_name"), [
    ("开一间肠粉店要办啲咩", "食品经营许可证"),
    ("我妈明年3月满80，到时候可以领什么", "高龄津贴"),
    ("冇咗份工，有冇得帮下", "失业保险金"),
])
async def test_life_situations_in_own_words_name_the_item(say, said, item_name):
    assert item_name in (await say(said)).text


async def test_a_question_after_a_complaint_about_an_item_is_about_that_item(say):
    await say("投诉：石湾窗口让我跑了三次都没办成居住证")
    reply = await say("那要去哪里办")
    assert "办理地点" in reply.text and "已补充" not in reply.text


async def test_a_day_said_not_to_be_the_one_gives_way_to_the_next(say):
    await say("帮我约后天下午两点办社保卡，在张槎")
    reply = await say("说错了，不是后天是明天")
    assert "请确认预约" in reply.text and "11月26日（周四）14:00" in reply.text


async def test_a_hall_turned_down_for_another_moves_the_booking_in_progress(say):
    await say("下周一上午十点去祖庙办港澳通行证")
    reply = await say("等下，祖庙不去了，改成区中心吧")
    assert "请确认预约" in reply.text and "禅城区行政服务中心" in reply.text and "取消" not in reply.text


async def test_another_item_said_while_a_situation_is_asked(say):
    await say("驾驶证到期换证要带什么")
    reply = await say("哦不是到期，是我驾照弄丢了")
    assert "驾驶证补领" in reply.text


async def test_say_again_repeats_the_question_on_screen(say):
    await say("下周一上午十点去石湾换身份证")
    again = await say("几点？你再说一次")
    assert "请确认预约" in again.text and "10:00" in again.text
    await say("算了不约了")
    await say("高龄津贴要带什么")
    repeated = await say("你再说一遍 我眼睛不好没看清楚")
    assert "高龄津贴" in repeated.text and "哪种情形" in repeated.text


async def test_a_life_event_asked_broadly_offers_its_bundle_and_reads_later_questions_in_it(say):
    offered = await say("老婆上周生了，宝宝的事要办哪些")
    assert "新生儿出生一件事" in offered.text
    materials = await say("上户口要带什么")
    assert "出生医学证明" in materials.text and "户口迁入" not in materials.text


async def test_a_booking_for_an_item_said_loosely_asks_which_one(say):
    reply = await say("下周一上午去祖庙办身份证")
    assert "预约办哪一项" in reply.text and any("换领" in c.label for c in reply.choices)
    chosen = await say(str(next(n for n, c in enumerate(reply.choices, 1) if "换领" in c.label)))
    assert "请确认预约" in chosen.text and "居民身份证换领" in chosen.text


async def test_how_many_trips_is_told_with_the_process(say):
    await say("换身份证要带什么")
    reply = await say("要跑几趟啊 我腿不好")
    assert "最多跑1次" in reply.text


async def test_a_childs_age_names_the_childrens_situation(say):
    reply = await say("给孙子办社保卡，他才5岁")
    assert "为未满16周岁的孩子申领" in reply.text and "哪种情形" not in reply.text


async def test_a_hall_named_by_its_street(say):
    await say("补身份证要带什么")
    await say("只补正式的")
    reply = await say("那约后天上午十点，去和平路嗰个")
    assert "请确认预约" in reply.text and "石湾" in reply.text


async def test_whether_a_child_must_come_is_an_in_person_question(say):
    await say("宝宝刚出生怎么上户口")
    reply = await say("孩子能不能不去，我带户口本去就行")
    assert "新生儿出生登记" in reply.text and "暂时答不了" not in reply.text


async def test_a_bare_weekday_falls_in_the_week_of_the_day_on_screen(say):
    await say("下下周一上午十点去石湾办社保卡")  # 12-07
    reply = await say("等等，我那天要开会，改成周二同一时间")
    assert "12月8日（周二）10:00" in reply.text


async def test_a_time_asked_with_a_number_and_xing_bu_xing_is_a_time(say):
    await say("明天下午五点半去南庄办狗证")
    reply = await say("那五点行不行")
    assert "17:00" in reply.text and "请确认预约" in reply.text


async def test_an_item_named_well_enough_is_kept_when_the_day_is_refused(say):
    await say("帮我约12月20号去区中心办首次身份证")
    reply = await say("那12月9号下午两点")
    assert "居民身份证首次申领" in reply.text and "12月9日（周三）14:00" in reply.text


async def test_a_family_member_in_the_case_told_names_the_situation(say):
    await say("刚生了宝宝，户口怎么上")
    reply = await say("我老公是佛山户口，我是广西的，还没迁过来")
    assert "父母一方是外地户籍" in reply.text and "户口迁入" not in reply.text
    proxy = await say("孩子要抱过去吗")
    assert "新生儿出生登记" in proxy.text


async def test_packaged_food_names_the_filing(say):
    await say("想喺张槎开间小卖部，要办咩证")
    reply = await say("只卖包装好嘅零食饮料")
    assert "仅销售预包装食品" in reply.text


async def test_both_items_named_the_one_asked_about_stands(say):
    reply = await say("个体户都要做年报？")
    assert "企业年度报告" in reply.text
    deadline = await say("几时截止")
    assert "6月30日" in deadline.text
    late = await say("唔报会点")
    assert "经营异常" in late.text


async def test_where_to_do_it_with_ones_own_hall_says_whether_that_hall_does(say):
    await say("我想办退休")
    reply = await say("在哪里办 我家在南庄")
    assert "南庄行政服务中心不办理" in reply.text and "华宝南路" in reply.text


async def test_how_long_until_the_complaint_is_answered(say):
    await say("上次在石湾排了两个小时队，我要投诉")
    assert "1个工作日" in (await say("多久给我答复")).text


async def test_a_situations_own_step_is_told_with_where_and_how(say):
    await say("社保卡怎么弄啊")
    await say("之前那张不知道丢哪去了，找了好久")
    reply = await say("挂失在哪挂")
    assert "12333" in reply.text

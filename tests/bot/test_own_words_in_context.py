"""Answers in the citizen's own words read against what is under discussion: the first clause of
an answer with a remark after it, the citizen's own case as a situation of the item, a hall named
for the item, a material asked about that also names another item."""

from __future__ import annotations

from bot import respond
from bot.inbound import Inbound
from notify.models import LifeFact
from tests.conftest import NOV_25_10AM


async def test_a_day_and_time_first_then_a_remark_answer_the_date_question(say):
    offered = await say("我想约下周一去区中心办社保卡")
    assert "请选择" in offered.text or "可以约" in offered.text or "请确认" in offered.text
    await say("还是换个日子吧")
    reply = await say("那后天上午九点半可以吗，我老人家早上精神好")
    assert "请确认预约" in reply.text and "09:30" in reply.text
    done = await say("可以可以，就这样，确认")
    assert "预约码" in done.text


async def test_the_citizens_own_case_is_a_situation_of_the_item_under_discussion(say):
    await say("公积金怎么取")
    reply = await say("我是买房子的")
    assert "住房公积金提取" in reply.text and "买房" in reply.text and "不动产转移" not in reply.text


async def test_a_situation_told_after_an_aside_question(say):
    await say("换身份证要带啥")
    await say("你们几点下班啊")
    reply = await say("哦，我是外省户口")
    assert "居民身份证换领" in reply.text and "外省" in reply.text


async def test_a_hall_named_for_the_item_under_discussion(say):
    await say("低保要去哪里办")
    reply = await say("我住在南庄")
    assert "南庄" in reply.text and "禅港中路9号" in reply.text and "最低生活保障" in reply.text


async def test_a_material_asked_about_belongs_to_the_item_under_discussion(say):
    await say("低保要去哪里办")
    reply = await say("要带户口本吗")
    assert "最低生活保障" in reply.text and "户口簿" in reply.text and "哪一项" not in reply.text


async def test_a_day_in_the_past_tells_what_happened_it_books_nothing(say):
    reply = await say("我钱包昨天在公交上被偷了，身份证也在里面")
    assert "挂失补领" in reply.text and "请选择大厅" not in reply.text and "预约" not in reply.text.split("\n")[0]


async def test_here_at_a_kiosk_is_its_own_hall(assistant):
    inbound = Inbound(channel="robot", user="kiosk-visitor", kind="voice", message_id="m-here",
                      text="帮我约明天上午十点在这里办居住证", hall="zhangcha")
    reply = await respond(inbound, assistant, now=NOV_25_10AM)
    assert "张槎" in reply.text and "请选择大厅" not in reply.text


async def test_how_a_booking_code_is_used_is_answered_not_a_new_booking(say):
    reply = await say("那个预约码我要怎么用啊 到时候给谁看")
    assert "签到" in reply.text and "请选择大厅" not in reply.text


async def test_a_yearly_deadline_is_a_condition_of_the_item(say):
    await say("企业年报怎么报")
    reply = await say("每年截止到什么时候？")
    assert "6月30日" in reply.text


async def test_another_hall_after_a_halls_address(say):
    await say("祖庙大厅在哪")
    reply = await say("张槎的呢")
    assert "张槎一路113号" in reply.text


async def test_a_visit_day_after_the_hours_says_which_halls_open(say):
    await say("你们礼拜天开不开门啊")
    reply = await say("那我礼拜六上午去张槎那边行不行")
    assert "不办公" in reply.text and "区行政服务中心" in reply.text


async def test_a_cards_expiry_told_after_its_reminder_is_kept(say):
    asked = await say("我身份证快过期了，到时候你提醒我一下好不好")
    assert "哪天到期" in asked.text
    told = await say("明年一月十号到期")
    assert "2027年1月10日" in told.text
    fact = await LifeFact.get(fact="id_card_expires_on")
    assert fact.on.isoformat() == "2027-01-10" and fact.source == "said"
    corrected = await say("不对，是2027年2月10号")
    assert "2027年2月10日" in corrected.text
    assert (await LifeFact.get(fact="id_card_expires_on")).on.isoformat() == "2027-02-10"


async def test_holiday_opening_asked_after_the_hours(say):
    await say("你们大厅礼拜天开不开门")
    reply = await say("那元旦放假你们上不上班")
    assert "元旦" in reply.text and "不办公" in reply.text and "投诉" not in reply.text


async def test_an_application_number_copied_short_is_said_so(say):
    reply = await say("我的办建进度 BJ2026112500012")
    assert "14位" in reply.text and "13位" in reply.text


async def test_a_check_in_code_not_of_ours_is_named(say):
    reply = await say("我的预约码是K3X9P2，我要签到")
    assert "K3X9P2" in reply.text and "核对" in reply.text


async def test_every_situation_needing_an_id_card_is_told_with_the_common_materials(say):
    reply = await say("结婚登记要准备哪些材料")
    assert "居民身份证（按情形）" in reply.text and "哪种情形" in reply.text


async def test_a_plain_yes_with_halls_on_screen_takes_the_first_and_says_so(say):
    offered = await say("我想预约办居住证")
    assert "请选择大厅" in offered.text
    reply = await say("确认")
    assert "先按第1个大厅" in reply.text and "请选择大厅" not in reply.text


async def test_a_misheard_noon_before_a_clock_time_is_read_as_noon(say):
    await say("我想预约明天去张槎办居住证")
    reply = await say("上五十点")
    assert "10:00" in reply.text


async def test_a_yes_with_everything_else_said_books_at_the_first_hall(say):
    offered = await say("預約後天下午兩點半去石灣辦護照")  # 石湾 does not take passports
    assert "不受理" in offered.text
    booked = await say("確認")
    assert "预约码" in booked.text and "第1个大厅" in booked.text and "14:30" in booked.text


async def test_the_reminders_of_the_menu_are_chosen_in_words(say):
    await say("你好")
    listed = await say("5")
    assert "身份证到期" in listed.full_text() and "企业年报" in listed.full_text()
    turned_on = await say("身份证到期的那个")
    assert "已为您开启身份证提醒" in turned_on.text and "哪天到期" in turned_on.text
    told = await say("2027年3月15号")
    assert "2027年3月15日" in told.text


async def test_an_item_named_by_its_one_thing_among_offered_items(say):
    await say("社保")
    reply = await say("办卡那个")
    assert "社会保障卡申领" in reply.text and "请回复序号 1 到" not in reply.text


async def test_a_time_range_chosen_at_the_confirmation_moves_the_slot(say):
    await say("我想约后天上午九点去张槎办居住证")
    reply = await say("十点到十点半那个")
    assert "请确认预约" in reply.text and "10:00" in reply.text


async def test_next_week_without_a_day_offers_next_weeks_days_and_a_bare_weekday_is_in_it(say):
    offered = await say("我想约下周去祖庙办港澳通行证")  # Wednesday 25 November: next week starts on the 30th
    assert "11月30日" in offered.full_text() and "11月26日" not in offered.full_text()
    reply = await say("周三吧，下午")
    assert "12月2日" in reply.text


async def test_a_cantonese_yes_and_an_aside_question_mid_booking(say):
    await say("想约听日上昼十点去祖庙办居住证")
    asked = await say("到了大厅怎么签到")
    assert "预约码这样用" in asked.text and "继续" in asked.text
    await say("继续")
    booked = await say("得，就咁啦")
    assert "预约码" in booked.text


async def test_the_situation_said_with_a_hall_is_the_situation(say):
    await say("公积金咋取出来啊")
    reply = await say("租房子的 在张槎那边租的")
    assert "按“租房”的情形" in reply.text


async def test_a_visit_asked_for_the_item_under_discussion_is_a_booking(say):
    await say("居住证要带啥 我在祖庙这边租房住")
    reply = await say("那明天下午两点去祖庙办可以吗")
    assert "请确认预约" in reply.text and "14:00" in reply.text and "居住证" in reply.text


async def test_walking_in_without_a_booking_is_answered(say):
    reply = await say("我没有预约 现在能直接办身份证吗")
    assert "不预约" in reply.text and "取号" in reply.text


async def test_a_card_reminder_leads_to_its_renewal(say):
    await say("我身份证明年三月到期 到时候提醒我一下")
    reply = await say("换的时候要带什么")
    assert "居民身份证换领" in reply.text


async def test_what_comes_first_is_the_licence_the_item_needs(say):
    await say("我想开个奶茶店 要办哪些证")
    reply = await say("先办哪个")
    assert "先办" in reply.text and "营业执照" in reply.text and "食品经营许可证" in reply.text


async def test_another_item_of_a_life_event_asked_together_offers_the_life_event(say):
    await say("孩子下个月出生 要办哪些")
    await say("我跟我老婆户口都在禅城")
    reply = await say("医保也能一起办吗")
    assert "新生儿出生一件事" in reply.text


async def test_a_register_told_as_ones_own_case_is_the_situation_not_another_item(say):
    await say("我的身份证好像过期了 要怎么去换啊")
    reply = await say("我一直都是佛山户口的 没迁过")
    assert "居民身份证换领" in reply.text and "广东省户籍" in reply.text and "户口迁入" not in reply.text


async def test_by_the_way_at_the_confirmation_is_no_yes(say):
    await say("约后天上午十点在南庄办无犯罪记录证明")
    reply = await say("对了，这个要本人去吗，我想叫我老婆帮我去")
    assert "预约码" not in reply.text and "本人" in reply.text
    back = await say("那还是我自己去吧，继续刚才的预约")
    assert "请确认预约" in back.text and "10:00" in back.text


async def test_the_booking_set_aside_is_confirmed_when_referred_back_to(say):
    await say("约后天上午十点去区中心办社保卡")
    await say("办社保卡要带什么")
    reply = await say("好了说回来，刚刚那个预约帮我确认")
    assert "预约码" in reply.text


async def test_a_time_corrected_in_the_same_message_is_the_one_taken(say):
    await say("我想约后天早上九点去祖庙办高龄津贴")
    reply = await say("哦九点太早了，那十点可以吗")
    assert "10:00" in reply.text and "请确认预约" in reply.text


async def test_the_first_weekday_after_a_holiday(say):
    reply = await say("约元旦过后那个礼拜一上午去张槎办居住证")  # 25 November: 2027-01-04 is too far
    assert "1月4日" in reply.text


async def test_hours_asked_at_the_confirmation_are_answered_and_the_booking_kept(say):
    await say("约后天上午十点去区中心办社保卡")
    reply = await say("区中心中午休不休息")
    assert "12:00" in reply.text and "继续" in reply.text


async def test_a_kiosk_books_at_its_own_hall(assistant):
    inbound = Inbound(channel="robot", user="kiosk-visitor-2", kind="voice", message_id="m-own-hall",
                      text="明天上午十点的号还能约吗，我想办社保卡", hall="zhangcha")
    reply = await respond(inbound, assistant, now=NOV_25_10AM)
    assert "张槎" in reply.text and "请选择大厅" not in reply.text


async def test_a_time_already_past_is_said_before_the_halls_are_asked(say, clock):
    reply = await say("今天上午九点的号还能约吗，我想办社保卡")  # 25 November, 10:00
    assert "已经过了" in reply.text and "请先选择大厅" in reply.text


async def test_a_yes_said_again_after_a_correction_confirms(say):
    await say("约后天上午十点去区中心办社保卡")
    await say("不对，改成十一点")
    reply = await say("这回对了")
    assert "预约码" in reply.text and "11:00" in reply.text


async def test_the_lunch_break_is_named_as_the_reason(say):
    reply = await say("后天中午十二点半去祖庙办户口迁出，帮我约一下")
    assert "午休" in reply.text and "13:30" in reply.text

"""The rest of a notice by number, fee questions answered with the amounts, the kiosk's own hall."""

from dataclasses import replace

from bot.conversation import respond
from bot.inbound import Inbound

from ..conftest import NOV_25_10AM


async def test_a_number_after_the_notice_tells_that_part(say, catalog):
    item = catalog.item("resident_pension_enroll")  # no situations: the notice comes at once
    first = await say("城乡居民养老保险")
    labels = [c.label for c in first.choices]
    assert labels[:4] == ["办理条件", "地址和时间", "办理流程", "网上办理"] and labels[-1] == "预约"
    conditions = await say("1")
    assert conditions.text.startswith(f"【{item.name}】办理条件")
    assert all(c in conditions.text for c in item.conditions)
    where = await say("2")  # the offer stays open
    assert all(h.address in where.text for h in catalog.halls_for(item))
    process = await say("第三个")
    assert all(step in process.text for step in item.process)


async def test_the_last_number_starts_a_booking_for_the_item(say, catalog):
    first = await say("城乡居民养老保险怎么参保")
    booking = await say(first.choices[-1].value)
    assert "大厅" in booking.text or "日期" in booking.text  # the booking's first question, not the notice again
    assert "办理条件" not in booking.text


async def test_words_after_the_notice_are_still_their_own_question(say, catalog):
    item = catalog.item("resident_pension_enroll")
    await say("城乡居民养老保险怎么参保")
    duration = await say("那要多久？")
    assert duration.text.startswith(f"【{item.name}】办理时限")
    assert "所需材料" not in duration.text


async def test_a_question_about_sums_is_answered_with_the_amounts(say, catalog):
    item = catalog.item("resident_medical_insurance")
    reply = await say("居民医保每年交多少钱")
    assert reply.text.startswith((f"【{item.name}】收费标准", f"【{item.name}】金额标准"))
    assert item.fee in reply.text and all(a in reply.text for a in item.amounts)


async def test_a_follow_up_about_sums_refers_to_the_item(say, catalog):
    item = catalog.item("unemployment_benefit")
    reply = await say("失业保险金怎么申请")
    if reply.choices and not reply.sections:
        reply = await say("1")
    for asked in ("每个月有几多钱", "能领多少"):
        amounts = await say(asked)
        assert all(a in amounts.text for a in item.amounts), asked


async def test_a_kiosk_puts_its_own_hall_first(assistant, catalog):
    inbound = Inbound(channel="robot", user="kiosk-1:v1", kind="voice", message_id="r1", text="城乡居民养老保险",
                      hall="zumiao")
    for said in ("城乡居民养老保险", "城乡居民养老保险怎么参保"):
        reply = await respond(replace(inbound, text=said, user=said), assistant, now=NOV_25_10AM)
        assert "办理地点：本厅（祖庙街道行政服务中心）可以办理" in reply.text
        assert reply.text.index("办理地点") < reply.text.index("所需材料")


async def test_a_situation_told_in_own_words_after_the_notice_gets_its_notice(say, catalog):
    spent = next(s for s in catalog.item("temporary_assistance").situations if "支出" in s.name)
    await say("临时救助怎么申请")
    assert f"按“{spent.name}”的情形" in (await say("家里突然有人生大病 能申请吗")).text
    item = catalog.item("housing_fund_withdrawal")
    renting = next(s for s in item.situations if "租" in s.name)
    first = await say("公积金点样攞出嚟啊")
    assert item.name in first.text
    reply = await say("我租屋住嘅")
    assert f"按“{renting.name}”的情形" in reply.text
    assert all(m.name in reply.text for m in item.materials_for(renting.code))


async def test_words_not_understood_after_the_notice_say_what_can_be_asked(say, catalog):
    item = catalog.item("annual_report")
    await say("企业年报怎么报")
    reply = await say("我老板那边还没说清楚呢")
    assert item.name in reply.text and "要带什么" in reply.text
    assert reply.choices and reply.choices[-1].label == "预约"


async def test_an_aspect_asked_before_choosing_the_item_is_kept_for_after(say, catalog):
    offered = await say("身份证")
    assert len(offered.choices) >= 2
    again = await say("要多少钱")
    assert [c.label for c in again.choices] == [c.label for c in offered.choices]
    assert "收费标准" in again.text
    picked = await say("2")
    assert picked.text.startswith(f"【{offered.choices[1].label}】收费标准")


async def test_a_hall_the_catalog_does_not_know_is_no_own_hall(assistant):
    inbound = Inbound(channel="robot", user="kiosk-9:v1", kind="voice", message_id="r9", text="城乡居民养老保险",
                      hall="no_such_hall")
    reply = await respond(inbound, assistant, now=NOV_25_10AM)
    assert "本厅" not in reply.text and "个大厅均可办理" in reply.text

"""Guide conversations: context, numbered choices, situations, handoff, events."""

from bot.conversation import respond
from bot.inbound import Inbound
from bot.models import Handoff

from ..conftest import NOV_25_10AM


async def test_greeting_offers_the_menu(say):
    reply = await say("你好")
    assert "办事指南" in reply.text and "转人工" in reply.text


async def test_an_item_question_answers_its_aspect_first(say, catalog):
    reply = await say("失业登记要带什么材料")
    item = catalog.item("unemployment_registration")
    assert reply.text.startswith(f"【{item.name}】")
    if reply.choices:  # its situations differ: which one applies is asked first
        reply = await say("1")
    assert reply.sections[0][0] == "所需材料"
    assert "办理地点" in reply.text and "办理时限" in reply.text and "收费标准" in reply.text  # what to act on
    assert "办理条件" in [c.label for c in reply.choices]  # and the rest on offer by number


async def test_follow_ups_refer_to_the_item_under_discussion(say, catalog):
    item = catalog.item("resident_pension_enroll")  # no situations: the notice comes at once
    first = await say("城乡居民养老保险怎么参保")
    assert item.name in first.text
    assert "所需材料" in first.text and "收费标准" in first.text  # the complete notice, once
    duration = await say("那要多久？")
    assert duration.text.startswith(f"【{item.name}】办理时限")
    assert "所需材料" not in duration.text  # a follow-up is answered without repeating it all
    where = await say("在哪办")
    assert where.text.startswith(f"【{item.name}】办理地点")
    fee = await say("要钱吗")
    assert fee.text.startswith(f"【{item.name}】收费标准")


async def test_context_belongs_to_one_citizen(say):
    await say("城乡居民养老保险怎么参保", user="a")
    reply = await say("那要多久？", user="b")
    assert "城乡居民基本养老保险" not in reply.text


async def test_close_candidates_become_at_most_three_numbered_choices(say, catalog):
    reply = await say("身份证")
    assert 2 <= len(reply.choices) <= 3
    assert [c.value for c in reply.choices] == [str(n) for n in range(1, len(reply.choices) + 1)]
    names = {i.name: i for i in catalog.items.values()}
    assert all(c.label in names for c in reply.choices)
    second = names[reply.choices[1].label]
    picked = await say("2")
    assert second.name in picked.text


async def test_an_answer_out_of_range_repeats_the_choices(say):
    offered = await say("身份证")
    again = await say("9")
    assert [c.label for c in again.choices] == [c.label for c in offered.choices]


async def test_situations_are_asked_when_materials_differ(say, catalog):
    item = catalog.item("id_card_renewal")
    question = await say("换身份证要带什么")
    assert [c.label for c in question.choices] == [s.name for s in item.situations]
    chosen = item.situations[1]
    notice = await say("2")
    assert notice.text.startswith(f"【{item.name}】所需材料")
    listed = notice.sections[0][1]
    for material in item.materials:
        assert (material.name in listed) == (material in item.materials_for(chosen.code))


async def test_a_situation_said_up_front_is_not_asked_again(say, catalog):
    item = catalog.item("id_card_renewal")
    situation = item.situations[-1]
    reply = await say(f"{situation.name}的人换身份证要带什么")
    assert not {c.label for c in reply.choices} & {s.name for s in item.situations}
    assert f"按“{situation.name}”的情形" in reply.text


async def test_moving_on_while_choices_are_open_is_understood(say, catalog):
    await say("身份证")
    reply = await say("办护照要多少钱")
    assert reply.text.startswith(f"【{catalog.item('passport').name}】收费标准")


async def test_asking_for_a_person_opens_one_handoff_that_staff_see(say, assistant):
    reply = await say("转人工，我电话13812345678")
    assert "人工" in reply.text and "回复" in reply.text
    again = await say("转人工")
    assert "排队" in again.text
    handoffs = await Handoff.filter(user="citizen-1")
    assert len(handoffs) == 1
    assert handoffs[0].reason == "human" and handoffs[0].status == "open"
    assert "13812345678" not in handoffs[0].last_text  # personal data masked at rest


async def test_a_complaint_is_recorded_for_staff(say):
    reply = await say("窗口态度太差了我要投诉")
    assert "记录" in reply.text
    assert await Handoff.filter(reason="complaint").count() == 1


async def test_out_of_scope_gets_a_polite_answer_and_the_menu(say):
    reply = await say("今天天气怎么样")
    assert "抱歉" in reply.text and "办事指南" in reply.text


async def test_a_voice_message_without_recognition_asks_again(assistant):
    voice = Inbound(channel="wechat", user="o1", kind="voice", message_id="v1", media_id="m1")
    reply = await respond(voice, assistant, now=NOV_25_10AM)
    assert "再说一遍" in reply.text


async def test_unencodable_text_gets_an_answer_not_a_crash(say):
    reply = await say("护照\ud800要带什么")  # a lone surrogate, as JSON "\ud800" can carry
    assert reply.text

"""Life events in chat: offered in one short message for many phrasings, the one form walked in few
turns (several fields in one answer), submitted as one; the proof counts questions and materials
against doing the items one by one. On the robot: explained for the ear, a visit offered."""

from __future__ import annotations

import pytest

from handlers.robot_speech import speech_for
from lifeevents.form import fields_of
from lifeevents.materials import bundle_materials, one_by_one
from lifeevents.models import BundleSubmission
from lifeevents.submission import submission_of

PHONE_SCREEN = 320  # characters: one screen of a phone's chat, the numbered choices included


@pytest.mark.parametrize("text", [
    "我刚生了孩子要办什么", "宝宝出生了要办哪些手续", "生了二胎，都要办啥", "我老婆刚生了小孩，需要办什么证件",
    "孩子出生后要办什么手续", "出生一件事",
])
async def test_the_newborn_bundle_is_offered_in_one_short_message(say, text):
    reply = await say(text)
    assert reply.text.startswith("【新生儿出生一件事】")
    assert len(reply.full_text()) <= PHONE_SCREEN and "下一步" in reply.text


@pytest.mark.parametrize(("text", "bundle"), [("我要开公司，要办哪些手续", "开办企业一件事"),
                                              ("我退休了要办什么", "退休一件事")])
async def test_other_bundles_are_offered_too(say, text, bundle):
    assert (await say(text)).text.startswith(f"【{bundle}】")


@pytest.mark.parametrize("text", ["新生儿上户口要带什么", "社保卡怎么办", "退休了公积金怎么取"])
async def test_one_named_errand_still_gets_its_own_guide(say, text):
    assert "一件事" not in (await say(text)).text.split("\n")[0]


async def test_newborn_from_the_first_message_to_its_applications(say, assistant, catalog):
    """The proof: questions asked and materials requested, bundle vs the items one by one."""
    events = assistant.events
    bundle = events.bundles["newborn"]
    offer = await say("我刚生了孩子要办什么")
    form = await say("1")
    asked = [line for line in form.text.split("\n") if line[:1].isdigit()]
    second = await say("宝宝叫王小明，男孩，11月20日出生，证号Q440123456，父母都是本地户口")
    asked_again = [line for line in second.text.split("\n") if line[:1].isdigit()]
    confirm = await say("我叫王大明，44060419900101123X，13800138000")
    assert "请核对" in confirm.text and "王大明" in confirm.text and "4406**********123X" in confirm.text
    done = await say("1")
    assert "已提交！一件事编号：YJ" in done.text
    row = await BundleSubmission.get(citizen="citizen-1")
    _, apps = await submission_of(row.number, "citizen-1")
    assert [a.item for a in apps] == ["newborn_hukou", "resident_medical_insurance", "social_security_card"]
    assert [a.status for a in apps] == ["in_progress", "waiting", "waiting"]
    progress = await say(row.number)
    assert "报出生户口" in progress.text and "等待前序事项" in progress.text

    answers = dict(row.answers)
    questions_bundle = len(asked)  # each field asked once, in one message; the second message only re-asks
    materials_bundle = len(bundle_materials(bundle, catalog, answers))
    alone = one_by_one(bundle, events, catalog, answers)
    turns = 5  # offer, start, two answers, confirm
    print(f"\nnewborn bundle: {questions_bundle} questions ({len(asked_again)} asked again) in {turns} turns, "
          f"{materials_bundle} materials; one by one: {alone.questions} questions, {alone.materials} materials")
    assert questions_bundle == len(fields_of(bundle, events)) == 8
    assert len(asked_again) == 3  # only what the first answer did not give
    assert (alone.questions, alone.materials) == (21, 12)
    assert materials_bundle == 6
    assert offer.text.count("\n") <= 4


async def test_the_form_can_be_left_and_another_question_asked(say):
    await say("宝宝出生了要办哪些手续")
    await say("1")
    left = await say("算了")
    assert "先不办了" in left.text
    assert "护照" in (await say("办护照要带什么")).text


async def test_the_robot_explains_the_bundle_for_the_ear_and_offers_a_visit(say):
    reply = await say("我刚生了孩子要办什么", channel="robot")
    spoken = speech_for(reply)
    assert "出生一件事" in spoken and "预约" in spoken
    booked = await say("1", channel="robot")
    assert "预约" in booked.text

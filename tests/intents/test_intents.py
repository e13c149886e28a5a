"""Each of the contract's 13 intents, terse and colloquial, with their entities."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from intents import INTENTS, understand
from intents.cues import PRIORITY

from .conftest import NOW


@pytest.mark.parametrize(("text", "intent", "item", "aspect"), [
    ("我被公司辞退了能领钱吗", "ask_guide", "unemployment_benefit", None),
    ("嗯那个换身分证要带啥", "ask_guide", "id_card_renewal", "materials"),
    ("刚生了孩子", "ask_guide", "newborn_hukou", "general"),
    ("老人85岁有补贴吗", "ask_guide", "elderly_allowance", None),
    ("低保", "ask_guide", "subsistence_allowance", "general"),
    ("护照", "ask_guide", "passport", "general"),
    ("低保怎么申请", "ask_guide", "subsistence_allowance", "process"),
    ("申请低保要什么条件", "ask_guide", "subsistence_allowance", "conditions"),
    ("护照在哪里办", "ask_guide", "passport", "location"),
    ("护照多久能拿到", "ask_guide", "passport", "duration"),
    ("办护照要多少钱", "ask_guide", "passport", "fee"),
    ("无犯罪证明能网上开吗", "ask_guide", "no_criminal_record", "online"),
    ("身份證過期了點樣辦", "ask_guide", "id_card_renewal", "process"),
    ("唔该，社保卡喺边度办", "ask_guide", "social_security_card", "location"),
    ("要带什么材料", "ask_guide", None, "materials"),
    ("要几个工作日", "ask_guide", None, "duration"),  # 工作 names no item in 工作日
    ("公积金攞出嚟买楼要咩资料", "ask_guide", "housing_fund_withdrawal", "materials"),  # 买楼: what it is for
    ("BB啱啱出世，点样上户口", "ask_guide", "newborn_hukou", None),
    ("sfz过期了怎么换", "ask_guide", "id_card_renewal", None),
    ("我们两口子就生了一个儿子，现在退休了，听说有钱领", "ask_guide", "only_child_reward", None),
    ("我老伴前阵子住院花了不少钱 当时没刷医保卡 现在还能报吗", "ask_guide", "medical_reimbursement", None),
    ("护找要多少前", "ask_guide", "passport", "fee"),
    ("无犯罪证明几日有得攞", "ask_guide", "no_criminal_record", "duration"),
    ("那要多久", "ask_guide", None, "duration"),
])
def test_ask_guide(ask, text: str, intent: str, item: str | None, aspect: str | None) -> None:
    u = ask(text)
    assert (u.intent, u.item) == (intent, item)
    if aspect:
        assert u.aspect == aspect


@pytest.mark.parametrize(("text", "intent"), [
    ("我想预约下周一去办护照", "book_appointment"),
    ("帮我约明天上午十点", "book_appointment"),
    ("取消我明天的预约", "cancel_appointment"),
    ("明天有事去不了了", "cancel_appointment"),
    ("我约的是几点", "query_appointment"),
    ("查一下我的预约", "query_appointment"),
    ("BJ 2026 1125 0001 23 到哪一步了", "track_progress"),
    ("我的营业执照办到哪一步了", "track_progress"),
    ("护照办好了没", "track_progress"),
    ("帮我看看材料齐不齐", "precheck_materials"),
    ("我带了身份证和户口本够了吗", "precheck_materials"),
    ("身份证快到期了提醒我", "subscribe_reminder"),
    ("不要再给我发提醒了", "unsubscribe_reminder"),
    ("取消提醒", "unsubscribe_reminder"),
    ("窗口态度太差我要投诉", "complaint"),
    ("我要给你们提个建议", "complaint"),
    ("转人工", "human_agent"),
    ("人工客服", "human_agent"),
    ("找真人", "human_agent"),
    ("今天天气怎么样", "out_of_scope"),
    ("帮我写作业", "out_of_scope"),
    ("广州塔怎么去", "out_of_scope"),
    ("公交几点收班", "out_of_scope"),  # a bus of its own; 坐公交过去 to a hall is how one comes
    ("石湾的大厅在什么地方，我坐公交过去", "ask_guide"),
    ("你们能做些什么", "greet"),
    ("社保局旁边有什么好吃的", "out_of_scope"),  # a bare topic word does not make food a service
    ("算了不用人工了，居住证办下来要多久", "ask_guide"),  # a person turned down
    ("那我要怎么查", "track_progress"),
    ("那元旦放假你们上不上班", "ask_guide"),  # the hours, never a complaint
    ("你好", "greet"),
    ("在吗", "greet"),
    ("您好，有人吗", "greet"),
    ("谢谢", "thanks"),
    ("好的拜拜", "thanks"),
    ("唔该晒", "thanks"),
    ("好的，知道了，谢谢你", "thanks"),
])
def test_intents(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent


def test_every_intent_is_covered() -> None:
    assert set(PRIORITY) == set(INTENTS)


def test_booking_with_item_date_time_and_hall(ask) -> None:
    u = ask("帮我约明天上午十点去祖庙换身份证")
    assert u.intent == "book_appointment"
    assert (u.item, u.date, u.time, u.hall) == ("id_card_renewal", date(2026, 11, 26), time(10, 0), "zumiao")
    assert u.aspect is None  # aspect is for ask_guide only


def test_booking_next_monday(ask) -> None:
    u = ask("我想预约下周一去办护照")
    assert (u.item, u.date) == ("passport", date(2026, 11, 30))


def test_cancel_tomorrow(ask) -> None:
    assert ask("取消我明天的预约").date == date(2026, 11, 26)


def test_reminder_names_the_item(ask) -> None:
    assert ask("身份证快到期了提醒我").item == "id_card_renewal"


def test_greeting_before_a_question_is_not_a_greeting(ask) -> None:
    u = ask("你好，我想换身份证")
    assert (u.intent, u.item) == ("ask_guide", "id_card_renewal")


@pytest.mark.parametrize(("text", "number"), [("2", 2), ("第二个", 2), ("选3", 3), ("二", 2), ("第1个吧", 1)])
def test_bare_choice(ask, text: str, number: int) -> None:
    assert ask(text).number == number


def test_a_number_inside_a_sentence_is_no_choice(ask) -> None:
    assert ask("老人85岁有补贴吗").number is None


def test_off_topic_has_no_entities(ask) -> None:
    u = ask("今天天气怎么样")
    assert (u.item, u.date, u.hall) == (None, None, None)


def test_without_now_no_date_is_resolved(nlu) -> None:
    u = understand(nlu, "明天上午十点约护照", None)
    assert u.date is None and u.time == time(10, 0)


@pytest.mark.parametrize("text", ["", "   ", "？？？", "😀", "a" * 2000, "的了吗", "1234567890" * 30])
def test_odd_input_does_not_crash(ask, text: str) -> None:
    assert ask(text).intent in INTENTS


def test_contract_fields(ask) -> None:
    assert ask("帮我约明天下午两点半去石湾办护照").contract() == {
        "intent": "book_appointment", "item": "passport", "aspect": None, "date": "2026-11-26",
        "time": "14:30", "application_no": None, "hall": "shiwan",
    }


def test_now_in_another_zone_is_read_in_shanghai(nlu) -> None:
    from datetime import datetime
    late_utc = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # already the 26th in Shanghai
    assert understand(nlu, "明天", late_utc).date == date(2026, 11, 27)
    assert NOW.utcoffset().total_seconds() == 8 * 3600


def test_a_day_turned_down_is_no_booking_date_but_names_the_booking_cancelled(ask) -> None:
    assert ask("明天不行").date is None
    u = ask("我明天去不了了，把预约取消了吧")
    assert u.intent == "cancel_appointment" and u.date == NOW.date() + timedelta(days=1)

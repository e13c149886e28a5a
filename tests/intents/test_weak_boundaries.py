"""The weak boundaries: typed or heard slips of key words, greetings and thanks in Cantonese
or in longer messages, complaints in Cantonese, a document in hand and whether it will do."""

from __future__ import annotations

import pytest

from intents.normalize import build_normalizer

NORMALIZER = build_normalizer()


@pytest.mark.parametrize(("text", "expected"), [
    ("我要投素", "我要投诉"),  # the same sound, no word: the key word
    ("记得题醒我", "记得提醒我"),
    ("帮我预越", "帮我预约"),
    ("外面天汽冷不冷", "外面天气冷不冷"),
    ("体型", "体型"),  # a dictionary word stays
    ("天天汽车", "天天汽车"),  # 天天 and 汽车 are words
    ("克服困难", "克服困难"),
    ("给你号码", "给你号码"),  # 号码 is a word: 你号 is no greeting here
    ("写写作业", "写写作业"),  # 写作 is a word
    ("你号码是多少我要写写看", "你号码是多少我要写写看"),  # 你好 / 谢谢 only in a short message
    ("泥嚎", "你好"),
    ("蟹蟹你", "谢谢你"),
    ("架照到期换证在哪办", "驾照到期换证在哪办"),  # item words too
    ("公积今怎么提取", "公积金怎么提取"),  # three characters, one of them wrong
    ("婚因登记", "婚姻登记"),
    ("公鸡进来了", "公鸡进来了"),  # three characters all wrong: another thing said
    ("户口不在广东", "户口不在广东"),  # 不在 is a word: no 户口簿 here
    ("我们刚结婚正好有空", "我们刚结婚正好有空"),
])
def test_sound_alike_words(text: str, expected: str) -> None:
    assert NORMALIZER.clean(NORMALIZER.prepare(text)) == expected


@pytest.mark.parametrize(("text", "intent"), [
    ("你嚎呀", "greet"),
    ("妳好", "greet"),
    ("ni hao", "greet"),
    ("在么", "greet"),
    ("有冇人", "greet"),
    ("易门你好", "greet"),
    ("你好 我系第一次用呢个 有人在吗", "greet"),
    ("冇嘢喇 唔该", "thanks"),
    ("得喇得喇", "thanks"),
    ("xiexie", "thanks"),
    ("3q", "thanks"),
    ("好嘞 冇事喇", "thanks"),
    ("没有别的问题了", "thanks"),
    ("明白晒 真系太感谢你们了", "thanks"),
    ("今天天气怎么样 谢谢", "out_of_scope"),  # an off-topic cue is no thanks
    ("你们大厅的灯好不好看", "out_of_scope"),
])
def test_social_words(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent, text


@pytest.mark.parametrize(("text", "intent"), [
    ("排咗成个钟都仲未叫到我", "complaint"),
    ("等咗成三个钟", "complaint"),
    ("搞什么鬼 系统又坏了", "complaint"),
    ("你们窗口排队排到死", "complaint"),
    ("社保卡补办拖了这么久 到底有没有人管", "complaint"),
    ("建议你们把取号机的字做大一点", "complaint"),
    ("this app is so slow, terrible", "complaint"),
    ("我要头诉", "complaint"),
    ("失业金申请审核通过没有 等了好久了", "track_progress"),  # waiting long for one's own application
    ("我不会用手机打字 能不能打电话给你们", "human_agent"),
])
def test_complaints(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent, text


@pytest.mark.parametrize(("text", "intent"), [
    ("办护照 身份证复印件可以吗", "precheck_materials"),
    ("我带的是结婚证原件 没带复印件 能行不", "precheck_materials"),
    ("换驾照 体检表是上周的 能用吗", "precheck_materials"),
    ("身份证加户口本够了没 办居住证", "precheck_materials"),
    ("我带了户口本和照片 还差不差东西", "precheck_materials"),
    ("办身份证要带户口本复印件吗", "ask_guide"),  # what to bring: a guide question
    ("我要预约换身份证 这周六可以吗", "book_appointment"),  # a day, not a document
])
def test_a_document_in_hand(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent, text

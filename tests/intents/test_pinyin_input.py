"""Messages typed in pinyin read as Chinese: whole messages, pinyin beside characters, and the
Latin words that are no pinyin left alone."""

from __future__ import annotations

import pytest

from intents import Nlu
from intents.pinyin_input import PinyinInput


@pytest.mark.parametrize(("text", "item", "intent"), [
    ("shebaoka zenme ban", "social_security_card", "ask_guide"),
    ("hu zhao yao duo jiu", "passport", "ask_guide"),
    ("wo xiang yuyue ban juzhuzheng", "residence_permit", "book_appointment"),
    ("jiashizheng到期了怎么换", "driver_license_renewal", "ask_guide"),
    ("营业执照 zai nali ban", "company_registration", "ask_guide"),
])
def test_pinyin_messages_are_understood(ask, nlu: Nlu, text: str, item: str, intent: str) -> None:
    got = ask(text)
    assert (got.intent, got.item) == (intent, item), nlu.normalizer.normalise(text)


def test_dates_and_halls_in_pinyin(ask) -> None:
    got = ask("yuyue mingtian xiawu sandian zumiao ban shenfenzheng")  # NOW is Wednesday 2026-11-25
    assert got.intent == "book_appointment"
    assert (got.date.isoformat() if got.date else None, got.hall) == ("2026-11-26", "zumiao")


@pytest.mark.parametrize("text", ["ok", "app", "passport", "a", "id card", "hello world"])
def test_latin_words_that_are_no_pinyin_stay(nlu: Nlu, text: str) -> None:
    assert nlu.normalizer.pinyin_input is not None
    assert nlu.normalizer.pinyin_input.apply(text) == text


def test_own_words_before_everyday_homophones() -> None:
    reader = PinyinInput.build([("年鉴", 5000), ("年", 900), ("检查", 800)], ["年检"])
    assert reader.apply("nianjian") == "年检"
    assert PinyinInput.build([("年鉴", 5000), ("年", 900)], []).apply("nianjian") == "年鉴"


def test_spaces_are_not_needed_between_syllables_nor_words() -> None:
    reader = PinyinInput.build([("身份", 900), ("证件", 800), ("什么", 5000), ("要带", 300)], ["身份证"])
    assert reader.apply("shenfenzheng") == reader.apply("shen fen zheng") == "身份证"
    assert reader.apply("shenfenzheng yaodai shenme") == "身份证要带什么"

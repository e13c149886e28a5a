"""Short answers to Yimen's own questions are part of what a message means."""

from datetime import datetime

import pytest

from intents import understand

NOW = datetime.fromisoformat("2026-11-25T10:00:00+08:00")


@pytest.mark.parametrize(("text", "answer"), [
    ("好的", "yes"), ("确认", "yes"), ("確認", "yes"), ("OK", "yes"), ("ｏｋ", "yes"), ("可以。", "yes"),
    ("不用了", "no"), ("算了", "no"), ("改到周三", "no"), ("重新选", "no"),
    ("换身份证要带什么", None), ("2", None), ("明天上午", None),
])
def test_yes_and_no(nlu, text, answer):
    assert understand(nlu, text, NOW).answer == answer


@pytest.mark.parametrize(("text", "part"), [
    ("明天上午", "am"), ("早上去", "am"), ("下午吧", "pm"), ("后天午后", "pm"), ("下周一", None),
])
def test_part_of_day(nlu, text, part):
    assert understand(nlu, text, NOW).part_of_day == part


@pytest.mark.parametrize(("text", "moving"), [
    ("改到下周四上午", True), ("能不能推迟一天", True), ("换个时间", True), ("预约下周四上午", False),
])
def test_a_wish_to_move_a_booking(nlu, text, moving):
    assert understand(nlu, text, NOW).reschedule is moving


@pytest.mark.parametrize(("text", "number"), [("2", 2), ("第二个", 2), ("选3", 3), ("1。", 1), ("第1个", 1)])
def test_choice_numbers_are_read_by_the_nlu(nlu, text, number):
    assert understand(nlu, text, NOW).number == number

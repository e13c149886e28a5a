"""An item named only to be turned down (不是社保卡) gives way to the one asked for."""

from __future__ import annotations

import pytest

from intents import understand


@pytest.mark.parametrize(("text", "item"), [
    ("等下 搞错了 我要办的是失业登记 不是社保卡", "unemployment_registration"),
    ("不是社保卡，是失业登记", "unemployment_registration"),
    ("我不是要办护照是港澳通行证", "hk_macao_permit"),
    ("不办护照了 办港澳通行证", "hk_macao_permit"),
])
def test_the_item_turned_down_gives_way(nlu, text, item):
    u = understand(nlu, text)
    assert u.item == item and len(u.candidates) == 1


@pytest.mark.parametrize(("text", "item"), [
    ("不是社保卡", "social_security_card"),  # nothing else named: still about it
    ("以后不用提醒我小孩入学的事了", "primary_school_enroll"),  # no other item named, only guessed
])
def test_without_another_item_named_the_one_said_stays(nlu, text, item):
    assert item in [c for c, _ in understand(nlu, text).candidates]

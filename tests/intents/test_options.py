"""Options named in own words: the pieces that tell options apart, and what a place implies."""

from __future__ import annotations

import pytest

from intents.options import Option, Places, pick_option

HUKOU = [Option("local", ("广东省户籍", "本省户口", "户口在广东", "省内户籍")),
         Option("other_province", ("外省户籍", "外地户口", "户口不在广东", "外省户口"))]


@pytest.fixture(scope="module")
def places():
    return Places.from_file()


@pytest.mark.parametrize(("said", "picked"), [
    ("我户口在湖南", "other_province"),  # the place answers, not the frame 户口在 shared with 户口在广东
    ("户口在佛山", "local"),
    ("我是佛山人", "local"),
    ("户口不在广东在四川", "other_province"),
    ("不是广东的", "other_province"),
])
def test_a_place_implies_its_option(places, said, picked):
    assert pick_option(said, HUKOU, places) == picked


def test_where_a_thing_is_done_is_not_where_one_is_registered(places):
    assert places.implied("能在佛山直接换不") == ""
    assert "本市" in places.implied("户口在佛山")


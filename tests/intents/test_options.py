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



SOCIAL = [Option("social_security_card", ("社会保障卡申领", "社保卡")),
          Option("resident_pension_enroll", ("城乡居民基本养老保险参保登记", "居民养老")),
          Option("retirement_pension", ("职工退休养老金申领", "退休金"))]


@pytest.mark.parametrize(("said", "picked"), [
    ("办卡那个", "social_security_card"),  # a thing's one-character name, one option alone has it
    ("卡", "social_security_card"),
    ("办那个", None),  # 办 names nothing
    ("我其实是想问身份证丢了的卡怎么补", None),  # in a long answer 卡 is a word of its own
])
def test_a_short_answer_names_the_option_of_its_one_thing(said, picked):
    assert pick_option(said, SOCIAL) == picked


@pytest.mark.parametrize(("said", "picked"), [
    ("我是广西户口在佛山工作", "other_province"),  # registered in 广西; 佛山 is where one works
    ("户口都在禅城", "local"),
])
def test_where_one_is_registered_beside_where_one_lives(places, said, picked):
    assert pick_option(said, HUKOU, places) == picked


def test_two_people_registered_apart_are_one_of_each(places):
    assert "一方" in places.implied("我老公是佛山的我户口还在广西老家")

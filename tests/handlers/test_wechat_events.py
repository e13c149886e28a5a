"""The official account's events: greetings for following and scanning, the menu as words."""

import pytest

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from handlers.wechat_events import greeting, menu_words
from wechat import read_message


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


def event(name: str, key: str | None = None):
    fields = {"ToUserName": "gh_1", "FromUserName": "o1", "CreateTime": "1764036000", "MsgType": "event",
              "Event": name}
    if key is not None:
        fields["EventKey"] = key
    return read_message(fields)


def test_following_and_scanning_are_greeted_at_the_hall_whose_code_was_scanned(catalog):
    welcome = greeting(event("subscribe"), catalog)
    assert welcome is not None and "欢迎" in welcome.text and "办事指南" in welcome.text
    at_the_hall = greeting(event("subscribe", "qrscene_zumiao"), catalog)
    assert at_the_hall is not None and "欢迎来到祖庙街道行政服务中心" in at_the_hall.text
    other_scene = greeting(event("subscribe", "qrscene_poster-2026"), catalog)
    assert other_scene is not None and other_scene.text == welcome.text
    scanned = greeting(event("SCAN", "zumiao"), catalog)
    assert scanned is not None and "欢迎来到祖庙" in scanned.text
    back = greeting(event("SCAN", "poster"), catalog)
    assert back is not None and back.text.startswith("欢迎回来")


def test_reports_get_no_greeting_and_a_menu_tap_becomes_words(catalog):
    for name in ("unsubscribe", "VIEW", "LOCATION", "TEMPLATESENDJOBFINISH", "CLICK"):
        assert greeting(event(name), catalog) is None
    assert menu_words(event("CLICK", "GUIDE")) == "办事指南"
    assert menu_words(event("CLICK", "NO_SUCH_KEY")) is None
    assert menu_words(event("subscribe")) is None

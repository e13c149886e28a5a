"""The official account's custom menu: data in wechat/menu.yaml, published through the client."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from aiohttp import web

from bot import Assistant, Inbound, respond
from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.db import open_database
from core.settings import Settings
from handlers.parts import MODEL_MODULES
from handlers.wechat_events import MENU_KEYS
from intents import build_nlu
from tests import backend
from tests.conftest import NOV_25_10AM
from tests.fakes.wechat_platform import INVALID_TOKEN, FakePlatform, answer, fake_platform_app, platform_key
from wechat.menu import MenuError, read_menu, run_menu

menus_key = web.AppKey("menus", list)


async def menu_create(request: web.Request) -> web.Response:
    if request.query.get("access_token") not in request.app[platform_key].valid_tokens:
        return answer(INVALID_TOKEN)
    request.app[menus_key].append(json.loads(await request.read()))
    return answer({"errcode": 0, "errmsg": "ok"})


@pytest.fixture
async def platform_with_menus(aiohttp_server) -> tuple[FakePlatform, list]:
    platform, menus = FakePlatform(), []
    app = fake_platform_app(platform)
    app[menus_key] = menus
    app.router.add_post("/cgi-bin/menu/create", menu_create)
    server = await aiohttp_server(app)
    platform.url = str(server.make_url("/"))
    return platform, menus


def test_the_shipped_menu_is_valid_and_every_click_lands_in_the_bot() -> None:
    menu = read_menu()
    assert 1 <= len(menu.button) <= 3
    assert sorted(menu.click_keys()) == sorted(MENU_KEYS)  # GUIDE, BOOK, PROGRESS, MINE


async def test_each_menu_click_gets_an_answer_from_the_bot(tmp_path) -> None:
    catalog = Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))
    redis = backend.redis_client()
    assistant = Assistant(catalog=catalog, nlu=build_nlu(catalog), redis=redis)
    async with open_database(backend.database_url(tmp_path, "menu"), MODEL_MODULES):  # 我的预约 reads the bookings
        for key in read_menu().click_keys():
            inbound = Inbound(channel="wechat", user="o-menu", kind="text", message_id=key, text=MENU_KEYS[key])
            assert (await respond(inbound, assistant, now=NOV_25_10AM)).text, key
    await redis.aclose()


async def test_publish_posts_the_menu_with_the_access_token(platform_with_menus) -> None:
    platform, menus = platform_with_menus
    settings = Settings(wechat_api_base=platform.url, wechat_appsecret=platform.secret)
    out = io.StringIO()
    assert await run_menu("publish", settings, out) == 0, out.getvalue()
    assert menus == [read_menu().payload()]
    assert menus[0]["button"][0] == {"type": "click", "name": "办事指南", "key": "GUIDE"}
    assert platform.calls["cgi-bin/stable_token"] == 1
    assert "published" in out.getvalue()


async def test_a_refused_publish_exits_non_zero(platform_with_menus) -> None:
    platform, _ = platform_with_menus
    settings = Settings(wechat_api_base=platform.url, wechat_appsecret="wrong-secret")
    out = io.StringIO()
    assert await run_menu("publish", settings, out) == 1
    assert "40125" in out.getvalue()


@pytest.mark.parametrize("bad", [
    "button: []",
    "button: [{name: 一, type: click}]",
    "button: [{name: 办事指南办事指南, type: click, key: GUIDE}]",
    "button: [{name: a, type: click, key: A}, {name: b, type: click, key: B}, {name: c, type: click, key: C},"
    " {name: d, type: click, key: D}]",
    "button: [{name: a, sub_button: [{name: b, sub_button: [{name: c, type: click, key: C}]}]}]",
    "button: [{name: a, type: view}]",
])
def test_a_malformed_menu_is_refused(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "menu.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(MenuError):
        read_menu(path)

"""The catalog editor, its history and the new pages in a real browser (Debian's Chromium, Playwright),
against a live server: an admin edits an item, sees the errors beside the fields, checks, publishes, and a
citizen's message to the official account (/wechat, signed as the platform signs) is answered from the new
version at once; a rollback and the next message answered from the old one. A clerk is refused the editor,
the rules and the dead letters; a form stripped of its CSRF token is refused. Phone and desktop widths,
screenshots to var/screenshots/, no console error (a CSP violation is one)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
import xmltodict

from catalog import load_catalog
from core.db import open_database
from handlers.app import create_app
from handlers.parts import MODEL_MODULES
from identity import add_staff
from notify.models import Outbox
from tests.conftest import NOV_25_10AM
from tests.e2e.test_console_browser import ARGS, CHROMIUM, SHOTS, SIZES
from tests.handlers.console_helpers import PASSWORD, STAFF_TOKEN, console_catalog
from tests.wechat.callback import ACCOUNT, NOW, message, xml
from wechat import sign

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                                "(scripts/services.sh install)")
_nonces = itertools.count(700_000)


@pytest.fixture
async def live(aiohttp_server, settings, clock):
    async with open_database(settings.database_url, MODEL_MODULES):
        await load_catalog(console_catalog())
    server = await aiohttp_server(create_app(replace(settings, staff_token=STAFF_TOKEN), clock=clock))
    await add_staff("ada", "admin", PASSWORD, hall=None, now=clock.now())
    await add_staff("cleo", "clerk", PASSWORD, hall="district_center", now=clock.now())
    return server


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        await launched.close()


async def citizen_asks(base: str, text: str, token: str, openid: str = "oYmnT0penid_citizen-000077") -> str:
    """A text message to the official account, as the platform posts it; the bot's reply text."""
    from aiohttp import ClientSession

    nonce = str(next(_nonces))
    query = {"signature": sign(token, str(NOW), nonce), "timestamp": str(NOW), "nonce": nonce, "openid": openid}
    async with ClientSession() as http:
        response = await http.post(f"{base}/wechat", params=query, data=xml(message("text", openid=openid,
                                                                                   Content=text)),
                                   headers={"Content-Type": "text/xml"})
        assert response.status == 200
        reply = xmltodict.parse(await response.text())["xml"]
    assert reply["ToUserName"] == openid and reply["FromUserName"] == ACCOUNT
    return str(reply["Content"])


async def signed_in_page(browser, base: str, name: str, size: str):
    context = await browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    await page.goto(f"{base}/console/login")
    await page.get_by_label("账号").fill(name)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_label("密码").press("Enter")
    await page.wait_for_load_state()
    return context, page, problems


async def fits(page, size: str) -> None:
    assert await page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]


@pytest.mark.parametrize("size", list(SIZES))
async def test_edit_publish_and_the_bot_answers_from_it_then_roll_back(live, browser, settings, size):
    base = str(live.make_url("/")).rstrip("/")
    token = settings.wechat_token
    assert "工本费88元" not in await citizen_asks(base, "id_card_renewal要多少钱", token)
    context, page, problems = await signed_in_page(browser, base, "ada", size)
    SHOTS.mkdir(parents=True, exist_ok=True)

    await page.get_by_role("link", name="事项目录", exact=True).click()
    await page.get_by_role("link", name="id_card_renewal办理").click()
    await page.get_by_role("link", name="编辑这个事项").click()
    await page.get_by_label("费用", exact=True).fill("工本费88元")
    await page.get_by_label("承诺时限（工作日）").fill("9")
    await page.locator("#f-m1_name").fill("近期免冠照片")
    await page.get_by_label("发布说明（会记入发布历史，如“按新收费标准调整”）").fill("按新收费标准调整")
    await page.get_by_role("button", name="发布新版本").click()
    await page.wait_for_selector("#problems")
    assert await page.locator("#e-promised_days").inner_text() == "承诺时限不能超过法定时限。"
    assert await page.locator("#f-promised_days").get_attribute("aria-invalid") == "true"
    assert await page.evaluate("document.activeElement.id") == "problems"  # the keyboard starts at the problems
    assert await page.locator("#f-fee").input_value() == "工本费88元"  # what was typed is kept
    await fits(page, size)
    await page.screenshot(path=str(SHOTS / f"console-catalog-errors-{size}.png"), full_page=True)

    await page.get_by_role("link", name="承诺时限（工作日）").click()  # the list of problems links to each field
    await page.locator("#f-promised_days").fill("0")
    await page.get_by_role("button", name="检查").click()
    await page.wait_for_selector("#e-fee")  # the item's rules, one after the other
    assert "免费事项的费用要以“免费”或“不收费”开头" in await page.locator("#e-fee").inner_text()
    await page.get_by_label("免费", exact=True).uncheck()
    await page.get_by_role("button", name="检查").click()
    await page.wait_for_selector("text=检查通过，可以发布。")
    await page.get_by_role("button", name="发布新版本").click()
    await page.wait_for_selector("text=已发布第2版，机器人从下一条消息起按新内容回答。")
    assert "工本费88元" in await page.content() and "近期免冠照片" in await page.content()
    await fits(page, size)
    await page.screenshot(path=str(SHOTS / f"console-catalog-item-{size}.png"), full_page=True)

    answer = await citizen_asks(base, "id_card_renewal要多少钱", token)
    assert "工本费88元" in answer  # the bot, at once, without a restart

    await page.get_by_role("link", name="发布历史").first.click()
    await page.wait_for_selector("text=按新收费标准调整")
    await page.screenshot(path=str(SHOTS / f"console-catalog-history-{size}.png"), full_page=True)
    await page.get_by_role("link", name="查看第2版").click()
    await page.wait_for_selector("text=工本费88元")
    assert "近期免冠照片（原件）" in await page.locator("ul.changes").first.inner_text()
    await fits(page, size)
    await page.screenshot(path=str(SHOTS / f"console-catalog-diff-{size}.png"), full_page=True)
    await page.get_by_role("link", name="← 返回发布历史").click()
    await page.get_by_role("link", name="查看第1版").click()
    await page.get_by_label("回滚原因（必填）").fill("收费标准还没批下来")
    await page.get_by_role("button", name="回滚到第1版").click()
    await page.wait_for_selector("text=已回滚：第3版与第1版内容相同")
    await fits(page, size)
    answer = await citizen_asks(base, "id_card_renewal要多少钱", token, openid="oYmnT0penid_citizen-000078")
    assert "工本费88元" not in answer and "免费" in answer

    await context.close()
    assert [p for p in problems if "status of 422" not in p] == []  # the form with errors comes back as 422


async def test_the_rules_dead_letters_and_the_average_wait_and_a_clerks_refusals(live, browser):
    base = str(live.make_url("/")).rstrip("/")
    await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period="k1", citizen="citizen-0001-abcdef",
                        payload={"item": "id_card_renewal"}, due_at=NOV_25_10AM, dedupe_key="k1",
                        created_at=NOV_25_10AM, status="failed", error="gave up after 6 attempts: HTTP 502",
                        attempts=6)
    for size in SIZES:
        context, page, problems = await signed_in_page(browser, base, "ada", size)
        await page.get_by_role("link", name="提醒规则", exact=True).click()
        await page.wait_for_selector("text=您的居民身份证将于2027年1月15日到期")
        await fits(page, size)
        await page.screenshot(path=str(SHOTS / f"console-rules-{size}.png"), full_page=True)
        await page.get_by_role("link", name="发送失败", exact=True).click()
        await page.wait_for_selector("text=gave up after 6 attempts: HTTP 502")
        await fits(page, size)
        await page.screenshot(path=str(SHOTS / f"console-letters-{size}.png"), full_page=True)
        await page.get_by_role("link", name="概览", exact=True).click()
        assert "暂无平均等候时间" in await page.locator("#average-wait").inner_text()
        await context.close()
        assert problems == []

    context, page, problems = await signed_in_page(browser, base, "ada", "desktop")
    await page.get_by_role("link", name="发送失败", exact=True).click()
    await page.get_by_label("放弃原因（必填）").fill("市民已到大厅办理")
    await page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
    await page.get_by_role("button", name="放弃 #1").click()
    await page.wait_for_selector("text=页面已过期，请刷新后再提交。")  # no CSRF token: refused, nothing changed
    assert (await Outbox.get(id=1)).status == "failed"
    await page.goto(f"{base}/console/letters")
    await page.get_by_label("放弃原因（必填）").fill("市民已到大厅办理")
    await page.get_by_role("button", name="放弃 #1").click()
    await page.wait_for_selector("text=消息 #1 已放弃，不会再发送。")
    assert (await Outbox.get(id=1)).status == "dropped"
    await context.close()

    context, page, problems = await signed_in_page(browser, base, "cleo", "phone")
    nav = await page.locator("header nav").inner_text()
    assert "提醒规则" not in nav and "发送失败" not in nav and "事项目录" in nav
    for path in ("/console/catalog/id_card_renewal/edit", "/console/rules", "/console/letters"):
        response = await page.goto(f"{base}{path}")
        assert response is not None and response.status == 403
        assert "权限" in await page.content() or "不能做这个操作" in await page.content()
    await page.goto(f"{base}/console/catalog/id_card_renewal")
    assert await page.get_by_role("link", name="编辑这个事项").count() == 0
    await context.close()

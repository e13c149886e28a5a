"""The console in a real browser: Debian's Chromium driven by Playwright, against a live server.

Signs in, sees the queue, calls the next number and answers a handoff, at a phone's width (360 px)
and a desktop's, with no console error (a CSP violation is one). Screenshots go to
var/screenshots/ (the README's pictures). Skipped only when /usr/bin/chromium is missing
(`scripts/services.sh install`, which CI runs, installs it); never `playwright install`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.handoff import handoff_of, open_handoff
from catalog import load_catalog
from core.db import open_database
from handlers.app import create_app
from handlers.parts import MODEL_MODULES
from identity import add_staff
from tests.handlers.console_helpers import PASSWORD, STAFF_TOKEN, console_catalog

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed "
                                "(scripts/services.sh install)")
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 860}}


@pytest.fixture
async def live(aiohttp_server, settings, clock):
    async with open_database(settings.database_url, MODEL_MODULES):
        await load_catalog(console_catalog())
    server = await aiohttp_server(create_app(replace(settings, staff_token=STAFF_TOKEN), clock=clock))
    await add_staff("cleo", "clerk", PASSWORD, hall="district_center", now=clock.now())
    return server


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        await launched.close()


@pytest.mark.parametrize("size", list(SIZES))
async def test_log_in_serve_the_queue_and_answer_a_handoff(live, browser, clock, size):
    from aiohttp import ClientSession

    base = str(live.make_url("/")).rstrip("/")
    async with ClientSession() as http:
        response = await http.post(f"{base}/api/staff/v1/appointments", headers={
            "Authorization": f"Bearer {STAFF_TOKEN}"}, json={"citizen": "citizen-0001-abcdef",
                                                             "item": "id_card_renewal", "hall": "district_center",
                                                             "start": "2026-11-25T10:30:00+08:00"})
        assert response.status == 201
        code = (await response.json())["code"]
    handoff, _ = await open_handoff(channel="wechat", user="u-0001", reason="human", text="我想问问怎么迁户口",
                                    item=None, now=clock.now())
    context = await browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    SHOTS.mkdir(parents=True, exist_ok=True)

    await page.goto(f"{base}/console")
    assert page.url.endswith("/console/login")
    await page.get_by_label("账号").fill("cleo")
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_label("密码").press("Enter")  # keyboard only
    await page.wait_for_url("**/console/queue")
    assert "未签到（1）" in await page.content()

    await page.get_by_label("预约码").fill(code)
    await page.get_by_role("button", name="签到").click()
    await page.wait_for_selector("text=已签到，排队号 A001")
    await page.get_by_label("窗口号").fill("3")
    await page.get_by_role("button", name="叫下一位").last.click()
    await page.wait_for_selector("text=请 A001 到3号窗口")
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"]  # nothing runs off the side of a phone
    await page.screenshot(path=str(SHOTS / f"console-queue-{size}.png"), full_page=True)

    await page.get_by_role("link", name="转人工").click()
    await page.get_by_role("link", name="查看并回复").click()
    await page.get_by_label("回复群众（会发送给对方，请说明下一步怎么办）").fill("您好，请带户口簿到3号窗口办理。")
    await page.get_by_role("button", name="发送回复").click()
    await page.wait_for_selector("text=回复已记录")
    assert (await handoff_of(handoff.id)).status == "answered"
    await page.screenshot(path=str(SHOTS / f"console-handoff-{size}.png"), full_page=True)

    await context.close()
    assert problems == []


async def test_every_page_of_an_admin_renders_without_a_console_error(live, browser, clock):
    await add_staff("ada", "admin", PASSWORD, hall=None, now=clock.now())
    base = str(live.make_url("/")).rstrip("/")
    page = await (await browser.new_context(viewport=SIZES["desktop"], locale="zh-CN")).new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    await page.goto(f"{base}/console/login")
    await page.get_by_label("账号").fill("ada")
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url("**/console/dashboard")
    assert await page.locator("svg").count() == 1  # bookings per day; no bookings yet, so no item chart
    for name in ("今日排队", "预约", "转人工", "办件", "预审复核", "主动服务", "投诉", "事项目录", "提醒规则",
                 "发送失败", "概览"):
        await page.get_by_role("link", name=name, exact=True).click()
        await page.wait_for_load_state()
        assert await page.locator("h1").inner_text() == name
    await page.keyboard.press("Tab")  # the first stop is the skip link
    assert await page.evaluate("document.activeElement.textContent") == "跳到正文"
    assert problems == []

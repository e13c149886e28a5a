"""The console's newer pages in a real browser (Debian's Chromium, as test_console_browser.py): a reviewer
sees a pre-check's image and overrides it; a supervisor composes, schedules and cancels a campaign and
reads the questions the bot could not answer on the dashboard. Phone and desktop widths, keyboard only
where a form is filled, no console error (a CSP violation is one)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bot import Inbound, respond
from core.settings import Settings
from handlers.keys import assistant_key
from identity import add_staff
from prechecks.models import PrecheckRecord
from tests import backend
from tests.e2e.test_console_browser import CHROMIUM, SHOTS, SIZES, browser, live  # noqa: F401
from tests.handlers.console_helpers import PASSWORD

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    uploads_dir=str(tmp_path / "uploads"))


def a_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 210, 220)).save(out, "JPEG")
    return out.getvalue()


async def signed_in_page(browser, base: str, name: str, size: str):  # noqa: F811
    page = await (await browser.new_context(viewport=SIZES[size], locale="zh-CN")).new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    await page.goto(f"{base}/console/login")
    await page.get_by_label("账号").fill(name)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_label("密码").press("Enter")
    await page.wait_for_load_state()
    return page, problems


def fits(width: int, size: str) -> bool:
    return width <= SIZES[size]["width"]


@pytest.mark.parametrize("size", list(SIZES))
async def test_a_reviewer_sees_the_image_and_overrides(live, browser, settings, clock, size):  # noqa: F811
    folder = Path(settings.uploads_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "feedfacefeedfacefeedfacefeedface.jpg").write_bytes(a_photo())
    record = await PrecheckRecord.create(
        citizen="citizen-0007-abcdef", item="id_card_renewal", kind="id_front", codes=["blurred"],
        messages=["身份证人像面照片模糊，文字看不清。"], read_fields={"name": "张三"},
        file_name="feedfacefeedfacefeedfacefeedface.jpg", created_at=clock.now())
    await add_staff("rita", "reviewer", PASSWORD, hall=None, now=clock.now())
    base = str(live.make_url("/")).rstrip("/")
    page, problems = await signed_in_page(browser, base, "rita", size)
    await page.goto(f"{base}/console/prechecks")
    await page.get_by_role("link", name="查看并复核").click()
    await page.wait_for_url(f"**/console/prechecks/{record.id}")
    image = page.get_by_role("img", name="身份证人像面（群众上传，已去除位置信息）")
    await image.wait_for()
    assert await image.evaluate("i => i.complete && i.naturalWidth") == 320  # served behind the session
    await page.get_by_label("通过", exact=True).check()
    await page.get_by_label("理由（会记录在案）").fill("原件已在窗口核验")
    await page.get_by_role("button", name="提交复核结论").click()
    await page.wait_for_selector("text=已改为通过，理由已记录")
    assert (await PrecheckRecord.get(id=record.id)).override_verdict == "pass"
    assert fits(await page.evaluate("document.documentElement.scrollWidth"), size)
    await page.screenshot(path=str(SHOTS / f"console-precheck-{size}.png"), full_page=True)
    assert problems == []


@pytest.mark.parametrize("size", list(SIZES))
async def test_a_supervisor_sends_a_campaign_and_reads_the_unanswered(live, browser, clock, size):  # noqa: F811
    assistant = live.app[assistant_key]
    for n, text in enumerate(["帮我订一张去北京的机票", "帮我订一张去北京的机票", "换身份证要带什么"]):
        await respond(Inbound(channel="wechat", user=f"u{n}", kind="text", message_id=str(n), text=text),
                      assistant, now=clock.now())
    await add_staff("sup", "supervisor", PASSWORD, hall=None, now=clock.now())
    base = str(live.make_url("/")).rstrip("/")
    page, problems = await signed_in_page(browser, base, "sup", size)
    await page.wait_for_url("**/console/dashboard")
    await page.wait_for_selector("text=答不上 2 条（67%）")
    await page.screenshot(path=str(SHOTS / f"console-dashboard-{size}.png"), full_page=True)

    await page.get_by_role("link", name="主动服务", exact=True).click()
    await page.get_by_label("提醒类别（只发给同意接收的人）").select_option("id_card")
    await page.get_by_label("消息内容（4到200字，系统会附上回复方式和退订方式）").fill(
        "身份证快到期了，街道大厅工作日可办理。")
    await page.get_by_role("button", name="保存草稿并查看人数").click()
    await page.wait_for_selector("text=草稿已保存")
    assert "身份证快到期了" in await page.locator("pre.preview").inner_text()
    await page.get_by_role("button", name="排期发送给 0 人").click()
    await page.wait_for_selector("text=已排期：0 人")
    await page.get_by_role("button", name="取消活动").click()
    await page.wait_for_selector("text=活动已取消")
    assert fits(await page.evaluate("document.documentElement.scrollWidth"), size)
    await page.screenshot(path=str(SHOTS / f"console-campaign-{size}.png"), full_page=True)
    assert problems == []

"""The console's catalog editing over HTTP: the form, errors beside their fields in Chinese, publish (a new
version the bot answers from at once), history, the diff, rollback, role refusals, CSRF, the staff actions;
the reminder rules page; dead letters retried and dropped; the dashboard's average wait."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

from bot.conversation import respond
from bot.inbound import Inbound
from catalog import in_force_number, read_loaded_catalog
from handlers import catalog_in_force
from handlers.catalog_in_force import VERSION_KEY, catalog_version_key, check_published
from handlers.keys import assistant_key, catalog_key, clock_key, redis_key
from identity import recent_actions
from identity.staff_actions import StaffAction
from notify.models import Outbox
from tests.conftest import NOV_25_10AM
from tests.handlers.console_helpers import STAFF_TOKEN, console, signed_in  # noqa: F401

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
EDIT = "/console/catalog/id_card_renewal/edit"
FIELD = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"[^>]*>')


def form_of(html: str) -> dict[str, object]:
    """The edit form's fields as a browser would send them unchanged (checkboxes only when checked)."""
    found: dict[str, object] = {}
    for tag in re.finditer(r'<input[^>]*>', html):
        t = tag.group(0)
        name = re.search(r'name="([^"]+)"', t)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', t)
        if 'type="checkbox"' in t:
            if " checked" in t:
                found.setdefault(name.group(1), []).append(value.group(1) if value else "on")  # type: ignore[union-attr]
            continue
        found[name.group(1)] = value.group(1) if value else ""
    for area in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        found[area.group(1)] = area.group(2).replace("&#34;", '"').replace("&amp;", "&")
    for select in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', select.group(2))
        first = re.search(r'<option value="([^"]*)"', select.group(2))
        found[select.group(1)] = (chosen or first).group(1)  # type: ignore[union-attr]
    return found


def as_pairs(form: dict[str, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in form.items():
        for v in value if isinstance(value, list) else [value]:
            pairs.append((key, str(v)))
    return pairs


async def open_form(console) -> dict[str, object]:
    page = await console.get(EDIT)
    assert page.status == 200, await page.text()
    return form_of(await page.text())


async def asked(console, text: str, user: str = "citizen-0009-abcdef") -> str:
    inbound = Inbound(channel="wechat", user=user, kind="text", message_id=f"m-{text}", text=text)
    return (await respond(inbound, console.app[assistant_key], now=console.app[clock_key].now())).text


async def test_an_edit_is_checked_then_published_and_the_bot_answers_from_it_at_once(console):
    await signed_in(console, "ada")
    assert "工本费88元" not in await asked(console, "id_card_renewal要多少钱")
    form = await open_form(console)
    assert form["fee"] == "免费" and form["base"] == "0" and form["m0_name"] == "居民身份证"
    form |= {"fee": "工本费88元", "free": [], "aliases": "id_card_renewal\n换个新证件",
             "m1_name": "近期免冠照片", "m1_type": "photo", "m1_form": "original", "note": "收费标准调整"}
    checked = await console.post(EDIT, data=as_pairs(form | {"do": "check"}))
    assert checked.status == 200 and "检查通过，可以发布" in await checked.text()
    assert await in_force_number() == 0  # a check writes nothing
    published = await console.post(EDIT, data=as_pairs(form | {"do": "publish"}))
    html = await published.text()
    assert published.status == 200 and "已发布第2版" in html and "工本费88元" in html and "近期免冠照片" in html
    assert await in_force_number() == 2
    assert console.app[catalog_version_key].number == 2
    assert console.app[catalog_key].items["id_card_renewal"].fee == "工本费88元"
    assert "工本费88元" in await asked(console, "id_card_renewal要多少钱")
    assert "工本费88元" in await asked(console, "换个新证件要多少钱", user="citizen-0010-abcdef")  # a new alias
    assert (await console.app[redis_key].get(VERSION_KEY)).startswith("2-")  # the other processes' signal
    line = (await recent_actions(staff="ada"))[0]
    assert (line.action, line.target) == ("catalog_published", "catalog:2")
    assert line.details["item"] == "id_card_renewal" and set(line.details["fields"]) == {
        "aliases", "materials", "fee", "free"}


async def test_errors_are_shown_beside_their_fields_in_chinese_and_nothing_is_published(console):
    await signed_in(console, "sup")
    form = await open_form(console)
    form |= {"promised_days": "7", "legal_days": "3", "on_the_spot": [], "fee": "工本费20元", "conditions": "",
             "m0_count": "很多", "halls": [], "do": "publish"}
    response = await console.post(EDIT, data=as_pairs(form))
    html = await response.text()
    assert response.status == 422
    assert 'id="e-conditions"' in html and "至少要有1项" in html
    assert 'id="e-m0_count"' in html and "请填整数" in html
    assert 'id="e-halls"' in html
    assert 'aria-describedby="e-conditions"' in html and 'href="#f-conditions"' in html
    assert 'value="很多"' in html  # what was typed is kept
    assert await in_force_number() == 0
    form |= {"conditions": "本人到场", "m0_count": "1", "halls": ["district_center"]}
    response = await console.post(EDIT, data=as_pairs(form))
    html = await response.text()
    assert response.status == 422 and 'id="e-promised_days"' in html and "承诺时限不能超过法定时限" in html
    form |= {"promised_days": "2", "legal_days": "5"}
    response = await console.post(EDIT, data=as_pairs(form))
    assert response.status == 422 and "免费事项的费用要以“免费”或“不收费”开头" in await response.text()
    response = await console.post(EDIT, data=as_pairs(form | {"free": []}))
    assert "已发布第2版" in await response.text()


async def test_a_form_opened_on_an_older_version_or_changing_nothing_is_refused(console):
    await signed_in(console, "ada")
    stale = await open_form(console)
    fresh = await open_form(console)
    assert (await console.post(EDIT, data=as_pairs(fresh | {"do": "publish"}))).status == 409  # nothing changed
    await console.post(EDIT, data=as_pairs(fresh | {"fee": "工本费20元", "free": [], "do": "publish"}))
    response = await console.post(EDIT, data=as_pairs(stale | {"summary": "另一个人的修改。", "do": "publish"}))
    assert response.status == 409 and "已发布了第2版" in await response.text()
    assert (await read_loaded_catalog()).items["id_card_renewal"].summary == "测试事项。"


async def test_history_diff_and_rollback_to_an_earlier_version(console):
    await signed_in(console, "ada")
    form = await open_form(console)
    await console.post(EDIT, data=as_pairs(form | {"fee": "工本费20元", "free": [], "note": "调价", "do": "publish"}))
    history = await (await console.get("/console/catalog-versions")).text()
    assert "第2版" in history and "调价" in history and "id_card_renewal：费用、免费" in history
    assert "首次发布前的目录" in history
    diff = await (await console.get("/console/catalog-versions/2")).text()
    assert "<del><span class=\"mark\">删去</span> 免费</del>" in diff
    assert "<ins><span class=\"mark\">新增</span> 工本费20元</ins>" in diff
    csrf = re.search(r'name="csrf" value="([^"]+)"', diff).group(1)  # type: ignore[union-attr]
    no_reason = await console.post("/console/catalog-versions/1/rollback", data={"csrf": csrf, "base": "2"})
    assert "请写明回滚的原因" in await no_reason.text() and await in_force_number() == 2
    response = await console.post("/console/catalog-versions/1/rollback",
                                  data={"csrf": csrf, "base": "2", "note": "价格还没批下来"})
    assert "已回滚：第3版与第1版内容相同" in await response.text()
    assert console.app[catalog_key].items["id_card_renewal"].fee == "免费"
    assert "免费" in await asked(console, "id_card_renewal要多少钱")
    assert (await recent_actions(staff="ada"))[0].action == "catalog_rolled_back"
    assert (await console.get("/console/catalog-versions/99")).status == 404
    assert (await console.get("/console/catalog-versions/x")).status == 404


async def test_roles_and_csrf_on_the_new_pages(console):
    await signed_in(console, "cleo")  # a clerk reads the catalog and its history, edits nothing
    assert (await console.get("/console/catalog/id_card_renewal")).status == 200
    assert "编辑这个事项" not in await (await console.get("/console/catalog/id_card_renewal")).text()
    assert (await console.get("/console/catalog-versions")).status == 200
    assert (await console.get(EDIT)).status == 403
    csrf = await signed_in(console, "cleo")
    assert (await console.post(EDIT, data={"csrf": csrf, "base": "0", "fee": "x"})).status == 403
    assert (await console.post("/console/catalog-versions/1/rollback",
                               data={"csrf": csrf, "base": "0", "note": "x"})).status == 403
    for path in ("/console/rules", "/console/letters"):
        assert (await console.get(path)).status == 403
    assert (await console.post("/console/letters/1/drop", data={"csrf": csrf, "reason": "x"})).status == 403
    await signed_in(console, "rita")  # a reviewer neither
    assert (await console.get(EDIT)).status == 403 and (await console.get("/console/rules")).status == 403
    await signed_in(console, "sup")
    form = await open_form(console)
    without = {k: v for k, v in form.items() if k != "csrf"} | {"fee": "工本费20元", "free": [], "do": "publish"}
    assert (await console.post(EDIT, data=as_pairs(without))).status == 403
    forged = without | {"csrf": "forged-token-0123456789"}
    assert (await console.post(EDIT, data=as_pairs(forged))).status == 403
    assert (await console.post("/console/letters/1/retry", data={})).status == 403
    assert await in_force_number() == 0


async def test_another_process_adopts_a_version_from_the_counter(console):
    """What a second web process does (serve --workers N): its one look a second at the Redis counter."""
    app = console.app
    assert await check_published(app) is False  # nothing published
    await signed_in(console, "ada")
    form = await open_form(console)
    await console.post(EDIT, data=as_pairs(form | {"fee": "工本费20元", "free": [], "do": "publish"}))
    app[catalog_version_key].number = 0  # as a process that has not seen it yet
    assert await check_published(app) is True and app[catalog_version_key].number == 2
    assert await check_published(app) is False  # the same value: not even the database is asked
    await app[redis_key].set(VERSION_KEY, "7-stale0000")  # a value from an older database: read, no harm
    assert await check_published(app) is True and app[catalog_version_key].number == 2


async def test_a_missed_counter_is_made_up_for_by_asking_the_database(console, monkeypatch):
    app = console.app
    await signed_in(console, "ada")
    form = await open_form(console)
    await console.post(EDIT, data=as_pairs(form | {"fee": "工本费20元", "free": [], "do": "publish"}))
    await app[redis_key].delete(VERSION_KEY)  # as if Redis had been flushed
    app[catalog_version_key].number = 0
    assert await check_published(app) is False  # the counter says nothing
    monkeypatch.setattr(catalog_in_force, "ASK_DATABASE_EVERY", 1)
    follower = asyncio.create_task(catalog_in_force.follow_published(app, every=0))
    try:
        for _ in range(1000):
            if app[catalog_version_key].number == 2:
                break
            await asyncio.sleep(0.01)
        assert app[catalog_version_key].number == 2
    finally:
        follower.cancel()


async def test_the_reminder_rules_page_renders_each_message_with_a_sample(console):
    await signed_in(console, "sup")
    html = await (await console.get("/console/rules")).text()
    assert "身份证到期日前90天内" in html and "长期订阅消息" in html
    assert "您的居民身份证将于2027年1月15日到期（还有30天）" in html
    assert "{date}" not in html and "{days_left}" not in html


async def dead(citizen: str, key: str, error: str, status: str = "failed") -> Outbox:
    return await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period=key, citizen=citizen,
                               payload={"item": "id_card_renewal"}, due_at=NOV_25_10AM, dedupe_key=key,
                               created_at=NOV_25_10AM, status=status, error=error, attempts=6)


async def test_dead_letters_are_retried_or_dropped_from_the_console_and_audited(console):
    busy = await dead("citizen-0001-abcdef", "k1", "gave up after 6 attempts: HTTP 502")
    refused = await dead("citizen-0002-abcdef", "k2", "refused by the citizen (43101)")
    csrf = await signed_in(console, "sup")
    html = await (await console.get("/console/letters")).text()
    assert "gave up after 6 attempts: HTTP 502" in html and "citizen-0001" not in html  # masked
    assert f"重发 #{busy.id}" in html and f"重发 #{refused.id}" not in html and "群众已拒收" in html
    response = await console.post(f"/console/letters/{busy.id}/retry", data={"csrf": csrf, "note": "平台恢复"})
    assert "已重新排队" in await response.text()
    assert (await Outbox.get(id=busy.id)).status == "pending"
    response = await console.post(f"/console/letters/{refused.id}/retry", data={"csrf": csrf})
    assert "不能重发" in await response.text() and (await Outbox.get(id=refused.id)).status == "failed"
    response = await console.post(f"/console/letters/{refused.id}/drop", data={"csrf": csrf, "reason": ""})
    assert "请写明放弃的原因" in await response.text()
    response = await console.post(f"/console/letters/{refused.id}/drop", data={"csrf": csrf, "reason": "已拒收"})
    assert "已放弃" in await response.text() and (await Outbox.get(id=refused.id)).status == "dropped"
    audit = [(a.staff, a.action, a.target) for a in await StaffAction.filter(target__startswith="outbox:")]
    assert audit == [("sup", "retried", f"outbox:{busy.id}"), ("sup", "dropped", f"outbox:{refused.id}")]
    assert (await console.get("/console/letters?before=x")).status == 422


async def test_the_dashboard_shows_the_average_wait(console):
    await signed_in(console, "sup")
    assert "暂无平均等候时间" in await (await console.get("/console/dashboard")).text()
    csrf = await signed_in(console, "cleo")
    for citizen, start in (("citizen-0001-abcdef", "2026-11-25T10:30:00+08:00"),
                           ("citizen-0002-abcdef", "2026-11-25T11:00:00+08:00")):
        response = await console.post("/api/staff/v1/appointments", headers=STAFF, json={
            "citizen": citizen, "item": "id_card_renewal", "hall": "district_center", "start": start})
        code = (await response.json())["code"]
        await console.post("/console/queue/checkin", data={"csrf": csrf, "hall": "district_center", "code": code})
    console.app[clock_key].set(NOV_25_10AM + timedelta(minutes=12))
    for _ in range(2):
        await console.post("/console/queue/next", data={"csrf": csrf, "hall": "district_center", "group": "A"})
    await signed_in(console, "sup")
    html = await (await console.get("/console/dashboard")).text()
    assert "平均等候 <strong>12.0</strong> 分钟" in html and "2 人" in html
    assert "每日平均等候（分钟）" in html


async def test_a_forged_edit_form_is_a_clear_4xx_never_a_500(console):
    await signed_in(console, "ada")
    form = await open_form(console)
    forged = [form | {"department": "外星局"}, form | {"halls": ["atlantis"]}, form | {"materials_rows": "99999999"},
              form | {"materials_rows": "x"}, form | {"m0_type": "rocket", "m0_form": "liquid"},
              form | {"online_depth": "9", "max_visits": "-1"}, form | {"summary": "长" * 1999}]
    for data in forged:
        response = await console.post(EDIT, data=as_pairs(data | {"do": "publish"}))
        assert response.status in (409, 422), await response.text()  # refused with its reason; 409: no change
        assert "需要修改" in await response.text()
    for data in (form | {"base": "x"}, form | {"note": "长" * 201}):
        assert (await console.post(EDIT, data=as_pairs(data | {"do": "publish"}))).status == 422
    assert (await console.post("/console/catalog/no_such_item/edit", data=as_pairs(form))).status == 404
    assert await in_force_number() == 0

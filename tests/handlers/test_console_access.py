"""The console's access: sign-in, throttling, sessions, cookies, CSRF, headers, roles, halls, tokens."""

from __future__ import annotations

import pytest

from handlers.keys import redis_key
from identity import issue_api_token, recent_actions
from identity.staff_actions import StaffAction, StaffActionsAreAppendOnly
from tests.handlers.console_helpers import STAFF_TOKEN, console, csrf_of, log_in, signed_in  # noqa: F401


async def test_not_signed_in_goes_to_the_login_page(console):
    for path in ("/console", "/console/queue", "/console/dashboard", "/console/applications"):
        response = await console.get(path, allow_redirects=False)
        assert (response.status, response.headers["Location"]) == (303, "/console/login")


async def test_login_opens_a_session_kept_as_a_hash_with_strict_cookies(console):
    response = await log_in(console, "cleo")
    assert response.status == 303
    cookie = response.cookies["yimen_console"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/console"
    assert not cookie["secure"]  # not behind TLS here
    keys = await console.app[redis_key].keys("console:session:*")
    assert len(keys) == 1 and cookie.value not in keys[0]
    assert [(a.staff, a.action) for a in await recent_actions()] == [("cleo", "login")]


async def test_a_wrong_password_is_refused_and_repeated_ones_throttled_even_the_right_one(console):
    for _ in range(5):
        response = await log_in(console, "cleo", "not-the-password")
        assert response.status == 401
        assert "账号或密码不对" in await response.text()
    response = await log_in(console, "cleo")  # the right password, too late
    assert response.status == 429
    assert int(response.headers["Retry-After"]) > 0 and "分钟后再试" in await response.text()
    assert "yimen_console" not in response.cookies
    actions = [a.action for a in await recent_actions(staff="cleo")]
    assert actions.count("login_failed") == 5 and actions[0] == "login_throttled"
    assert (await log_in(console, "rita")).status == 303  # another account from the same address still may


async def test_an_unknown_name_answers_as_a_wrong_password(console):
    response = await log_in(console, "nobody")
    assert response.status == 401 and "账号或密码不对" in await response.text()


async def test_the_login_form_needs_its_csrf_token(console):
    await console.get("/console/login")
    response = await console.post("/console/login", data={"name": "cleo", "password": "x" * 12},
                                  allow_redirects=False)
    assert response.status == 403


async def test_a_form_without_the_csrf_token_is_refused(console):
    await signed_in(console, "cleo")
    for data in ({"hall": "district_center", "group": "A"},
                 {"hall": "district_center", "group": "A", "csrf": "forged-token-0123456789"}):
        response = await console.post("/console/queue/next", data=data, allow_redirects=False)
        assert response.status == 403 and "刷新" in await response.text()
    assert [a.action for a in await recent_actions()] == ["login"]  # nothing was done


async def test_console_pages_carry_a_csp_without_inline_script(console):
    await signed_in(console, "ada")
    response = await console.get("/console/queue")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"
    html = await response.text()
    assert "<script>" not in html and " style=" not in html and "onclick" not in html
    static = await console.get("/console/static/console.js")
    assert static.status == 200 and "script-src 'self'" in static.headers["Content-Security-Policy"]
    api = await console.get("/healthz")
    assert api.headers["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize(("name", "path"), [
    ("rita", "/console/queue"), ("rita", "/console/handoffs"), ("rita", "/console/dashboard"),
    ("cleo", "/console/dashboard"), ("cleo", "/console/queue?hall=zumiao"),
    ("zed", "/console/appointments?hall=district_center"),
])
async def test_each_role_is_refused_the_pages_and_halls_it_must_not_see(console, name, path):
    await signed_in(console, name)
    response = await console.get(path)
    assert response.status == 403 and "权限" in await response.text() or "不能查看" in await response.text()


async def test_roles_see_only_their_pages_in_the_menu(console):
    await signed_in(console, "rita")
    html = await (await console.get("/console/applications")).text()
    assert "/console/applications" in html and "/console/queue" not in html and "/console/dashboard" not in html


async def test_logout_ends_the_session(console):
    csrf = await signed_in(console, "cleo")
    response = await console.post("/console/logout", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 303
    assert await console.app[redis_key].keys("console:session:*") == []
    assert (await console.get("/console/queue", allow_redirects=False)).status == 303


async def test_the_trail_is_append_only(console):
    await signed_in(console, "cleo")
    row = await StaffAction.first()
    assert row is not None
    with pytest.raises(StaffActionsAreAppendOnly):
        await row.save()
    with pytest.raises(StaffActionsAreAppendOnly):
        await row.delete()


async def test_a_per_account_api_token_opens_the_staff_api_and_names_the_staff(console):
    token = await issue_api_token("rita")
    response = await console.get("/api/staff/v1/figures", headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200
    shared = await console.get("/api/staff/v1/figures", headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
    assert shared.status == 200
    wrong = await console.get("/api/staff/v1/figures", headers={"Authorization": "Bearer ym_" + "x" * 43})
    assert wrong.status == 401
    again = await issue_api_token("rita")  # a new token: the old one stops working
    assert (await console.get("/api/staff/v1/figures", headers={"Authorization": f"Bearer {token}"})).status == 401
    assert (await console.get("/api/staff/v1/figures", headers={"Authorization": f"Bearer {again}"})).status == 200
    assert csrf_of('name="csrf" value="x"') == "x"

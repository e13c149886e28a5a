"""Login through the fake platform's code2session, logout, and the citizen's own record."""

from __future__ import annotations

from handlers.keys import redis_key
from identity import Citizen, citizen_for_oa


def assert_error(body: dict, code: str) -> None:
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]  # Chinese, for the citizen


async def test_login_returns_a_token_and_the_citizen_never_the_session_key(client, login, wechat_platform):
    session = await login("openid-A")
    assert session["token_type"] == "Bearer" and session["expires_in"] > 0
    assert session["citizen_id"].startswith("c")
    assert "session_key" not in session and "SESSIONKEY" not in str(session)
    redis = client.app[redis_key]
    keys = await redis.keys("*")
    stored = [await redis.get(k) for k in keys if await redis.type(k) == "string"]
    assert not any(session["token"] in k for k in keys)  # only its hash is kept
    assert not any(v and "SESSIONKEY" in v for v in stored)
    assert session["citizen_id"] in stored
    assert wechat_platform.calls["sns/jscode2session"] == 1


async def test_the_same_person_logging_in_again_is_the_same_citizen(login):
    first, again = await login("openid-A"), await login("openid-A")
    assert first["citizen_id"] == again["citizen_id"] and first["token"] != again["token"]
    assert (await login("openid-B"))["citizen_id"] != first["citizen_id"]


async def test_a_unionid_joins_the_official_account_and_the_mini_program(client, login):
    oa = await citizen_for_oa("oa-openid-1", "union-1")
    session = await login("mini-openid-1", unionid="union-1")
    assert session["citizen_id"] == oa.id
    row = await Citizen.get(id=oa.id)
    assert (row.oa_openid, row.mini_openid, row.unionid) == ("oa-openid-1", "mini-openid-1", "union-1")
    response = await client.get(f"/api/v1/citizens/{oa.id}", headers=session["headers"])
    assert await response.json() == {"id": oa.id, "official_account": True, "mini_program": True}


async def test_an_unknown_or_used_code_is_refused(client):
    response = await client.post("/api/v1/sessions", json={"code": "neverissued"})
    assert response.status == 401
    assert_error(await response.json(), "invalid_code")


async def test_a_malformed_login_is_refused_with_the_error_shape(client):
    cases = [(b"not json", 400, "invalid_json"), (b"{}", 422, "invalid_input"),
             (b'{"code": "a b"}', 422, "invalid_input"), (b'{"code": "x", "extra": 1}', 422, "invalid_input"),
             (b"[1, 2]", 422, "invalid_input")]
    for body, status, code in cases:
        response = await client.post("/api/v1/sessions", data=body, headers={"Content-Type": "application/json"})
        assert response.status == status, body
        assert_error(await response.json(), code)


async def test_the_platform_down_is_a_calm_503(client, wechat_platform):
    wechat_platform.sessions["goodcode"] = {"openid": "o", "session_key": "k"}
    wechat_platform.fail("sns/jscode2session", "500", "500", "500")
    response = await client.post("/api/v1/sessions", json={"code": "goodcode"})
    assert response.status == 503
    assert response.headers["Retry-After"]
    assert_error(await response.json(), "wechat_unavailable")


async def test_logout_ends_the_token(client, login):
    session = await login()
    response = await client.delete("/api/v1/sessions/current", headers=session["headers"])
    assert response.status == 204
    response = await client.get(f"/api/v1/citizens/{session['citizen_id']}", headers=session["headers"])
    assert response.status == 401
    assert_error(await response.json(), "unauthorized")
    response = await client.delete("/api/v1/sessions/current", headers=session["headers"])
    assert response.status == 401


async def test_a_citizen_reads_only_their_own_record(client, login):
    alice, bob = await login("openid-alice"), await login("openid-bob")
    response = await client.get(f"/api/v1/citizens/{alice['citizen_id']}", headers=alice["headers"])
    assert response.status == 200
    assert (await response.json())["id"] == alice["citizen_id"]
    for other in (bob["citizen_id"], "c0000000000000000", "anything"):
        response = await client.get(f"/api/v1/citizens/{other}", headers=alice["headers"])
        assert response.status == 403
        assert_error(await response.json(), "forbidden")


async def test_no_token_or_a_forged_one_is_401(client, login):
    session = await login()
    url = f"/api/v1/citizens/{session['citizen_id']}"
    token = session["token"]
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for headers in ({}, {"Authorization": "Bearer " + "x" * 43}, {"Authorization": "Basic abc"},
                    {"Authorization": f"Bearer {altered}"}, {"Authorization": token}):
        response = await client.get(url, headers=headers)
        assert response.status == 401, headers
        assert_error(await response.json(), "unauthorized")

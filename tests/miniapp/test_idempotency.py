"""Idempotency-Key: the same request retried is answered once; a reused key with another body is refused."""

from __future__ import annotations

from handlers.keys import memory_key, redis_key

from .test_login import assert_error


async def post_chat(client, session, text: str, key: str | None):
    headers = dict(session["headers"])
    if key is not None:
        headers["Idempotency-Key"] = key
    return await client.post("/api/v1/chat/messages", json={"text": text}, headers=headers)


async def test_a_retried_chat_message_replays_the_first_answer(client, login):
    session = await login()
    first = await post_chat(client, session, "身份证", "key-1")
    retried = await post_chat(client, session, "身份证", "key-1")
    assert first.status == retried.status == 200
    assert "Idempotent-Replayed" not in first.headers
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert await retried.json() == await first.json()


async def test_a_replay_does_not_take_a_second_turn(client, login):
    session = await login()
    await post_chat(client, session, "转人工", "handoff-1")
    replay = await post_chat(client, session, "转人工", "handoff-1")
    fresh = await post_chat(client, session, "转人工", "handoff-2")
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in fresh.headers
    assert (await replay.json())["reply"]["text"] != (await fresh.json())["reply"]["text"]  # "已在排队中" the 2nd time


async def test_the_same_key_with_another_body_is_422(client, login):
    session = await login()
    assert (await post_chat(client, session, "你好", "key-2")).status == 200
    response = await post_chat(client, session, "谢谢", "key-2")
    assert response.status == 422
    assert_error(await response.json(), "idempotency_key_reused")


async def test_keys_belong_to_one_citizen(client, login):
    alice, bob = await login("openid-alice"), await login("openid-bob")
    await post_chat(client, alice, "你好", "shared-key")
    response = await post_chat(client, bob, "你好", "shared-key")
    assert response.status == 200
    assert "Idempotent-Replayed" not in response.headers


async def test_a_failed_request_frees_its_key(client, login):
    session = await login()
    bad = await client.post("/api/v1/chat/messages", json={"text": ""},
                            headers=session["headers"] | {"Idempotency-Key": "key-3"})
    assert bad.status == 422
    bad_again = await client.post("/api/v1/chat/messages", json={"text": ""},
                                  headers=session["headers"] | {"Idempotency-Key": "key-3"})
    assert bad_again.status == 422 and "Idempotent-Replayed" not in bad_again.headers


async def test_a_malformed_key_is_400(client, login):
    session = await login()
    for key in ("", "has space", "x" * 129, "中文"):
        response = await client.post("/api/v1/chat/messages", json={"text": "你好"},
                                     headers=session["headers"] | {"Idempotency-Key": key})
        assert response.status == 400, key
        assert_error(await response.json(), "invalid_idempotency_key")


async def test_a_login_is_never_stored_under_its_key_nor_replayed_after_logout(client, wechat_platform):
    """Logins are not cached: a wx.login code is single-use, so a retry asks wx.login for a new one.
    Nothing is kept under the key, and a retry after logout gets a fresh session, never the old token."""
    wechat_platform.sessions["code-once"] = {"openid": "o-login", "session_key": "k"}
    headers = {"Idempotency-Key": "login-1"}
    first = await (await client.post("/api/v1/sessions", json={"code": "code-once"}, headers=headers)).json()
    redis = client.app[redis_key]
    stored = [await redis.get(k) for k in await redis.keys("*") if await redis.type(k) == "string"]
    assert not any(first["token"] in (value or "") for value in stored)
    assert not await redis.keys("idem:*")
    bearer = {"Authorization": f"Bearer {first['token']}"}
    assert (await client.delete("/api/v1/sessions/current", headers=bearer)).status == 204
    again = await client.post("/api/v1/sessions", json={"code": "code-once"}, headers=headers)
    assert again.status == 201 and "Idempotent-Replayed" not in again.headers
    assert (await again.json())["token"] != first["token"]
    assert (await client.get(f"/api/v1/citizens/{first['citizen_id']}", headers=bearer)).status == 401
    assert wechat_platform.calls["sns/jscode2session"] == 2


async def test_two_people_logging_in_with_the_same_key_do_not_collide(client, wechat_platform):
    wechat_platform.sessions["code-alice"] = {"openid": "o-alice", "session_key": "k"}
    wechat_platform.sessions["code-bob"] = {"openid": "o-bob", "session_key": "k"}
    headers = {"Idempotency-Key": "login"}
    alice = await client.post("/api/v1/sessions", json={"code": "code-alice"}, headers=headers)
    bob = await client.post("/api/v1/sessions", json={"code": "code-bob"}, headers=headers)
    assert alice.status == bob.status == 201
    assert (await alice.json())["citizen_id"] != (await bob.json())["citizen_id"]


async def test_a_success_that_cannot_be_stored_is_answered_and_a_retry_does_not_run_it_again(
        client, login, monkeypatch):
    session = await login()
    memory = client.app[memory_key]

    async def gone(*args, **kwargs):
        raise ConnectionError("Redis is restarting")

    monkeypatch.setattr(memory, "put", gone)  # the claim was taken; storing the answer fails
    first = await post_chat(client, session, "转人工", "handoff-lost")
    assert first.status == 200 and "人工" in (await first.json())["reply"]["text"]
    monkeypatch.undo()
    retried = await post_chat(client, session, "转人工", "handoff-lost")
    assert retried.status == 409  # still pending: the turn is not taken twice
    assert_error(await retried.json(), "request_in_progress")

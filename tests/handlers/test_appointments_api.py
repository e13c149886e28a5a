"""The citizen API (/api/v1) and the staff API (/api/staff/v1) over HTTP, on our small catalog."""

from __future__ import annotations

from dataclasses import replace

import pytest

from catalog import load_catalog
from core.db import open_database
from handlers.app import create_app
from handlers.keys import redis_key
from handlers.parts import MODEL_MODULES
from identity import open_session, session_key
from tests.appointments.factories import at, catalog_file

STAFF = {"Authorization": "Bearer staff-secret-token-0123456789"}
THU_9 = "2026-11-26T09:00:00+08:00"


@pytest.fixture
async def api(aiohttp_client, settings, clock):
    async with open_database(settings.database_url, MODEL_MODULES):  # our catalog, before the app loads the shipped one
        await load_catalog(catalog_file())
    settings = replace(settings, staff_token=STAFF["Authorization"].removeprefix("Bearer "))
    return await aiohttp_client(create_app(settings, clock=clock))


async def signed_in(api, citizen: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {await open_session(api.app[redis_key], citizen)}"}


async def error_of(response, status: int) -> dict:
    assert response.status == status, await response.text()
    body = await response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]


async def book(api, headers, start=THU_9, item="id_card_renewal", hall="district_center", **extra):
    return await api.post("/api/v1/appointments", json={"item": item, "hall": hall, "start": start},
                          headers=headers | extra)


async def test_sessions_keep_only_a_hash_of_the_token(api):
    token = (await signed_in(api, "openid-1"))["Authorization"].removeprefix("Bearer ")
    redis = api.app[redis_key]
    assert await redis.get(session_key(token)) == "openid-1"
    assert token not in "".join(await redis.keys("*"))
    assert 0 < await redis.ttl(session_key(token)) <= 7 * 24 * 3600


async def test_halls_and_the_halls_of_an_item(api):
    body = await (await api.get("/api/v1/halls")).json()
    assert [h["code"] for h in body["halls"]] == ["district_center", "zumiao"]
    body = await (await api.get("/api/v1/halls?item=business_licence")).json()
    assert [h["code"] for h in body["halls"]] == ["district_center"]


async def test_open_days_and_free_slots(api):
    body = await (await api.get("/api/v1/halls/district_center/slots?item=id_card_renewal")).json()
    assert body["days"][0] == {"date": "2026-11-25", "places_left": (14 - 3) * 2}
    assert "2026-11-29" not in [d["date"] for d in body["days"]]  # Sunday
    body = await (await api.get("/api/v1/halls/district_center/slots?item=id_card_renewal&date=2026-11-26")).json()
    assert body["open"] and body["slots"][0] == {"start": THU_9, "end": "2026-11-26T09:30:00+08:00", "places_left": 2}
    body = await (await api.get("/api/v1/halls/zumiao/slots?item=id_card_renewal&date=2026-11-29")).json()
    assert (body["open"], body["closed_reason"], body["slots"]) == (False, "周日不办公", [])


@pytest.mark.parametrize(("url", "status", "code"), [
    ("/api/v1/halls/nowhere/slots?item=id_card_renewal", 404, "unknown_hall"),
    ("/api/v1/halls/district_center/slots", 422, "invalid_input"),  # item is required
    ("/api/v1/halls/district_center/slots?item=passport", 404, "unknown_item"),
    ("/api/v1/halls/district_center/slots?item=id_card_renewal&date=2026-13-01", 422, "invalid_input"),
    ("/api/v1/halls/district_center/slots?item=id_card_renewal&date=tomorrow", 422, "invalid_input"),
    ("/api/v1/halls/zumiao/slots?item=business_licence&date=2026-11-26", 422, "item_not_offered"),
])
async def test_bad_slot_queries_get_a_reason(api, url, status, code):
    assert (await error_of(await api.get(url), status))["code"] == code


async def test_booking_needs_a_session(api):
    error = await error_of(await book(api, {}), 401)
    assert error == {"code": "unauthorized", "message": "请先登录后再操作。"}
    error = await error_of(await book(api, {"Authorization": "Bearer " + "x" * 43}), 401)
    assert error["message"] == "登录已过期，请重新进入小程序。"
    assert (await api.get("/api/v1/appointments")).status == 401


async def test_book_then_retry_with_the_same_idempotency_key(api):
    me = await signed_in(api, "openid-1")
    first = await book(api, me, **{"Idempotency-Key": "req-1"})
    assert first.status == 201
    booking = await first.json()
    assert booking["status"] == "booked" and booking["hall_name"] == "district_center大厅"
    again = await book(api, me, **{"Idempotency-Key": "req-1"})
    assert again.status == 200 and (await again.json())["code"] == booking["code"]
    error = await error_of(await book(api, me, start="2026-11-26T10:00", **{"Idempotency-Key": "req-2"}), 409)
    assert error["code"] == "already_booked" and booking["code"] in error["message"]
    error = await error_of(await book(api, me, **{"Idempotency-Key": "bad key with spaces"}), 400)
    assert error["code"] == "invalid_idempotency_key"


async def test_the_same_idempotency_key_with_another_booking_is_422(api):
    me = await signed_in(api, "openid-1")
    assert (await book(api, me, **{"Idempotency-Key": "req-1"})).status == 201
    error = await error_of(await book(api, me, start="2026-11-26T09:30:00+08:00", **{"Idempotency-Key": "req-1"}), 422)
    assert error["code"] == "idempotency_key_reused"
    error = await error_of(await book(api, me, hall="zumiao", **{"Idempotency-Key": "req-1"}), 422)
    assert error["code"] == "idempotency_key_reused"


async def test_the_same_booking_written_otherwise_is_a_replay(api):
    me = await signed_in(api, "openid-1")
    first = await book(api, me, **{"Idempotency-Key": "req-1"})
    same = await api.post("/api/v1/appointments", headers=me | {"Idempotency-Key": "req-1"},
                          data=f'{{ "start": "{THU_9}",  "hall": "district_center", "item": "id_card_renewal" }}')
    assert same.status == 200 and same.headers["Idempotent-Replayed"] == "true"
    assert (await same.json())["code"] == (await first.json())["code"]


async def test_another_citizen_with_the_same_key_books_for_herself(api):
    alice, bob = await signed_in(api, "openid-alice"), await signed_in(api, "openid-bob")
    first = await (await book(api, alice, **{"Idempotency-Key": "shared"})).json()
    response = await book(api, bob, **{"Idempotency-Key": "shared"})
    assert response.status == 201 and (await response.json())["code"] != first["code"]


@pytest.mark.parametrize(("body", "status", "code"), [
    ("not json", 400, "invalid_json"),
    ({"item": "id_card_renewal", "hall": "district_center"}, 422, "invalid_input"),
    ({"item": "id_card_renewal", "hall": "district_center", "start": "tomorrow"}, 422, "invalid_input"),
    ({"item": "id_card_renewal", "hall": "district_center", "start": THU_9, "x": 1}, 422, "invalid_input"),
    ({"item": "ID CARD", "hall": "district_center", "start": THU_9}, 422, "invalid_input"),
    ({"item": "passport", "hall": "district_center", "start": THU_9}, 404, "unknown_item"),
    ({"item": "id_card_renewal", "hall": "district_center", "start": "2026-11-26T12:30"}, 422, "not_a_slot"),
    ({"item": "id_card_renewal", "hall": "district_center", "start": "2026-11-29T09:00"}, 409, "hall_closed"),
    ({"item": "id_card_renewal", "hall": "district_center", "start": "2026-12-24T09:00"}, 422, "too_far"),
    ([1, 2], 422, "invalid_input"),
    ("[" * 100_000 + "]" * 100_000, 400, "invalid_json"),  # nested deeper than the parser recurses
])
async def test_bad_bookings_get_a_reason_not_a_500(api, body, status, code):
    me = await signed_in(api, "openid-1")
    kwargs = {"data": body} if isinstance(body, str) else {"json": body}
    response = await api.post("/api/v1/appointments", headers=me, **kwargs)
    assert (await error_of(response, status))["code"] == code


async def test_a_full_slot_answers_409_in_chinese(api):
    for n in range(2):
        assert (await book(api, await signed_in(api, f"openid-{n}"))).status == 201
    error = await error_of(await book(api, await signed_in(api, "openid-9")), 409)
    assert error == {"code": "slot_full", "message": "11月26日（周四）09:00已约满，请换一个时段试试。"}


async def test_citizens_see_and_change_only_their_own_bookings(api):
    me, other = await signed_in(api, "openid-1"), await signed_in(api, "openid-2")
    code = (await (await book(api, me)).json())["code"]
    assert [b["code"] for b in (await (await api.get("/api/v1/appointments", headers=me)).json())["appointments"]] \
        == [code]
    assert (await (await api.get("/api/v1/appointments", headers=other)).json())["appointments"] == []
    for method, url in [("GET", f"/api/v1/appointments/{code}"), ("POST", f"/api/v1/appointments/{code}/cancel")]:
        assert (await error_of(await api.request(method, url, headers=other), 404))["code"] == "not_found"
    mine = await (await api.get(f"/api/v1/appointments/{code.lower()}", headers=me)).json()
    assert mine["code"] == code and mine["queue"] == {"number": "", "people_ahead": 0, "wait_minutes": 0}
    moved = await api.post(f"/api/v1/appointments/{code}/reschedule", json={"start": "2026-11-27T14:00"}, headers=me)
    assert moved.status == 200 and (await moved.json())["start"] == "2026-11-27T14:00:00+08:00"
    error = await error_of(await api.post(f"/api/v1/appointments/{code}/reschedule", json={"start": "x"},
                                          headers=me), 422)
    assert error["code"] == "invalid_input"
    cancelled = await api.post(f"/api/v1/appointments/{code}/cancel", headers=me)
    assert (await cancelled.json())["status"] == "cancelled"
    active = await (await api.get("/api/v1/appointments?active=1", headers=me)).json()
    assert active["appointments"] == []
    assert (await error_of(await api.get("/api/v1/appointments/NOT-A-CODE", headers=me), 404))["code"] == "not_found"


async def test_cancel_after_the_cut_off_is_refused(api, clock):
    me = await signed_in(api, "openid-1")
    code = (await (await book(api, me)).json())["code"]
    clock.set(at(2026, 11, 26, 7, 30))
    error = await error_of(await api.post(f"/api/v1/appointments/{code}/cancel", headers=me), 409)
    assert error["code"] == "cutoff_passed" and "2小时" in error["message"]


async def test_the_rules_in_chinese(api):
    text = (await (await api.get("/api/v1/booking-rules")).json())["text"]
    assert text.startswith("预约须知") and "爽约" in text


async def test_staff_api_needs_the_staff_token(api):
    me = await signed_in(api, "openid-1")
    for headers in ({}, me, {"Authorization": "Bearer wrong-token-0123456789abcdef"}):
        response = await api.get("/api/staff/v1/halls/district_center/days/2026-11-26", headers=headers)
        assert (await error_of(response, 401))["code"] == "unauthorized"


async def test_at_the_hall_check_in_call_and_serve(api, clock):
    people = [await signed_in(api, f"openid-{n}") for n in range(2)]
    codes = [(await (await book(api, h)).json())["code"] for h in people]
    clock.set(at(2026, 11, 26, 8, 40))
    first = await api.post("/api/staff/v1/checkins", json={"code": codes[0], "hall": "district_center"}, headers=STAFF)
    assert (await first.json())["queue"] == {"number": "A001", "people_ahead": 0, "wait_minutes": 0}
    await api.post("/api/staff/v1/checkins", json={"code": codes[1]}, headers=STAFF)
    mine = await (await api.get(f"/api/v1/appointments/{codes[1]}", headers=people[1])).json()
    assert mine["queue"] == {"number": "A002", "people_ahead": 1, "wait_minutes": 10}
    called = await (await api.post("/api/staff/v1/halls/district_center/queues/A/next", json={"window": "5号"},
                                   headers=STAFF)).json()
    assert called["ticket"]["queue_number"] == "A001" and called["ticket"]["window"] == "5号"
    served = await api.post(f"/api/staff/v1/appointments/{codes[0]}/served", headers=STAFF)
    assert (await served.json())["status"] == "served"
    empty = await api.post("/api/staff/v1/halls/district_center/queues/B/next", headers=STAFF)
    assert (await empty.json()) == {"ticket": None}
    day = await (await api.get("/api/staff/v1/halls/district_center/days/2026-11-26", headers=STAFF)).json()
    assert [(a["code"], a["status"]) for a in day["appointments"]] == [(codes[0], "served"), (codes[1], "checked_in")]
    assert day["appointments"][0]["citizen"] == "open****"
    error = await error_of(await api.post("/api/staff/v1/checkins", json={"code": "ZZZZ2222"}, headers=STAFF), 404)
    assert error["code"] == "not_found"
    error = await error_of(await api.post("/api/staff/v1/checkins", json={}, headers=STAFF), 422)
    assert error["code"] == "invalid_input"
    assert (await api.post("/api/staff/v1/halls/district_center/queues/C/next", headers=STAFF)).status == 404


async def test_staff_close_a_day_book_for_a_citizen_and_record_no_shows(api, clock):
    me = await signed_in(api, "openid-1")
    code = (await (await book(api, me)).json())["code"]
    closed = await api.put("/api/staff/v1/halls/district_center/days/2026-11-26/exception",
                           json={"closed": True, "note": "停电检修"}, headers=STAFF)
    assert (await closed.json())["cancelled"] == [code]
    mine = await (await api.get(f"/api/v1/appointments/{code}", headers=me)).json()
    assert mine["status"] == "cancelled"
    error = await error_of(await api.put("/api/staff/v1/halls/district_center/days/2026-11-27/exception",
                                         json={"extra_places": -1}, headers=STAFF), 422)
    assert error["code"] == "invalid_input"
    made = await api.post("/api/staff/v1/appointments", headers=STAFF, json={
        "citizen": "openid-7", "item": "id_card_renewal", "hall": "district_center", "start": "2026-11-27T09:00"})
    assert made.status == 201 and (await made.json())["booked_by"] == "staff"
    clock.set(at(2026, 11, 27, 10))
    assert (await (await api.post("/api/staff/v1/no-shows", headers=STAFF)).json()) == {"marked": 1}

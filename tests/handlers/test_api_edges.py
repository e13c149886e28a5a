"""Edges of the citizen API: out-of-range times, impossible days, Chinese validation messages,
strict query booleans, and answers with personal data never cached."""

from __future__ import annotations

import re

import pytest

from tests import backend
from tests.fakes.wechat_platform import SECRET, wechat_platform  # noqa: F401  (a fixture)

from .test_appointments_api import STAFF, THU_9, api, book, error_of, signed_in  # noqa: F401  (api: a fixture)

OUT_OF_RANGE = ["0001-01-01T00:00:00+08:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00",
                "1900-01-01T09:00:00+08:00"]


def assert_chinese(message: str, *names: str, sentence: bool = True) -> None:
    """A short Chinese sentence; the only Latin letters are the field names it mentions."""
    for name in names:
        assert name in message, message
        message = message.replace(name, "")
    assert not re.search(r"[A-Za-z]{2,}", re.sub(r"YYYY-MM-DD|true|false|JSON", "", message)), message
    assert message.endswith("。") or not sentence


@pytest.mark.parametrize("start", OUT_OF_RANGE)
async def test_an_out_of_range_time_is_422_in_chinese_not_a_500(api, start):
    me = await signed_in(api, "openid-1")
    error = await error_of(await book(api, me, start=start), 422)
    assert error["code"] == "invalid_input"
    assert_chinese(error["message"], "start")
    code = (await (await book(api, me)).json())["code"]
    error = await error_of(await api.post(f"/api/v1/appointments/{code}/reschedule", json={"start": start},
                                          headers=me), 422)
    assert error["code"] == "invalid_input"
    staff = {"citizen": "openid-7", "item": "id_card_renewal", "hall": "district_center", "start": start}
    error = await error_of(await api.post("/api/staff/v1/appointments", json=staff, headers=STAFF), 422)
    assert error["code"] == "invalid_input"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
async def test_an_out_of_range_day_at_the_staff_desk_is_422(api, day):
    response = await api.get(f"/api/staff/v1/halls/district_center/days/{day}", headers=STAFF)
    assert (await error_of(response, 422))["code"] == "invalid_input"
    response = await api.put(f"/api/staff/v1/halls/district_center/days/{day}/exception", json={"closed": True},
                             headers=STAFF)
    assert (await error_of(response, 422))["code"] == "invalid_input"


@pytest.mark.parametrize(("day", "reason"), [
    ("0001-01-01", "too_late"),
    ("2026-11-24", "too_late"),  # yesterday
    ("2026-12-24", "too_far"),  # beyond days_ahead
    ("9999-12-31", "too_far"),
    ("2026-11-29", "hall_closed"),  # Sunday
])
async def test_slots_of_an_impossible_day_say_closed_and_why(api, day, reason):
    response = await api.get(f"/api/v1/halls/district_center/slots?item=id_card_renewal&date={day}")
    assert response.status == 200, await response.text()
    body = await response.json()
    assert (body["open"], body["reason"], body["slots"]) == (False, reason, [])
    assert body["closed_reason"]
    assert_chinese(body["closed_reason"], sentence=reason != "hall_closed")  # the calendar's words: 周日不办公


async def test_slots_of_a_bookable_day_are_open_without_a_reason(api):
    body = await (await api.get("/api/v1/halls/district_center/slots?item=id_card_renewal&date=2026-11-26")).json()
    assert (body["open"], body["reason"], body["closed_reason"]) == (True, None, "")


@pytest.mark.parametrize(("body", "field"), [
    ({"item": "id_card_renewal", "hall": "district_center"}, "start"),  # missing
    ({"item": "id_card_renewal", "hall": "district_center", "start": "tomorrow"}, "start"),  # datetime_parsing
    ({"item": "id_card_renewal", "hall": "district_center", "start": 1.5e300}, "start"),
    ({"item": "i" * 200, "hall": "district_center", "start": THU_9}, "item"),  # string_too_long / pattern
    ({"item": 7, "hall": "district_center", "start": THU_9}, "item"),  # string_type
    ({"item": "id_card_renewal", "hall": "district_center", "start": THU_9, "extra": 1}, "extra"),
])
async def test_validation_messages_are_chinese_and_name_the_field(api, body, field):
    me = await signed_in(api, "openid-1")
    error = await error_of(await api.post("/api/v1/appointments", json=body, headers=me), 422)
    assert error["code"] == "invalid_input"
    assert_chinese(error["message"], field)


async def test_a_body_that_is_not_an_object_has_a_chinese_message(api):
    me = await signed_in(api, "openid-1")
    error = await error_of(await api.post("/api/v1/appointments", json=[1, 2], headers=me), 422)
    assert_chinese(error["message"])


@pytest.mark.parametrize(("query", "field"), [
    ("q=x&limit=abc", "limit"), ("q=x&limit=0", "limit"), ("q=x&limit=99", "limit"), ("q=", "q"), ("", "q"),
])
async def test_query_validation_messages_are_chinese(api, query, field):
    error = await error_of(await api.get(f"/api/v1/catalog/search?{query}"), 422)
    assert_chinese(error["message"], field)


@pytest.mark.parametrize(("value", "status"), [
    ("true", 200), ("false", 200), ("1", 200), ("0", 200), ("0.5", 422), ("yes", 422), ("", 422),
])
async def test_a_query_boolean_is_strict(api, value, status):
    me = await signed_in(api, "openid-1")
    response = await api.get(f"/api/v1/appointments?active={value}", headers=me)
    assert response.status == status, await response.text()
    if status == 422:
        assert_chinese((await response.json())["error"]["message"], "active")


async def test_answers_with_personal_data_are_never_cached(api):
    me = await signed_in(api, "openid-1")
    code = (await (await book(api, me)).json())["code"]
    for url in ("/api/v1/appointments", f"/api/v1/appointments/{code}"):
        assert (await api.get(url, headers=me)).headers.get("Cache-Control") == "no-store", url
    citizen = await api.get("/api/v1/citizens/openid-1", headers=me)
    assert citizen.headers.get("Cache-Control") == "no-store"
    day = await api.get("/api/staff/v1/halls/district_center/days/2026-11-26", headers=STAFF)
    assert day.status == 200 and day.headers.get("Cache-Control") == "no-store"


async def test_the_login_answer_is_never_cached(aiohttp_client, tmp_path, wechat_platform):  # noqa: F811
    from core.settings import Settings
    from handlers.app import create_app
    settings = Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                        wechat_api_base=wechat_platform.url, wechat_appsecret=SECRET)
    client = await aiohttp_client(create_app(settings))
    wechat_platform.sessions["code-1"] = {"openid": "o-1", "session_key": "k"}
    response = await client.post("/api/v1/sessions", json={"code": "code-1"})
    assert response.status == 201
    assert response.headers.get("Cache-Control") == "no-store"
    refused = await client.post("/api/v1/sessions", json={"code": "no-such-code"})
    assert refused.status == 401 and refused.headers.get("Cache-Control") == "no-store"

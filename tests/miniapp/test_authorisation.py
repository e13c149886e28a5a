"""A citizen reads and changes only their own records; one citizen across the channels."""

from __future__ import annotations

from bot import Inbound, respond
from handlers.keys import assistant_key, clock_key
from identity import citizen_for_oa

from .test_login import assert_error


async def book(client, session) -> dict:
    days = await (await client.get("/api/v1/halls/zumiao/slots", params={"item": "id_card_renewal"})).json()
    day = days["days"][0]["date"]
    slots = await (await client.get("/api/v1/halls/zumiao/slots",
                                    params={"item": "id_card_renewal", "date": day})).json()
    response = await client.post("/api/v1/appointments", headers=session["headers"],
                                 json={"item": "id_card_renewal", "hall": "zumiao",
                                       "start": slots["slots"][0]["start"]})
    assert response.status == 201, await response.text()
    return await response.json()


async def test_another_citizens_booking_cannot_be_read_or_changed(client, login):
    alice, bob = await login("openid-alice"), await login("openid-bob")
    booking = await book(client, alice)
    code = booking["code"]
    assert (await client.get(f"/api/v1/appointments/{code}", headers=alice["headers"])).status == 200
    attempts = [
        client.get(f"/api/v1/appointments/{code}", headers=bob["headers"]),
        client.post(f"/api/v1/appointments/{code}/cancel", headers=bob["headers"]),
        client.post(f"/api/v1/appointments/{code}/reschedule", headers=bob["headers"],
                    json={"start": booking["start"]}),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status == 404
        assert_error(await response.json(), "not_found")
    mine = await (await client.get("/api/v1/appointments", headers=bob["headers"])).json()
    assert mine["appointments"] == []
    still = await (await client.get(f"/api/v1/appointments/{code}", headers=alice["headers"])).json()
    assert still["status"] == "booked"


async def test_a_booking_made_in_the_app_shows_in_the_chat(client, login):
    session = await login("openid-alice")
    booking = await book(client, session)
    reply = await client.post("/api/v1/chat/messages", json={"text": "我的预约"}, headers=session["headers"])
    assert booking["code"] in (await reply.json())["reply"]["text"]


async def test_the_official_account_sees_the_same_citizens_bookings_through_the_unionid(client, login):
    session = await login("mini-openid", unionid="union-1")
    booking = await book(client, session)
    citizen = await citizen_for_oa("oa-openid", "union-1")  # what the OA handler resolves for a message
    assert citizen.id == session["citizen_id"]
    inbound = Inbound(channel="wechat", user=citizen.id, kind="text", message_id="oa-1", text="我的预约")
    reply = await respond(inbound, client.app[assistant_key], now=client.app[clock_key].now())
    assert booking["code"] in reply.text

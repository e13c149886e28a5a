"""Chat turns in the mini-program: the official account's bot, structured replies, one citizen each."""

from __future__ import annotations

from bot.conversation import respond
from bot.inbound import Inbound
from handlers.keys import assistant_key, clock_key

from .test_login import assert_error


async def say(client, session, text: str, **headers: str) -> dict:
    response = await client.post("/api/v1/chat/messages", json={"text": text},
                                 headers=session["headers"] | headers)
    assert response.status == 200, await response.text()
    return (await response.json())["reply"]


async def test_a_reply_is_structured_for_the_app(client, login):
    reply = await say(client, await login(), "你好")
    assert set(reply) == {"text", "choices", "cards", "links", "sections"}
    assert reply["text"]


async def test_an_ambiguous_question_offers_numbered_choices_and_2_picks_the_second(client, login):
    session = await login()
    offered = await say(client, session, "身份证")
    choices = offered["choices"]
    assert len(choices) >= 2
    assert [c["value"] for c in choices] == [str(n) for n in range(1, len(choices) + 1)]
    picked = await say(client, session, choices[1]["value"])
    assert choices[1]["label"] in picked["text"]
    assert choices[0]["label"] not in picked["text"].split("\n")[0]
    assert [c["label"] for c in picked["choices"]] != [c["label"] for c in choices]


async def test_a_notice_comes_with_its_sections(client, login):
    session = await login()
    reply = await say(client, session, "换身份证要多久")
    for _ in range(2):  # a situation or an item may be asked first (a notice offers more by number too)
        if reply["choices"] and not reply["sections"]:
            reply = await say(client, session, reply["choices"][0]["value"])
    assert len(reply["sections"]) > 1
    assert all(s["heading"] and s["body"] for s in reply["sections"])


async def test_the_conversation_is_the_bots_with_channel_miniapp_and_the_citizen_id(client, login):
    session = await login()
    offered = await say(client, session, "身份证")
    inbound = Inbound(channel="miniapp", user=session["citizen_id"], kind="text", message_id="m1", text="1")
    direct = await respond(inbound, client.app[assistant_key], now=client.app[clock_key].now())
    assert offered["choices"][0]["label"] in direct.text


async def test_one_citizens_choices_are_not_anothers(client, login):
    alice, bob = await login("openid-alice"), await login("openid-bob")
    offered = await say(client, alice, "身份证")
    answer = await say(client, bob, "2")
    assert offered["choices"][1]["label"] not in answer["text"]


async def test_chat_needs_a_signed_in_citizen(client):
    response = await client.post("/api/v1/chat/messages", json={"text": "你好"})
    assert response.status == 401
    assert_error(await response.json(), "unauthorized")


async def test_a_citizen_cannot_speak_as_another(client, login):
    alice, bob = await login("openid-alice"), await login("openid-bob")
    response = await client.post("/api/v1/chat/messages", json={"text": "2", "user": bob["citizen_id"]},
                                 headers=alice["headers"])
    assert response.status == 422
    assert_error(await response.json(), "invalid_input")


async def test_chat_input_is_validated(client, login):
    session = await login()
    for body in ({}, {"text": ""}, {"text": "   "}, {"text": "长" * 501}, {"text": 12}):
        response = await client.post("/api/v1/chat/messages", json=body, headers=session["headers"])
        assert response.status == 422, body
        assert_error(await response.json(), "invalid_input")

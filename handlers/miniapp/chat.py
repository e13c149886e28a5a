"""POST /api/v1/chat/messages {text}: one turn with the same assistant as the official account.

The conversation is the signed-in citizen's (channel "miniapp", user = citizen id); the reply
comes back structured (text, numbered choices, cards, links, sections) for the app to render
as buttons. A choice is made by sending its `value` as the next message's text.
"""

from __future__ import annotations

import uuid

from aiohttp import web

from bot import Inbound, respond

from ..citizens import citizen_of
from ..keys import assistant_key, clock_key
from ..validation import read_json
from .idempotency import idempotent
from .models import ChatMessage, ChatReply, ReplyOut
from .responses import model_response


async def post_message(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)

    async def answer() -> web.Response:
        message = await read_json(request, ChatMessage)
        inbound = Inbound(channel="miniapp", user=citizen, kind="text", message_id=uuid.uuid4().hex, text=message.text)
        reply = await respond(inbound, request.app[assistant_key], now=request.app[clock_key].now())
        return model_response(ChatReply(reply=ReplyOut.of(reply)))

    return await idempotent(request, citizen, answer)

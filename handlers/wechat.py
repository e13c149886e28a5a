"""GET/POST /wechat: the official account's callback, in plaintext, compatible and safe mode.

A request is checked (signature, timestamp window, nonce), parsed (defused XML, decrypted in
safe mode), turned into an Inbound and answered once (handlers/once.py): directly with a passive XML
reply when the bot answers within Settings.reply_deadline, otherwise `success` now and the
reply as customer-service messages when it is ready.

    check → parse → answer once (handlers/once.py) → the citizen → bot.respond
          → WeChat texts (handlers/wechat_texts.py) → passive XML
    after the reply, in the background: the UnionID join (identity/followers.py), the rest of the
          answer as customer-service messages (handlers/wechat_pushes.py)

Nothing on the way to the passive reply waits for the platform: with the platform down, every
citizen still gets it.

Events are answered here (handlers/wechat_events.py): a greeting for following or scanning, a
menu tap as the words it stands for; the bot only ever sees a citizen's message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine, Mapping
from dataclasses import replace
from typing import Any

from aiohttp import hdrs, web

from bot import Inbound, Kind, Reply, respond
from core.metrics import LATE_REPLIES
from core.remembered import Memory
from core.settings import Settings
from identity import Followers, UnionidJoins
from wechat import (
    SUCCESS,
    Article,
    BodyTooLarge,
    CallbackRejected,
    MalformedMessage,
    Message,
    ReplayedRequest,
    check_msg_signature,
    check_signature,
    check_timestamp,
    decrypt_message,
    encrypt_reply,
    masked_openid,
    news_reply,
    parse_document,
    read_message,
    text_reply,
)

from .keys import assistant_key, clock_key, memory_key, redis_key, settings_key, wechat_key
from .once import Spawn, answer_once, message_key
from .problems import problem_response
from .wechat_events import acts, greeting, is_report, menu_words, record_report
from .wechat_prechecks import check_photo
from .wechat_pushes import Extras, Outgoing, push
from .wechat_texts import wechat_texts
from .wechat_windows import NotedWindows

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024  # a WeChat message is a few hundred bytes; its Encrypt a third more
SHUTDOWN_GRACE = 5.0  # seconds the app waits for late deliveries before cancelling them

KINDS: dict[str, Kind] = {"text": "text", "image": "image", "voice": "voice", "video": "video", "shortvideo": "video",
         "location": "location", "link": "link"}
UNSUPPORTED = "这类消息我暂时还看不懂。请用文字或语音告诉我您要办的事，比如“换身份证要带什么”。"

background_key = web.AppKey("wechat_background", set)  # tasks delivering late replies; shutdown waits for them
joins_key = web.AppKey("wechat_unionid_joins", UnionidJoins)
followers_key = web.AppKey("wechat_followers", Followers)  # known followers' citizens, in memory
extras_key = web.AppKey("wechat_extras", Extras)
noted_key = web.AppKey("wechat_noted_windows", NotedWindows)


async def background_ctx(app: web.Application) -> AsyncIterator[None]:
    tasks: set[asyncio.Task[Any]] = set()
    app[background_key] = tasks
    app[followers_key] = Followers()
    app[joins_key] = UnionidJoins(app[wechat_key], app[redis_key], followers=app[followers_key],
                                  shared=app[settings_key].redis_url is not None)
    app[extras_key] = Extras(app[wechat_key], app[memory_key])
    app[noted_key] = NotedWindows(app[redis_key])
    yield
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SHUTDOWN_GRACE
    while tasks and loop.time() < deadline:  # a task may start another (production → delivery)
        await asyncio.wait(set(tasks), timeout=max(deadline - loop.time(), 0))
    for task in list(tasks):
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def get_wechat(request: web.Request) -> web.Response:
    """URL verification: echo `echostr` when the signature is ours."""
    settings = request.app[settings_key]
    try:
        timestamp, _ = check_signature(settings.wechat_token, request.query)
        check_timestamp(timestamp, request.app[clock_key].now().timestamp(), settings.timestamp_window)
        echostr = request.query.get("echostr", "")
        if not echostr or len(echostr) > 128 or not echostr.isascii():
            raise MalformedMessage("bad_echostr", "echostr missing or malformed")
    except CallbackRejected as exc:
        return refused(exc)
    return web.Response(text=echostr, content_type="text/plain")


async def post_wechat(request: web.Request) -> web.Response:
    app, settings = request.app, request.app[settings_key]
    now = app[clock_key].now()
    try:
        timestamp, nonce = check_signature(settings.wechat_token, request.query)
        check_timestamp(timestamp, now.timestamp(), settings.timestamp_window)
        encrypted = settings.wechat_mode == "safe" or (
            settings.wechat_mode == "compat" and request.query.get("encrypt_type") == "aes")
        message = open_message(settings, request.query, await read_body(request), encrypted=encrypted)
        await remember_nonce(app[memory_key], timestamp, nonce, message.identity, settings.timestamp_window)
    except CallbackRejected as exc:
        return refused(exc)
    xml = await answer(app, message)
    if xml == SUCCESS:
        return web.Response(text=SUCCESS, content_type="text/plain")
    if encrypted:
        xml = encrypt_reply(xml, token=settings.wechat_token, aes_key=settings.wechat_aes_key_bytes,
                            app_id=settings.wechat_appid, timestamp=str(int(now.timestamp())), nonce=nonce)
    return web.Response(text=xml, content_type="application/xml")


def refused(exc: CallbackRejected) -> web.Response:
    log.info("wechat callback refused: %s (%s)", exc.code, exc.reason)  # never the query string
    return problem_response(exc.status, exc.code, exc.reason)


async def read_body(request: web.Request) -> bytes:
    if request.content_length is not None and request.content_length > MAX_MESSAGE_BYTES:
        raise BodyTooLarge("too_large", f"more than {MAX_MESSAGE_BYTES} bytes")
    if request.content_length is not None and hdrs.CONTENT_ENCODING not in request.headers:
        return await request.read()  # exactly Content-Length bytes, checked above: one read, no chunk loop
    body = bytearray()
    async for chunk in request.content.iter_chunked(16 * 1024):
        body += chunk
        if len(body) > MAX_MESSAGE_BYTES:
            raise BodyTooLarge("too_large", f"more than {MAX_MESSAGE_BYTES} bytes")
    return bytes(body)


def open_message(settings: Settings, query: Mapping[str, str], body: bytes, *, encrypted: bool) -> Message:
    fields, items = parse_document(body)
    if encrypted:
        encrypt = fields.get("Encrypt", "").strip()
        if not encrypt:
            raise MalformedMessage("missing_field", "missing Encrypt")
        check_msg_signature(settings.wechat_token, query, encrypt)
        fields, items = parse_document(decrypt_message(encrypt, settings.wechat_aes_key_bytes,
                                                       settings.wechat_appid))
    return read_message(fields, items)


async def remember_nonce(memory: Memory, timestamp: str, nonce: str, identity: str, window: int) -> None:
    """A signed (timestamp, nonce) is good for one message: replaying it with another body is refused.
    In plain mode the body is not signed, so this memory is all that stops a captured signature from
    carrying another body; it outlives a restart (core/remembered.py)."""
    key = f"wechat:nonce:{timestamp}:{nonce}"
    # Not durable by itself: it is committed with the answer's delivery claim, before the reply leaves.
    if await memory.claim(key, identity, ttl=2 * window + 60, durable=False):
        return
    if await memory.get(key) != identity:
        raise ReplayedRequest("replayed", "timestamp and nonce were already used")


SORRY = "抱歉，系统开小差了。请稍后再发一次，或回复“转人工”由工作人员帮您。"


async def answer(app: web.Application, message: Message) -> str:
    """The passive reply XML, or `success`."""
    catalog, clock = app[assistant_key].catalog, app[clock_key]
    if is_report(message):
        try:
            citizen = await app[followers_key].citizen(message.openid)
            await record_report(message, citizen.id, app[memory_key], now=clock.now())
        except Exception:  # WeChat gets `success` either way; its retry of this report records it then
            log.exception("wechat %s from %s not recorded", message.event, masked_openid(message.openid))
        return SUCCESS
    welcome = greeting(message, catalog)
    inbound = inbound_for(message) if welcome is None else None
    if welcome is None and inbound is None:
        if message.msg_type == "event":  # the platform's reports: nothing to say
            if (message.event or "").lower() == "unsubscribe":
                log.info("wechat unsubscribe from %s", masked_openid(message.openid))
            elif acts(message):  # a menu button without words (scan-code, an unknown key) still opens the window
                citizen = await app[followers_key].citizen(message.openid)
                await app[noted_key].note(citizen.id, clock.now())
            return SUCCESS
        return passive(message, UNSUPPORTED, clock.now().timestamp())
    client, memory, assistant, joins = app[wechat_key], app[memory_key], app[assistant_key], app[joins_key]
    followers, noted = app[followers_key], app[noted_key]
    spawn = spawner(app)

    async def produce() -> Reply:
        citizen = await followers.citizen(message.openid)
        if acts(message):  # customer-service messages may follow for 48 hours
            await noted.note(citizen.id, clock.now())
        if inbound is None:
            return welcome or Reply.plain("")
        if joins.due(citizen):
            spawn(joins.join(message.openid))
        reply = await respond(replace(inbound, user=citizen.id), assistant, now=clock.now())
        if inbound.kind == "image" and inbound.media_id:  # checked off the reply path (wechat_prechecks.py)
            spawn(check_photo(app, message.openid, citizen.id, inbound.media_id))
        return reply

    async def deliver_late(reply: Reply) -> None:
        LATE_REPLIES.inc()
        await push(client, message.openid, outgoing(reply))

    key = message_key("wechat", message.openid, message.identity, inbound.text if inbound else message.get("EventKey"))
    try:
        reply = await answer_once(key, memory, produce, wait=app[settings_key].reply_deadline,
                                  deliver_late=deliver_late, spawn=spawn)
    except Exception:  # a bug must not show the citizen WeChat's error page; a later message is redone
        log.exception("wechat answer failed for %s", masked_openid(message.openid))
        return passive(message, SORRY, clock.now().timestamp())
    if reply is None:
        return SUCCESS
    first, *rest = outgoing(reply) or [SUCCESS]
    if rest and app[extras_key].admit(message.openid, len(rest)):
        spawn(app[extras_key].send(key, message.openid, rest))
    if first == SUCCESS:
        return SUCCESS
    return passive(message, first, clock.now().timestamp())


def inbound_for(message: Message) -> Inbound | None:
    """The message as the bot sees it; None for what the bot does not answer."""
    user, message_id = message.openid, message.identity
    if message.msg_type == "event":
        words = menu_words(message)
        return Inbound(channel="wechat", user=user, message_id=message_id, kind="text", text=words) if words else None
    kind = KINDS.get(message.msg_type)
    if kind is None:
        return None
    if kind == "location":
        return Inbound(channel="wechat", user=user, message_id=message_id, kind=kind, text=message.get("Label"),
                       latitude=number(message.get("Location_X")), longitude=number(message.get("Location_Y")))
    text = {"text": message.fields.get("Content", ""), "voice": message.get("Recognition"),
            "link": message.get("Title")}.get(message.msg_type, "")
    return Inbound(channel="wechat", user=user, message_id=message_id, kind=kind, text=text,
                   media_id=message.get("MediaId") or None)


def number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def outgoing(reply: Reply) -> list[Outgoing]:
    """The reply as WeChat messages: texts within the size limit, then one news article a card."""
    texts: list[Outgoing] = [piece for piece in wechat_texts(reply) if piece.strip()]
    return texts + [Article(card.title, card.description, card.url or "") for card in reply.cards]


def passive(message: Message, first: Outgoing, create_time: float) -> str:
    account, openid, when = message.account, message.openid, int(create_time)
    if isinstance(first, Article):
        return news_reply(account=account, openid=openid, create_time=when, articles=[first])
    return text_reply(account=account, openid=openid, create_time=when, content=first)


def spawner(app: web.Application) -> Spawn:
    tasks: set[asyncio.Task[Any]] = app[background_key]

    def spawn(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro)
        tasks.add(task)
        task.add_done_callback(finished)
        return task

    def finished(task: asyncio.Task[Any]) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("wechat background work failed", exc_info=task.exception())

    return spawn


routes = [web.get("/wechat", get_wechat), web.post("/wechat", post_wechat)]

"""The async WeChat platform client: customer-service messages, media, code2session.

Every call has a timeout; network errors, timeouts, 5xx and errcode -1 ("system busy") are
retried with backoff; a rejected access token (40001/42001) is refreshed once and the call
retried once. The token itself is shared by all processes through Redis (token.py). After a call with
the token (or the token fetch) failed, the breaker (breaker.py) fails such calls at once for a while.
Log lines never carry URLs: the access token and the secret travel in query strings.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from redis.asyncio import Redis
from yarl import URL

from core.metrics import count_platform_error
from core.settings import Settings

from .breaker import COOL_DOWN, Breaker
from .errors import PlatformError, PlatformUnavailable
from .replies import Article
from .token import SharedToken, StableToken

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=5)
MEDIA_TIMEOUT = aiohttp.ClientTimeout(total=30)
ATTEMPTS = 3
BACKOFF = 0.5  # seconds before the second attempt; doubled each time
TOKEN_REJECTED = frozenset({40001, 42001})  # invalid credential, access token expired
BUSY = -1
MAX_JSON = 1024 * 1024
MAX_MEDIA = 20 * 1024 * 1024
CUSTOM_SEND = "cgi-bin/message/custom/send"
TEMPLATE_SEND = "cgi-bin/message/template/send"
SUBSCRIBE_SEND = "cgi-bin/message/subscribe/bizsend"
MINI_SUBSCRIBE_SEND = "cgi-bin/message/subscribe/send"  # the mini-program's, with its own access token
JSON_TYPES = ("application/json", "text/json", "text/plain")  # errors from media/get come as text/plain


@dataclass(frozen=True)
class Media:
    content: bytes = field(repr=False)
    content_type: str
    video_url: str | None = None  # media/get answers a video with a link instead of the bytes


@dataclass(frozen=True)
class MiniSession:
    """code2session's answer: who logged in to the mini-program."""

    openid: str = field(repr=False)
    session_key: str = field(repr=False)
    unionid: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Exchange:
    content_type: str
    body: bytes = field(repr=False)
    data: dict[str, Any] | None = field(default=None, repr=False)  # the JSON, when the body is JSON


class _Retry(Exception):
    """One attempt failed in a way worth trying again."""


class WeChatClient:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        redis: Redis,
        *,
        base_url: str | URL,
        app_id: str,
        secret: str,
        timeout: aiohttp.ClientTimeout = DEFAULT_TIMEOUT,
        media_timeout: aiohttp.ClientTimeout = MEDIA_TIMEOUT,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF,
        cool_down: float = COOL_DOWN,
    ) -> None:
        self._session, self._base_url = session, URL(str(base_url))
        self._app_id, self._secret = app_id, secret
        self._timeout, self._media_timeout = timeout, media_timeout
        self._attempts, self._backoff = attempts, backoff
        self.breaker = Breaker(cool_down)  # calls with the access token fail fast for a while after a failure
        self.token = SharedToken(redis, app_id, self._fetch_token, breaker=self.breaker)

    async def access_token(self) -> str:
        return await self.token.get()

    async def send_text(self, openid: str, content: str) -> None:
        """A customer-service text message (within 48 hours of the citizen's last message)."""
        await self._api("POST", "cgi-bin/message/custom/send",
                        payload={"touser": openid, "msgtype": "text", "text": {"content": content}})

    async def send_news(self, openid: str, article: Article) -> None:
        """A customer-service news (图文) message; the platform takes one article a message."""
        news = {
            "title": article.title, "description": article.description, "url": article.url, "picurl": article.picurl,
        }
        await self._api("POST", "cgi-bin/message/custom/send",
                        payload={"touser": openid, "msgtype": "news", "news": {"articles": [news]}})

    async def send_template(self, openid: str, template_id: str, data: Mapping[str, str]) -> str:
        """A template message (模板消息, the account's daily allowance); returns the platform's msgid, which
        its TEMPLATESENDJOBFINISH event names later."""
        answer = await self._api("POST", TEMPLATE_SEND, payload={
            "touser": openid, "template_id": template_id, "data": {k: {"value": v} for k, v in data.items()}})
        return str(answer.get("msgid", ""))

    async def send_subscribe(self, openid: str, template_id: str, data: Mapping[str, str]) -> None:
        """A subscribe message of the official account (订阅通知, one-time or long-term): needs the
        citizen's grant; errcode 43101 means they refused it."""
        await self._api("POST", SUBSCRIBE_SEND, payload={
            "touser": openid, "template_id": template_id, "data": {k: {"value": v} for k, v in data.items()}})

    async def send_mini_subscribe(self, openid: str, template_id: str, data: Mapping[str, str]) -> None:
        """A mini-program subscribe message (subscribeMessage.send): a client made with the mini-program's
        AppID and secret, to its openid; one accepted one-time grant allows one send, 43101 means none."""
        await self._api("POST", MINI_SUBSCRIBE_SEND, payload={
            "touser": openid, "template_id": template_id, "miniprogram_state": "formal", "lang": "zh_CN",
            "data": {k: {"value": v} for k, v in data.items()}})

    async def create_menu(self, menu: dict[str, Any]) -> None:
        """Publish the official account's custom menu ({"button": [...]}), replacing the current one."""
        await self._api("POST", "cgi-bin/menu/create", payload=menu)

    async def unionid_of(self, openid: str) -> str | None:
        """The follower's UnionID, when the account is bound to an Open Platform account."""
        data = await self._api("GET", "cgi-bin/user/info", params={"openid": openid, "lang": "zh_CN"})
        unionid = data.get("unionid")
        return unionid if isinstance(unionid, str) and unionid else None

    async def download_media(self, media_id: str) -> Media:
        """A temporary media file (an image or voice the citizen sent), bytes and content type."""
        exchange = await self._api_exchange("GET", "cgi-bin/media/get", params={"media_id": media_id},
                                            timeout=self._media_timeout, limit=MAX_MEDIA)
        if exchange.data is not None:
            if "video_url" in exchange.data:
                return Media(b"", "application/json", video_url=str(exchange.data["video_url"]))
            raise PlatformUnavailable("cgi-bin/media/get", "JSON without media")
        return Media(exchange.body, exchange.content_type)

    async def code2session(self, js_code: str) -> MiniSession:
        """Mini-program login: the code from wx.login → openid, unionid, session_key."""
        if not js_code or len(js_code) > 256:
            raise PlatformError("sns/jscode2session", 40029, "invalid code")
        data = await self._json("GET", "sns/jscode2session", params={
            "appid": self._app_id, "secret": self._secret, "js_code": js_code, "grant_type": "authorization_code"})
        if not isinstance(data.get("openid"), str) or not isinstance(data.get("session_key"), str):
            raise PlatformUnavailable("sns/jscode2session", "answer without openid or session_key")
        unionid = data.get("unionid")
        return MiniSession(data["openid"], data["session_key"], unionid if isinstance(unionid, str) else None)

    async def _fetch_token(self, force_refresh: bool) -> StableToken:
        data = await self._json("POST", "cgi-bin/stable_token", payload={
            "grant_type": "client_credential", "appid": self._app_id, "secret": self._secret,
            "force_refresh": force_refresh})
        token, expires_in = data.get("access_token"), data.get("expires_in")
        if not isinstance(token, str) or not token or not isinstance(expires_in, int) or expires_in <= 0:
            raise PlatformUnavailable("cgi-bin/stable_token", "answer without access_token or expires_in")
        return {"access_token": token, "expires_in": expires_in}

    async def _api(self, method: str, api: str, *, params: Mapping[str, str] | None = None,
                   payload: dict[str, Any] | None = None) -> dict[str, Any]:
        exchange = await self._api_exchange(method, api, params=params, payload=payload)
        if exchange.data is None:
            raise PlatformUnavailable(api, f"expected JSON, got {exchange.content_type}")
        return exchange.data

    async def _api_exchange(self, method: str, api: str, *, params: Mapping[str, str] | None = None,
                            payload: dict[str, Any] | None = None, timeout: aiohttp.ClientTimeout | None = None,
                            limit: int = MAX_JSON) -> Exchange:
        """A call with the access token; on 40001/42001 the token is refreshed and the call made once more.
        While the breaker is open (the platform failed a moment ago) it fails at once."""
        self.breaker.check(api)
        token = await self.token.get()
        for retried in (False, True):
            try:
                exchange = await self._exchange(method, api, params={**(params or {}), "access_token": token},
                                                payload=payload, timeout=timeout, limit=limit, breaker=self.breaker)
            except PlatformUnavailable as exc:
                self.breaker.trip(str(exc))
                raise
            code = errcode(exchange.data)
            if code in TOKEN_REJECTED and not retried:
                log.info("%s: access token rejected (errcode %s), refreshing", api, code)
                token = await self.token.refresh(rejected=token)
                continue
            if code:
                count_platform_error(api, "errcode")
                raise PlatformError(api, code, str((exchange.data or {}).get("errmsg", "")))
            return exchange
        raise AssertionError("unreachable")

    async def _json(self, method: str, api: str, *, params: Mapping[str, str] | None = None,
                    payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """A call without the access token (stable_token, code2session)."""
        exchange = await self._exchange(method, api, params=params, payload=payload)
        if exchange.data is None:
            raise PlatformUnavailable(api, f"expected JSON, got {exchange.content_type}")
        code = errcode(exchange.data)
        if code:
            count_platform_error(api, "errcode")
            raise PlatformError(api, code, str(exchange.data.get("errmsg", "")))
        return exchange.data

    async def _exchange(self, method: str, api: str, *, params: Mapping[str, str] | None,
                        payload: dict[str, Any] | None, timeout: aiohttp.ClientTimeout | None = None,
                        limit: int = MAX_JSON, breaker: Breaker | None = None) -> Exchange:
        """One HTTP exchange, retried with backoff on network errors, timeouts, 5xx and errcode -1;
        not retried once `breaker` has opened meanwhile (another call found the platform down)."""
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"} if body is not None else None
        try:
            return await self._attempt(method, api, params=params, body=body, headers=headers, timeout=timeout,
                                       limit=limit, breaker=breaker)
        except PlatformUnavailable:
            count_platform_error(api, "unavailable")
            raise

    async def _attempt(self, method: str, api: str, *, params: Mapping[str, str] | None, body: bytes | None,
                       headers: dict[str, str] | None, timeout: aiohttp.ClientTimeout | None, limit: int,
                       breaker: Breaker | None) -> Exchange:
        url = self._base_url.joinpath(api)
        for attempt in range(self._attempts):
            try:
                async with self._session.request(method, url, params=params, data=body, headers=headers,
                                                 timeout=timeout or self._timeout) as response:
                    if response.status >= 500:
                        raise _Retry(f"HTTP {response.status}")
                    if response.status != 200:
                        raise PlatformUnavailable(api, f"HTTP {response.status}")
                    exchange = await read_exchange(response, api, limit)
                if errcode(exchange.data) == BUSY:
                    raise _Retry("errcode -1 (system busy)")
                return exchange
            except (TimeoutError, _Retry, aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
                reason = str(exc) if isinstance(exc, _Retry) else type(exc).__name__  # never the URL
                if attempt == self._attempts - 1:
                    raise PlatformUnavailable(api, f"{reason} after {self._attempts} attempts") from None
                log.warning("%s: %s, retrying (attempt %d)", api, reason, attempt + 1)
                await asyncio.sleep(self._backoff * 2**attempt)
                if breaker is not None:
                    breaker.check(api)
        raise AssertionError("unreachable")


async def read_exchange(response: aiohttp.ClientResponse, api: str, limit: int) -> Exchange:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise PlatformUnavailable(api, f"answer larger than {limit} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    content_type = response.content_type
    data = None
    if content_type in JSON_TYPES:
        try:
            parsed = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            if content_type != "text/plain":
                raise PlatformUnavailable(api, "answer is not valid JSON") from None
        else:
            if not isinstance(parsed, dict):
                raise PlatformUnavailable(api, "answer is not a JSON object")
            data = parsed
    return Exchange(content_type, body, data)


def errcode(data: Mapping[str, Any] | None) -> int:
    code = (data or {}).get("errcode", 0)
    if isinstance(code, str) and code.lstrip("-").isdigit():
        return int(code)
    return code if isinstance(code, int) else BUSY


@asynccontextmanager
async def open_wechat(settings: Settings, redis: Redis) -> AsyncIterator[WeChatClient]:
    async with aiohttp.ClientSession(timeout=DEFAULT_TIMEOUT) as session:
        yield WeChatClient(session, redis, base_url=settings.wechat_api_base, app_id=settings.wechat_appid,
                           secret=settings.wechat_appsecret)

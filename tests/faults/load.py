"""The load a fault test keeps up while it breaks something: bookings from the mini-program (each with an
Idempotency-Key, retried as the app would until it gets an answer that is not an error) and messages
to /wechat (each retried with the same body, timestamp and nonce, as the platform does), and a record
of every answer: status, seconds, and whether the client got an error it could read."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
import xmltodict

from tests.wechat.callback import NOW, message, xml
from wechat import sign

# district_center on Thursday 26 November: 30-minute slots, 2 places each (tests/appointments/factories.py)
STARTS = [f"2026-11-26T{h:02d}:{m:02d}:00+08:00" for h, m in
          [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30),
           (13, 30), (14, 0), (14, 30), (15, 0), (15, 30), (16, 0), (16, 30), (17, 0)]]
TIMEOUT = aiohttp.ClientTimeout(total=20)  # a hang is an answer that has not come after this


@dataclass
class Record:
    """Every answer the load got, and when the service answered again after the fault."""

    statuses: Counter[str] = field(default_factory=Counter)
    unclear: list[str] = field(default_factory=list)  # errors without a readable reason, and hangs
    slowest: float = 0.0
    failed_at: list[float] = field(default_factory=list)  # monotonic times of failed attempts
    ok_at: list[float] = field(default_factory=list)

    def note(self, what: str, status: int | str, seconds: float, *, ok: bool, clear: bool = True) -> None:
        self.statuses[f"{what} {status}"] += 1
        self.slowest = max(self.slowest, seconds)
        (self.ok_at if ok else self.failed_at).append(time.monotonic())
        if not ok and not clear:
            self.unclear.append(f"{what} {status}")

    def recovered_after(self, since: float) -> float:
        """Seconds from `since` to the first good answer after the last failure."""
        last_failure = max(self.failed_at, default=since)
        later = [t for t in self.ok_at if t > last_failure]
        return (min(later) if later else float("inf")) - since


def clear_json_error(body: str) -> bool:
    import json

    try:
        error = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return bool(error.get("code")) and bool(error.get("message"))


async def book(http: aiohttp.ClientSession, base: str, token: str, n: int, record: Record, *,
               attempts: int = 60) -> str | None:
    """A booking, retried with its Idempotency-Key until it is made (its code) or refused (None)."""
    body = {"item": "id_card_renewal", "hall": "district_center", "start": STARTS[n % len(STARTS)]}
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"fault-book-{n}"}
    status: int | str = "none"
    text = ""
    for _ in range(attempts):
        started = time.monotonic()
        try:
            async with http.post(f"{base}/api/v1/appointments", json=body, headers=headers,
                                 timeout=TIMEOUT) as response:
                text = await response.text()
                status = response.status
        except TimeoutError:
            record.note("book", "hang", time.monotonic() - started, ok=False, clear=False)
            continue
        except aiohttp.ClientError as exc:
            record.note("book", type(exc).__name__, time.monotonic() - started, ok=False)
            await asyncio.sleep(0.2)
            continue
        ok = status in (200, 201)
        record.note("book", status, time.monotonic() - started, ok=ok or status == 409,
                    clear=clear_json_error(text))
        if ok:
            return str((await_json(text))["code"])
        if status == 409 and "Retry-After" not in response.headers:
            return None  # the slot is full: a refusal, not a fault
        await asyncio.sleep(0.2)
    raise AssertionError(f"booking {n} never answered: last {status} {text[:300]}")


def await_json(text: str) -> dict:  # type: ignore[type-arg]
    import json

    return json.loads(text)


def signed(token: str, openid: str, text: str, msg_id: int, nonce: str, at: int = NOW) -> tuple[dict[str, str], bytes]:
    query = {"signature": sign(token, str(at), nonce), "timestamp": str(at), "nonce": nonce, "openid": openid}
    return query, xml(message("text", openid=openid, Content=text, msg_id=msg_id, create_time=at)).encode()


async def say(http: aiohttp.ClientSession, base: str, wechat_token: str, openid: str, text: str, msg_id: int,
              record: Record, *, attempts: int = 60, at: int = NOW) -> str:
    """One message to /wechat, sent again (same body, timestamp, nonce) until it gets a passive reply; the
    reply's content ("success" when it will follow as customer-service messages)."""
    query, body = signed(wechat_token, openid, text, msg_id, nonce=str(msg_id), at=at)
    for _ in range(attempts):
        started = time.monotonic()
        try:
            async with http.post(f"{base}/wechat", params=query, data=body, headers={"Content-Type": "text/xml"},
                                 timeout=TIMEOUT) as response:
                answer = await response.text()
                status: int | str = response.status
        except TimeoutError:
            record.note("wechat", "hang", time.monotonic() - started, ok=False, clear=False)
            continue
        except aiohttp.ClientError as exc:
            record.note("wechat", type(exc).__name__, time.monotonic() - started, ok=False)
            await asyncio.sleep(0.2)
            continue
        if status == 200 and answer == "success":
            record.note("wechat", "success", time.monotonic() - started, ok=True)
            return "success"
        if status == 200 and answer.startswith("<xml>"):
            content = xmltodict.parse(answer)["xml"].get("Content") or ""
            record.note("wechat", 200, time.monotonic() - started, ok=bool(content.strip()))
            return content
        record.note("wechat", status, time.monotonic() - started, ok=False, clear=bool(answer.strip()))
        await asyncio.sleep(0.2)
    raise AssertionError(f"message {msg_id} never answered")

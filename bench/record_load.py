"""The load of `python main.py bench record`: signed WeChat callbacks, all distinct, sent by wrk.

Every message has its own MsgId, nonce and timestamp, a text from a realistic mix of questions
(bench/nlu.py's), and comes from a known follower (KNOWN_SHARE of KNOWN openids, made known by
`warm_up` before the run) or from a new one. In plaintext mode wrk's Lua script (bench/record.lua)
signs each request itself; in safe mode the AES-encrypted bodies are made here beforehand (`write_pool`)
and the script sends each once, in order. Without wrk, `python_load` sends the same messages from
Python (slower: the table says so).

A reply counts as a real answer when it is a passive reply with content that is not the apology
for a failure ("系统开小差"); `success` (the answer left for a customer-service message), an
HTTP error, a timeout or a dropped connection do not.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import xmltodict
from wechatpy.crypto import WeChatCrypto

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from wechat import sign

from .nlu import realistic_queries

LUA = Path(__file__).with_name("record.lua")
TOKEN = "yimenbenchtoken"  # bench/record_servers.py's echo bot checks the same token
APP_ID = "wx0000000000000000"
ACCOUNT = "gh_yimenbench01"
KNOWN = 2000  # followers Yimen knows before the run
KNOWN_SHARE = 0.8  # of the messages; the rest come from followers never seen
KNOWN_PREFIX, NEW_PREFIX = "oRecordKnown", "oRecordNew"
SORRY_MARK = "系统开小差"  # the apology handlers/wechat.py sends when answering failed
TIMEOUT_S = 10  # wrk's timeout: a reply later than WeChat's 5 s is still seen, and counted as late
RECORD = re.compile(r"^RECORD (.*)$", re.M)


def question_texts(count: int = 3000) -> list[str]:
    shipped = Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))
    texts = (re.sub(r"\s+", " ", text).strip() for text in realistic_queries(shipped, count))
    return [text for text in texts if text and "]]>" not in text]  # repeats kept: they are the mix


def known_openid(n: int) -> str:
    return f"{KNOWN_PREFIX}{n:016d}"


class Signer:
    """Callbacks as the platform sends them, in plaintext or safe (AES) mode."""

    def __init__(self, mode: str, aes_key: str) -> None:
        self.mode = mode
        self.crypto = WeChatCrypto(TOKEN, aes_key, APP_ID)

    def callback(self, openid: str, text: str, msg_id: str, nonce: str, timestamp: str) -> tuple[dict[str, str], str]:
        body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
                f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>")
        query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, "openid": openid}
        if self.mode == "safe":
            envelope = xmltodict.parse(self.crypto.encrypt_message(body, nonce, timestamp))["xml"]
            query |= {"encrypt_type": "aes", "msg_signature": envelope["MsgSignature"]}
            body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
                    f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>")
        return query, body

    def kind(self, status: int, reply: str) -> str:
        """answered, sorry, late, failed or other."""
        if status != 200:
            return "failed"
        if reply == "success":
            return "late"
        try:
            fields = xmltodict.parse(reply)["xml"]
            if self.mode == "safe":
                fields = xmltodict.parse(self.crypto.decrypt_message(
                    reply, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]))["xml"]
        except Exception:  # noqa: BLE001  (an unreadable reply is counted, not raised)
            return "other"
        content = fields.get("Content") or ""
        if SORRY_MARK in content:
            return "sorry"
        if (fields.get("MsgType") == "text" and content.strip()) or fields.get("MsgType") == "news":
            return "answered"
        return "other"


class Messages:
    """Distinct messages of one run: the same mix the Lua script makes."""

    def __init__(self, signer: Signer, texts: Sequence[str], run: str, seed: int = 16) -> None:
        self.signer, self.texts, self.run = signer, texts, run
        self.rng = random.Random(seed)
        self.counter = 0

    def next(self, openid: str | None = None) -> tuple[dict[str, str], str]:
        self.counter += 1
        if openid is None:
            openid = (known_openid(self.rng.randrange(KNOWN)) if self.rng.random() < KNOWN_SHARE
                      else f"{NEW_PREFIX}{self.run}99{self.counter:09d}")
        return self.signer.callback(openid, self.rng.choice(self.texts), msg_id=f"{self.run}99{self.counter:010d}",
                                    nonce=f"{self.run}99{self.counter:09d}", timestamp=str(int(time.time())))


@dataclass
class Load:
    """What one run of the load measured."""

    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    kinds: dict[str, int] = field(default_factory=dict)  # answered, sorry, late, failed, other
    lost: int = 0  # timeouts and dropped connections: no reply at all
    exhausted: int = 0  # safe mode: requests sent after the pool ran out (replays, refused)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def real_share(self) -> float:
        total = self.requests + self.lost
        return self.kinds.get("answered", 0) / total if total else 0.0


def write_pool(path: Path, messages: Messages, count: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for _ in range(count):
            query, body = messages.next()
            f.write(f"{urlencode(query)}\t{body}\n")


def write_config(file: Path, **values: object) -> None:
    file.write_text("".join(f"{key}={value}\n" for key, value in values.items()), encoding="utf-8")


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, signer: Signer, workdir: Path, *, texts_file: Path, pool: Path | None, pool_size: int,
            run: str, duration: int, connections: int, threads: int) -> Load:
    """wrk with bench/record.lua against url's /wechat; the RECORD line it prints, read."""
    config, samples = workdir / f"wrk-{run}.conf", workdir / f"samples-{run}-"
    write_config(config, mode=signer.mode, token=TOKEN, account=ACCOUNT, path="/wechat", run=run, seed=int(run),
                 texts=texts_file, known=KNOWN, known_share=KNOWN_SHARE, known_prefix=KNOWN_PREFIX,
                 new_prefix=NEW_PREFIX, sorry=SORRY_MARK, threads=threads, pool=pool or "",
                 stride=max(1, pool_size // (threads * 1500)), samples=samples)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
                          "--timeout", f"{TIMEOUT_S}s", "-s", str(LUA), url, "--", str(config)],
                         check=True, capture_output=True, text=True).stdout
    match = RECORD.search(out)
    if match is None:
        raise RuntimeError(f"wrk printed no RECORD line:\n{out}")
    got = {key: int(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    kinds = {name: got[name] for name in ("answered", "sorry", "late", "failed", "other")}
    if signer.mode == "safe":  # the encrypted replies: a sample decrypted here
        sampled = [signer.kind(200, line.strip()) for n in range(threads)
                   for line in Path(f"{samples}{n}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
        for name in ("answered", "sorry", "other"):
            kinds[name] = round(got["replies"] * sampled.count(name) / len(sampled)) if sampled else 0
    return Load("wrk", got["requests"], got["duration_us"] / 1e6, got["p50_us"] / 1000, got["p99_us"] / 1000,
                kinds, lost=got["timeouts"] + got["read_errors"] + got["write_errors"], exhausted=got["exhausted"])


async def python_load(url: str, messages: Messages, *, pool: list[tuple[dict[str, str], str]] | None,
                      duration: int, connections: int) -> Load:
    """The fallback without wrk: the same messages from aiohttp clients (far slower than wrk)."""
    latencies: list[float] = []
    kinds: dict[str, int] = {}
    lost = exhausted = 0
    deadline = time.perf_counter() + duration
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
    source = iter(pool) if pool is not None else None

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal lost, exhausted
        while time.perf_counter() < deadline:
            message = next(source, None) if source is not None else messages.next()
            if message is None:
                exhausted += 1
                return
            query, body = message
            started = time.perf_counter()
            try:
                async with session.post(f"{url}/wechat", params=query, data=body.encode(),
                                        headers={"Content-Type": "text/xml"}) as response:
                    kind = messages.signer.kind(response.status, await response.text())
            except (TimeoutError, aiohttp.ClientError):
                lost += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            kinds[kind] = kinds.get(kind, 0) + 1

    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections), timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(connections)))
    ordered = sorted(latencies) or [0.0]
    return Load("python", len(latencies), time.perf_counter() - started, ordered[len(ordered) // 2],
                ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], kinds, lost=lost, exhausted=exhausted)


async def warm_up(url: str, signer: Signer, texts: Sequence[str], run: str, connections: int = 32) -> int:
    """One message from each known follower, so that Yimen knows them; returns how many were answered."""
    messages = Messages(signer, texts, run, seed=1)
    pending = iter(range(KNOWN))
    answered = 0

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal answered
        for n in pending:
            query, body = messages.next(known_openid(n))
            async with session.post(f"{url}/wechat", params=query, data=body.encode(),
                                    headers={"Content-Type": "text/xml"}) as response:
                answered += signer.kind(response.status, await response.text()) == "answered"

    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections), timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(connections)))
    return answered

"""`python main.py bench wechat`: start-up time, then signed text messages against /wechat.

Starts `python main.py serve` on a free loopback port with a fresh SQLite database, measures the
time from process start to /healthz 200, fires N signed text messages (unique MsgIds) with
concurrency C in plaintext mode, then restarts the server in safe (AES) mode and does it again.
WECHAT_API_BASE points at the local fake of the platform (tests/fakes/wechat_platform.py, run as its own process):
each new follower's UnionID lookup and the access token are real HTTP calls, nothing reaches WeChat.
With `--platform down` the platform's address is a socket that takes connections and never answers
(every platform call waits for its timeout), the way an unreachable platform looks from the server.
`--workers N --redis-url redis://…` runs `serve --workers N` against that Redis instead of one embedded process.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import xmltodict
from wechatpy.crypto import WeChatCrypto

from wechat import sign

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "yimenbenchtoken"
APP_ID = "wx0000000000000000"  # what the local fake of the platform (tests/fakes/wechat_platform.py) expects
PLATFORM_SECRET = "fakeplatformsecret"  # ... run as its own process, so bench imports nothing from tests
ACCOUNT = "gh_yimenbench01"
TEXTS = ("你好", "换身份证要带什么")
USERS = 200  # distinct citizens the messages come from


@dataclass(frozen=True)
class Result:
    mode: str
    startup_s: float
    messages: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    late: int  # answered `success` (the reply would follow as a customer-service message)
    cpu_s: float = 0.0  # CPU time the server's processes spent on the measured messages

    def row(self) -> str:
        ordered = sorted(self.latencies_ms) or [0.0]
        p50 = ordered[len(ordered) // 2]
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        rate = self.messages / self.seconds if self.seconds else 0.0
        cpu = self.cpu_s / self.messages * 1e6 if self.messages else 0.0
        return (f"{self.mode:<6} {self.startup_s:>9.2f} {self.messages:>9} {rate:>8.0f} {p50:>7.1f} {p99:>7.1f} "
                f"{cpu:>8.0f} {self.errors:>6} {self.late:>5}")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its descendants, from /proc (0 where it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = " ".join(p.read_text() for p in Path(f"/proc/{pid}/task").glob("*/children")).split()
    except (OSError, IndexError, ValueError):
        return 0.0
    return total + sum(server_cpu(int(child)) for child in children)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def aes_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()[:43]


class Server:
    def __init__(self, mode: str, workdir: Path, encoding_aes_key: str, *, platform_up: bool = True,
                 workers: int = 1, redis_url: str | None = None) -> None:
        self.mode, self.port = mode, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        platform_port = free_port()  # the local fake of the platform: tokens, user info, messages
        self.platform: subprocess.Popen[bytes] | None = None
        self.silent: socket.socket | None = None
        if platform_up:
            self.platform = subprocess.Popen(
                [sys.executable, "-m", "tests.fakes.wechat_platform", str(platform_port)],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for_port(platform_port)
        else:  # connections are taken by the kernel and never answered
            self.silent = socket.socket()
            self.silent.bind(("127.0.0.1", platform_port))
            self.silent.listen(4096)
        env = {**os.environ, "DATABASE_URL": f"sqlite://{workdir}/{mode}.sqlite3", "WECHAT_MODE": mode,
               "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APP_ID, "WECHAT_AES_KEY": encoding_aes_key,
               "WECHAT_APPSECRET": PLATFORM_SECRET, "WECHAT_API_BASE": f"http://127.0.0.1:{platform_port}/",
               "YIMEN_UPLOADS_DIR": str(workdir / "uploads")}
        env.pop("REDIS_URL", None)  # by default one process: the in-process Redis
        if redis_url:
            env["REDIS_URL"] = redis_url
        self.log = open(workdir / f"serve-{mode}.log", "wb")  # noqa: SIM115  (closed in stop)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    async def ready(self, session: aiohttp.ClientSession, timeout: float = 120.0) -> float:
        while time.perf_counter() - self.started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log.name}")
            try:
                async with session.get(f"{self.url}/healthz") as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.02)
        raise RuntimeError(f"server not ready after {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        if self.platform is not None:
            self.platform.terminate()
            self.platform.wait(timeout=15)
        if self.silent is not None:
            self.silent.close()


class Citizen:
    """Builds signed callbacks as the platform would, in the server's mode."""

    def __init__(self, mode: str, encoding_aes_key: str) -> None:
        self.mode = mode
        self.crypto = WeChatCrypto(TOKEN, encoding_aes_key, APP_ID)
        self.first_id = 30_000_000_000_000_000 + secrets.randbelow(10**15)

    def request(self, n: int) -> tuple[dict[str, str], str]:
        timestamp, nonce = str(int(time.time())), str(1_000_000 + n)
        body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
                f"<FromUserName><![CDATA[oBench{n % USERS:022d}]]></FromUserName>"
                f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                f"<Content><![CDATA[{TEXTS[n % 2]}]]></Content><MsgId>{self.first_id + n}</MsgId></xml>")
        query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
        if self.mode == "safe":
            envelope = xmltodict.parse(self.crypto.encrypt_message(body, nonce, timestamp))["xml"]
            query |= {"encrypt_type": "aes", "msg_signature": envelope["MsgSignature"]}
            body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
                    f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>")
        return query, body

    def answered(self, text: str) -> bool:
        """A passive text reply with content (decrypted in safe mode)."""
        fields = xmltodict.parse(text)["xml"]
        if self.mode == "safe":
            inner = self.crypto.decrypt_message(text, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
            fields = xmltodict.parse(inner)["xml"]
        return fields.get("MsgType") == "text" and bool((fields.get("Content") or "").strip())


async def fire(server: Server, citizen: Citizen, messages: int, concurrency: int,
               session: aiohttp.ClientSession) -> tuple[float, list[float], int, int]:
    latencies: list[float] = []
    errors = late = 0
    queue = iter(range(messages))
    replies: list[str] = []

    async def worker() -> None:
        nonlocal errors, late
        for n in queue:
            query, body = citizen.request(n)
            started = time.perf_counter()
            try:
                async with session.post(f"{server.url}/wechat", params=query, data=body.encode()) as response:
                    text = await response.text()
                    ok = response.status == 200
            except aiohttp.ClientError:
                ok, text = False, ""
            latencies.append((time.perf_counter() - started) * 1000)
            if not ok:
                errors += 1
            elif text == "success":
                late += 1
            else:
                replies.append(text)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    errors += sum(1 for text in replies if not answered_safely(citizen, text))
    return seconds, latencies, errors, late


def answered_safely(citizen: Citizen, text: str) -> bool:
    try:
        return citizen.answered(text)
    except Exception:  # noqa: BLE001  (any unreadable reply counts as an error in the table)
        return False


async def run_mode(mode: str, messages: int, concurrency: int, workdir: Path, *, platform_up: bool,
                   workers: int = 1, redis_url: str | None = None) -> Result:
    encoding_aes_key = aes_key()
    server = Server(mode, workdir, encoding_aes_key, platform_up=platform_up, workers=workers, redis_url=redis_url)
    try:
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
            startup = await server.ready(session)
            citizen = Citizen(mode, encoding_aes_key)
            await fire(server, citizen, min(messages, 20), min(concurrency, 4), session)  # warm-up, not counted
            cpu = server_cpu(server.process.pid)
            seconds, latencies, errors, late = await fire(server, citizen, messages, concurrency, session)
            cpu = server_cpu(server.process.pid) - cpu
    finally:
        server.stop()
    return Result(mode, startup, messages, seconds, latencies, errors, late, cpu)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py bench wechat", description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--messages", type=int, default=2000)
    parser.add_argument("-c", "--concurrency", type=int, default=20)
    parser.add_argument("--modes", default="plain,safe", help="comma-separated: plain, compat, safe")
    parser.add_argument("--platform", choices=["up", "down"], default="up",
                        help="down: the platform takes connections and never answers")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers N (more than 1 needs --redis-url)")
    parser.add_argument("--redis-url", help="REDIS_URL for the server (default: the embedded in-process Redis)")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="yimen-bench-") as tmp:
        for mode in args.modes.split(","):
            results.append(asyncio.run(run_mode(mode.strip(), args.messages, args.concurrency, Path(tmp),
                                                platform_up=args.platform == "up", workers=args.workers,
                                                redis_url=args.redis_url)))
    print(f"{'mode':<6} {'startup s':>9} {'messages':>9} {'msgs/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'CPU µs':>8} {'errors':>6} {'late':>5}")
    for result in results:
        print(result.row())
    backend = f"{args.workers} worker(s), Redis {args.redis_url}" if args.redis_url else "embedded, 1 process"
    print(f"{backend}; platform {args.platform}; concurrency {args.concurrency}; "
          "'CPU µs' = the server's CPU per message; "
          "'late' = answered `success`, reply left for a customer-service message")
    return 1 if any(r.errors for r in results) else 0

"""`python main.py bench record`: the performance record — Yimen beside a ceiling and an echo bot, one run.

Starts, each on its own loopback port as processes of their own:
  - a bare aiohttp app answering a fixed XML reply, 2 processes: the machine's ceiling;
  - a wechatpy bot on aiohttp (signature, parse, echo the text), 2 processes: understands nothing;
  - Yimen (`main.py serve`), embedded default (SQLite, in-process Redis, 1 process), plaintext and
    safe (AES) mode;
  - Yimen with PostgreSQL (scripts/services.sh) and a Redis of its own, `serve --workers 2`, both modes
    (skipped, with a note, when PostgreSQL or redis-server is not installed).
Each is driven by wrk (bench/record.lua, bench/record_load.py) with signed text messages that are
all distinct, from 2,000 known followers (80 %) and new ones (20 %); Yimen's rows run once with the
platform reachable (a local fake answering in 30 ms, bench/record_servers.py) and once unreachable
(its address a closed port). Prints the table and writes an SVG bar chart of it (--chart).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from .record_chart import write_chart
from .record_load import (
    KNOWN,
    TIMEOUT_S,
    Load,
    Messages,
    Signer,
    python_load,
    question_texts,
    run_wrk,
    warm_up,
    write_pool,
    wrk_available,
)
from .wechat import APP_ID, PLATFORM_SECRET, TOKEN, aes_key, free_port, server_cpu, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CHART = Path(__file__).with_name("record.svg")


@dataclass
class Row:
    server: str
    platform: str  # "—" for the servers that never call it
    load: Load
    kind: str  # ceiling, echo, yimen

    short: str = ""  # the chart's label
    cpu_s: float = 0.0  # CPU seconds the server's processes spent while the load ran (from /proc)

    @property
    def cpu_us_per_message(self) -> float:
        return self.cpu_s / self.load.requests * 1e6 if self.load.requests else 0.0

    @property
    def label(self) -> str:
        return self.short or self.server


class Process:
    """A server process of the run, stopped with SIGINT (then killed)."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log.open("wb")
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


async def ready(url: str, process: Process, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while time.monotonic() < deadline:
            if process.process.poll() is not None:
                raise RuntimeError(f"server exited with {process.process.returncode}; see {process.log.name}")
            try:
                async with session.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            except (TimeoutError, aiohttp.ClientError):
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError(f"not ready after {timeout} s; see {process.log.name}")


@dataclass
class Backend:
    """Where a Yimen row keeps its state; the database is made once and kept for the run."""

    name: str
    workers: int
    database_url: str
    short: str
    redis_url: str | None = None
    warmed: bool = False


class Run:
    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args, self.workdir = args, workdir
        self.texts = question_texts()
        self.texts_file = workdir / "texts.txt"
        self.texts_file.write_text("\n".join(self.texts) + "\n", encoding="utf-8")
        self.tool = "wrk" if wrk_available() and not args.python_load else "python"

    def run_id(self) -> str:
        return str(100_000 + secrets.randbelow(900_000))

    def measure(self, url: str, signer: Signer, pool_size: int = 0) -> Load:
        run = self.run_id()
        messages = Messages(signer, self.texts, run)
        pool_file: Path | None = None
        pool: list[tuple[dict[str, str], str]] | None = None
        if signer.mode == "safe":
            if self.tool == "wrk":
                pool_file = self.workdir / f"pool-{run}.txt"
                write_pool(pool_file, messages, pool_size)
            else:
                pool = [messages.next() for _ in range(pool_size)]
        if self.tool == "wrk":
            return run_wrk(url, signer, self.workdir, texts_file=self.texts_file, pool=pool_file, pool_size=pool_size,
                           run=run, duration=self.args.duration, connections=self.args.connections,
                           threads=self.args.threads)
        return asyncio.run(python_load(url, messages, pool=pool, duration=self.args.duration,
                                       connections=self.args.connections))

    def baseline(self, kind: str) -> Row:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = Process([sys.executable, "-m", "bench.record_servers", kind, str(port), "2"], dict(os.environ),
                         self.workdir / f"{kind}.log")
        try:
            asyncio.run(ready(url, server))
            cpu = server_cpu(server.process.pid)
            load = self.measure(url, Signer("plain", aes_key()))
            cpu = server_cpu(server.process.pid) - cpu
        finally:
            server.stop()
        name = {"ceiling": "bare aiohttp, fixed XML reply, 2 processes (ceiling)",
                "echo": "wechatpy parse + echo on aiohttp, 2 processes"}[kind]
        short = {"ceiling": "ceiling: bare aiohttp ×2", "echo": "echo bot: wechatpy ×2"}[kind]
        return Row(name, "—", load, kind, short, cpu)

    def yimen(self, backend: Backend, mode: str, platform_url: str, platform: str, pool_size: int) -> Row:
        port = free_port()
        url, key = f"http://127.0.0.1:{port}", aes_key()
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env |= {"DATABASE_URL": backend.database_url, "WECHAT_MODE": mode, "WECHAT_TOKEN": TOKEN,
                "WECHAT_APPID": APP_ID, "WECHAT_AES_KEY": key, "WECHAT_APPSECRET": PLATFORM_SECRET,
                "WECHAT_API_BASE": platform_url, "YIMEN_UPLOADS_DIR": str(self.workdir / "uploads")}
        if backend.redis_url:
            env["REDIS_URL"] = backend.redis_url
        server = Process([sys.executable, str(ROOT / "main.py"), "serve", "--host", "127.0.0.1", "--port", str(port),
                          "--workers", str(backend.workers)], env,
                         self.workdir / f"yimen-{backend.name}-{mode}-{platform}.log")
        signer = Signer(mode, key)
        try:
            asyncio.run(ready(url, server))
            if not backend.warmed:
                print(f"  warming up {KNOWN} known followers on {backend.name} …", file=sys.stderr)
                asyncio.run(warm_up(url, signer, self.texts, self.run_id()))
                backend.warmed = True
            cpu = server_cpu(server.process.pid)
            load = self.measure(url, signer, pool_size)
            cpu = server_cpu(server.process.pid) - cpu
        finally:
            server.stop()
        label = {"plain": "plaintext", "safe": "safe (AES)"}[mode]
        short = f"Yimen {backend.short}, {mode}, platform {'down' if 'unreachable' in platform else '30 ms'}"
        return Row(f"Yimen, {backend.name}, {label}", platform, load, "yimen", short, cpu)


def redis_server(workdir: Path) -> tuple[Process, str] | None:
    """A Redis of this run's own (nothing else's keys in it), or None when redis-server is missing."""
    if shutil.which("redis-server") is None:
        return None
    port = free_port()
    process = Process(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                      dict(os.environ), workdir / "redis.log")
    wait_for_port(port)
    return process, f"redis://127.0.0.1:{port}/0"


SERVICES = ROOT / "scripts" / "services.sh"
SERVICES_STARTED = ROOT / "var" / "services" / "started"  # what services.sh started and will stop


def postgres_admin_url() -> str | None:
    """scripts/services.sh's PostgreSQL (started when installed but not running), or None."""
    out = subprocess.run(["sh", str(SERVICES), "start"], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("export YIMEN_TEST_POSTGRES_URL="):
            return line.split("=", 1)[1].strip().strip("'\"")
    return None


def psql(admin_url: str, sql: str) -> None:
    subprocess.run(["psql", admin_url, "-qc", sql], check=True, capture_output=True)


def with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def pool_size(rate: float, duration: int) -> int:
    """Safe-mode bodies to make: twice what the same server did in plaintext, and never few."""
    return max(2000, int(rate * duration * 2))


def ratio(value: float, base: float) -> str:
    return f"{value / base:.1%}" if base else "—"


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def targets(rows: list[Row], ceiling: float, echo: float) -> list[str]:
    """Issue 16's targets, row by row: met or not (the p99 at half the peak rate is not measured here)."""
    out = []
    for r in (r for r in rows if r.kind == "yimen"):
        checks = [f"{ratio(r.load.rate, ceiling)} of ceiling (≥ 25 %): {verdict(r.load.rate >= 0.25 * ceiling)}",
                  f"{ratio(r.load.rate, echo)} of echo (≥ 50 %): {verdict(r.load.rate >= 0.5 * echo)}"]
        if r.platform == "unreachable":
            up = next((u for u in rows if u.server == r.server and u.platform != "unreachable"), None)
            if up is not None:
                kept = r.load.rate / up.load.rate if up.load.rate else 0.0
                checks.append(f"{kept:.0%} of reachable (≥ 90 %): {verdict(kept >= 0.9)}")
            real = r.load.real_share
            checks.append(f"{real:.1%} real answers (all): {verdict(real >= 1.0)}")
        out.append(f"- {r.label}: " + "; ".join(checks))
    return ["Targets (issue 16):", *out] if out else []


def table(rows: list[Row], tool: str, args: argparse.Namespace) -> str:
    ceiling = next((r.load.rate for r in rows if r.kind == "ceiling"), 0.0)
    echo = next((r.load.rate for r in rows if r.kind == "echo"), 0.0)
    lines = ["| server | platform | msg/s | p50 | p99 | server CPU µs/msg | of ceiling | of echo bot | real answers |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        real = f"{r.load.real_share:.1%}" if r.kind == "yimen" else "—"
        if r.load.exhausted:
            real += f" (pool ran out: {r.load.exhausted} replays)"
        lines.append(f"| {r.server} | {r.platform} | {r.load.rate:,.0f} | {r.load.p50_ms:,.1f} ms | "
                     f"{r.load.p99_ms:,.1f} ms | {r.cpu_us_per_message:,.0f} | {ratio(r.load.rate, ceiling)} | "
                     f"{ratio(r.load.rate, echo)} | {real} |")
    lines += ["", *targets(rows, ceiling, echo)]
    load = os.getloadavg()[0]
    lines.append("")
    lines.append(f"{tool}: {args.duration} s a row, {args.connections} connections"
                 + (f", {args.threads} threads" if tool == "wrk" else " (Python load generator: wrk is not installed)")
                 + f", timeout {TIMEOUT_S} s; {KNOWN:,} known followers (80 % of messages), 20 % new; "
                 f"load average {load:.1f} on {os.cpu_count()} cores.")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py bench record", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load a row (default 10)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--chart", type=Path, default=DEFAULT_CHART, help=f"the SVG chart (default {DEFAULT_CHART})")
    parser.add_argument("--platform", default="up,down", help="up (answering in 30 ms), down (a closed port), or both")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL + Redis rows")
    parser.add_argument("--python-load", action="store_true", help="the Python load generator even when wrk is there")
    args = parser.parse_args(argv)
    notes: list[str] = []
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="yimen-record-") as tmp:
        workdir = Path(tmp)
        run = Run(args, workdir)
        if run.tool == "python":
            notes.append("wrk is not installed (Debian package `wrk`): the Python load generator was used, "
                         "which is far slower than wrk, so the ceiling and the echo bot are understated")
        backends = [Backend("embedded", 1, f"sqlite://{workdir}/embedded.sqlite3", "embedded")]
        started: list[Process] = []
        drop: tuple[str, str] | None = None
        ours = False
        try:
            if not args.no_postgres:
                redis = redis_server(workdir)
                ours = not SERVICES_STARTED.exists()  # then what services.sh starts now is stopped at the end
                admin = postgres_admin_url() if shutil.which("psql") else None
                if redis is None or admin is None:
                    notes.append("PostgreSQL + Redis rows skipped: "
                                 + ("redis-server is not installed" if redis is None else
                                    "PostgreSQL is not installed (scripts/services.sh install)"))
                    if redis is not None:
                        redis[0].stop()
                else:
                    started.append(redis[0])
                    name = f"yimen_record_{secrets.token_hex(4)}"
                    psql(admin, f'CREATE DATABASE "{name}"')
                    drop = (admin, name)
                    backends.append(Backend("PostgreSQL + Redis, 2 workers", 2, with_database(admin, name),
                                            "PG + Redis ×2", redis_url=redis[1]))
            platform_port = free_port()
            platform = Process([sys.executable, "-m", "bench.record_servers", "platform", str(platform_port), "30"],
                               dict(os.environ), workdir / "platform.log")
            started.append(platform)
            wait_for_port(platform_port)
            print("ceiling …", file=sys.stderr)
            rows.append(run.baseline("ceiling"))
            print("echo bot …", file=sys.stderr)
            rows.append(run.baseline("echo"))
            for state in [s.strip() for s in args.platform.split(",")]:
                platform_url = (f"http://127.0.0.1:{platform_port}/" if state == "up"
                                else f"http://127.0.0.1:{free_port()}/")  # nothing listens there
                shown = {"up": "answering in 30 ms", "down": "unreachable"}[state]
                for backend in backends:
                    print(f"Yimen, {backend.name}, platform {state} …", file=sys.stderr)
                    plain = run.yimen(backend, "plain", platform_url, shown, 0)
                    rows.append(plain)
                    rows.append(run.yimen(backend, "safe", platform_url, shown,
                                          pool_size(plain.load.rate, args.duration)))
        finally:
            for process in reversed(started):
                process.stop()
            if drop is not None:
                psql(drop[0], f'DROP DATABASE IF EXISTS "{drop[1]}" WITH (FORCE)')
            if ours and SERVICES_STARTED.exists():
                subprocess.run(["sh", str(SERVICES), "stop-started"], capture_output=True)
        text = table(rows, run.tool, args)
        print(text)
        for note in notes:
            print(f"Note: {note}.")
        write_chart(args.chart, rows)
        print(f"Chart: {args.chart}")
    return 0

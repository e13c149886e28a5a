"""Real servers a fault test owns: a Redis and a PostgreSQL of its own on free loopback ports (so that
killing them touches nobody else's), and `python main.py serve` as a subprocess.

The Redis keeps an append-only file fsynced on every write, as a production Redis that may be
restarted does; the PostgreSQL cluster is made by initdb in a fresh directory (as the `postgres`
user when the tests run as root) and restarted with `pg_ctl -m immediate`, a crash without a
shutdown checkpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)[-1:]), None) \
    if Path("/usr/lib/postgresql").is_dir() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def wait_until(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not within {timeout} s")
        time.sleep(0.05)


class RedisServer:
    """redis-server on a free port, AOF fsynced always; kill() is SIGKILL, start() brings it back."""

    def __init__(self, workdir: Path) -> None:
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed (scripts/services.sh install)")
        self.workdir, self.port = workdir, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: listening(self.port), 20, "redis-server listening")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.kill()


class PostgresServer:
    """A PostgreSQL cluster of its own (initdb), on a free port, trust authentication on loopback."""

    def __init__(self) -> None:
        if PG_BIN is None or not (PG_BIN / "initdb").exists():
            pytest.skip("PostgreSQL is not installed (scripts/services.sh install)")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.dir = Path(tempfile.mkdtemp(prefix="yimen-faults-pg-"))
        self.data = self.dir / "data"
        self.root = os.getuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")

    def run(self, tool: str, *args: str) -> None:
        command = [str(PG_BIN / tool), *args]
        if self.root:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-o",
                 f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def crash(self) -> None:
        """Stop at once, without a checkpoint (the next start recovers from the WAL)."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def serve_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    return {**env, **extra}


class Serve:
    """`python main.py serve` on a free port, its output in a log file."""

    def __init__(self, workdir: Path, env: dict[str, str], *, workers: int = 1, name: str = "serve",
                 preexec_fn=None) -> None:  # type: ignore[no-untyped-def]
        self.port = free_port()
        self.worker_count = workers
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "main.py", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                 "--workers", str(workers)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=preexec_fn)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    async def ready(self, timeout: float = 90.0) -> None:
        """/healthz answers and, under `--workers N`, all N workers have been started (the first one
        answers before the parent starts the others)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
            while True:
                assert self.process.poll() is None, self.log()
                assert loop.time() < deadline, self.log()
                try:
                    async with http.get(f"{self.url}/healthz") as response:
                        if response.status == 200 and (self.worker_count == 1
                                                       or len(self.workers()) == self.worker_count):
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)

    def workers(self) -> list[int]:
        """The pids of the worker processes (the children of `serve --workers N`)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

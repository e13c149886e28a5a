"""The backend every test's database and Redis are on: the embedded default, or the scaled form.

- embedded (the default): a SQLite file in the test's tmp_path and the in-process Redis (fakeredis).
- scaled (YIMEN_TEST_BACKEND=scaled, with YIMEN_TEST_POSTGRES_URL and YIMEN_TEST_REDIS_URL from
  `scripts/services.sh start`): a PostgreSQL database of its own for each test, cloned from a template
  this session migrates once (CREATE DATABASE ... TEMPLATE: ~50 ms, as fast as a TRUNCATE of every
  table, and a test may open several databases or hand one to a subprocess), and a real Redis
  (database SCALED_REDIS_DB of the server), flushed before each test.

Tests ask for `database_url(tmp_path, name)` and `redis_url()` instead of writing a sqlite:// URL or
None, and `redis_client()` for a Redis connection of their own. tests/conftest.py drops each test's
databases when it ends. A test that only makes sense embedded is marked
`@pytest.mark.embedded_only("why")` and skipped in the scaled pass.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BACKEND = os.environ.get("YIMEN_TEST_BACKEND", "embedded")
SCALED = BACKEND == "scaled"
SCALED_REDIS_DB = 1  # tests that use YIMEN_TEST_REDIS_URL itself stay on its database (0)
ROOT = Path(__file__).resolve().parent.parent


class BackendError(RuntimeError):
    """The scaled pass was asked for without its servers."""


def check_backend() -> None:
    if BACKEND not in ("embedded", "scaled"):
        raise BackendError(f"YIMEN_TEST_BACKEND: embedded or scaled, got {BACKEND!r}")
    if SCALED and not (os.environ.get("YIMEN_TEST_POSTGRES_URL") and os.environ.get("YIMEN_TEST_REDIS_URL")):
        raise BackendError("YIMEN_TEST_BACKEND=scaled needs YIMEN_TEST_POSTGRES_URL and YIMEN_TEST_REDIS_URL: "
                           'eval "$(scripts/services.sh start)"')


def with_database(url: str, name: str, query: str = "") -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, query, ""))


class Postgres:
    """This session's template and each test's clones, made on an admin connection that lives in a
    thread of its own (a sync fixture may need a database as much as an async one)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"yimen_t{os.getpid()}_"
        self.template = self.prefix + "template"
        self.count = 0
        self.made: dict[tuple[str, str], str] = {}  # (tmp_path, name) → database, for the running test
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="test-postgres-admin", daemon=True).start()
        self.admin: Any = None
        self.ready = False

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def execute(self, sql: str) -> None:
        import asyncpg

        if self.admin is None:
            self.admin = await asyncpg.connect(self.url)
        await self.admin.execute(sql)

    async def fetch(self, sql: str) -> list[Any]:
        await self.execute("SELECT 1")
        return await self.admin.fetch(sql)

    def prepare(self) -> None:
        """Drop what killed sessions left, then migrate the template once (in a subprocess: the
        template must be closed before it is cloned, and Tortoise is this process's tests')."""
        if self.ready:
            return
        for (name,) in self.run(self.fetch("SELECT datname FROM pg_database WHERE datname LIKE 'yimen\\_t%\\_%'")):
            pid = name.removeprefix("yimen_t").partition("_")[0]
            if pid.isdigit() and (int(pid) == os.getpid() or not Path(f"/proc/{pid}").exists()):
                self.run(self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.run(self.execute(f'CREATE DATABASE "{self.template}"'))
        script = ("import asyncio, sys\nfrom core.db import open_database\nfrom handlers.parts import MODEL_MODULES\n"
                  "async def main():\n    async with open_database(sys.argv[1], MODEL_MODULES):\n        pass\n"
                  "asyncio.run(main())\n")
        subprocess.run([sys.executable, "-c", script, with_database(self.url, self.template)], cwd=ROOT, check=True)
        self.ready = True

    def database(self, tmp_path: Path | str, name: str) -> str:
        key = (str(tmp_path), name)
        if key not in self.made:
            self.prepare()
            self.count += 1
            database = f"{self.prefix}{self.count}"
            self.run(self.execute(f'CREATE DATABASE "{database}" TEMPLATE "{self.template}" STRATEGY FILE_COPY'))
            self.made[key] = database
        return with_database(self.url, self.made[key])

    def drop_made(self) -> None:
        made, self.made = list(self.made.values()), {}
        for database in made:
            self.run(self.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))

    def close(self) -> None:
        if self.ready:
            self.drop_made()
            self.run(self.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
        if self.admin is not None:
            self.run(self.admin.close())
        self.loop.call_soon_threadsafe(self.loop.stop)


_postgres: Postgres | None = None


def postgres() -> Postgres:
    global _postgres
    if _postgres is None:
        _postgres = Postgres(os.environ["YIMEN_TEST_POSTGRES_URL"])
    return _postgres


def database_url(tmp_path: Path | str, name: str = "t") -> str:
    """The test's database called `name`: the same URL each time the test asks for the same name."""
    if not SCALED:
        return f"sqlite://{tmp_path}/{name}.sqlite3"
    return postgres().database(tmp_path, name)


def redis_url() -> str | None:
    """The REDIS_URL of the test's app: None (in-process) embedded, the real server scaled."""
    if not SCALED:
        return None
    return with_database(os.environ["YIMEN_TEST_REDIS_URL"], str(SCALED_REDIS_DB))


def redis_client(server: Any = None) -> Any:
    """A Redis connection of the test's own (decoded strings): fakeredis embedded (on `server`, a
    FakeServer, when connections must share one), the real server scaled."""
    if SCALED:
        from redis.asyncio import Redis

        return Redis.from_url(redis_url(), decode_responses=True)
    from fakeredis import FakeAsyncRedis

    return FakeAsyncRedis(server=server, decode_responses=True) if server is not None \
        else FakeAsyncRedis(decode_responses=True)


def flush_redis() -> None:
    import redis

    url = redis_url()
    assert url is not None
    with redis.Redis.from_url(url) as connection:
        connection.flushdb()


def end_test() -> None:
    if SCALED and _postgres is not None:
        _postgres.drop_made()


def end_session() -> None:
    if _postgres is not None:
        _postgres.close()

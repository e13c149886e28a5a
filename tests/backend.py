"""The backend every test's database and Redis are on: the embedded default, or the scaled form.

- embedded (the default): a SQLite file in the test's tmp_path and the in-process Redis (fakeredis).
- scaled (YIMEN_TEST_BACKEND=scaled, with YIMEN_TEST_POSTGRES_URL and YIMEN_TEST_REDIS_URL from
  `scripts/services.sh start`): PostgreSQL databases cloned from a template this session migrates
  once, each emptied when a test that used it ends (see Postgres), and a real Redis (database
  SCALED_REDIS_DB of the server), flushed before each test. A test may open several databases (one
  per name) or hand one to a subprocess.

Tests ask for `database_url(tmp_path, name)` and `redis_url()` instead of writing a sqlite:// URL or
None, and `redis_client()` for a Redis connection of their own. tests/conftest.py empties each
test's databases when it ends. A test that only makes sense embedded is marked
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
    """This session's databases, on admin connections that live in a thread of their own (a sync
    fixture may need a database as much as an async one).

    The template is migrated once; each name a test asks for (database_url(tmp_path, NAME)) is
    cloned from it the first time, then reused by later tests: when a test ends, the databases it
    used are emptied (DELETE of every table, foreign keys not checked, sequences back to 1) in one
    round trip of ~10 ms; a CREATE DATABASE ... TEMPLATE (~50 ms idle) or a TRUNCATE of the 33 tables
    (~57 ms) took 400 ms to 1 s each on this shared 2-core machine."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"yimen_t{os.getpid()}_"
        self.template = self.prefix + "template"
        self.made: dict[str, str] = {}  # name → database
        self.connections: dict[str, Any] = {}  # database → its cleaner's connection
        self.used: set[str] = set()  # the databases the running test asked for
        self.empty_them = ""  # the SQL that empties a database of this schema
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="test-postgres-admin", daemon=True).start()
        self.admin: Any = None
        self.ready = False

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def connect(self, database: str | None = None) -> Any:
        import asyncpg

        if database is None:
            if self.admin is None:
                self.admin = await asyncpg.connect(self.url)
            return self.admin
        if database not in self.connections:
            self.connections[database] = await asyncpg.connect(with_database(self.url, database))
        return self.connections[database]

    async def execute(self, sql: str, database: str | None = None) -> None:
        await (await self.connect(database)).execute(sql)

    async def fetch(self, sql: str, database: str | None = None) -> list[Any]:
        return await (await self.connect(database)).fetch(sql)

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

    def database(self, name: str) -> str:
        if name not in self.made:
            self.prepare()
            database = f"{self.prefix}{len(self.made) + 1}"
            self.run(self.execute(f'CREATE DATABASE "{database}" TEMPLATE "{self.template}"'))
            self.made[name] = database
        self.used.add(self.made[name])
        return with_database(self.url, self.made[name])

    async def empty(self, database: str) -> None:
        if not self.empty_them:
            tables = await self.fetch("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'",
                                      database)
            sequences = await self.fetch("SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) "
                                         "FROM pg_sequences", database)
            self.empty_them = "".join(
                ["SET session_replication_role = replica; BEGIN; "]
                + [f"DELETE FROM {table}; " for (table,) in tables]
                + [f"SELECT setval('{sequence}', 1, false); " for (sequence,) in sequences]
                + ["COMMIT; RESET session_replication_role;"])
        # what a test's subprocess left connected (a server it killed) holds no lock the DELETE waits for
        await self.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           f"WHERE datname = '{database}' AND pid <> pg_backend_pid()", database)
        await self.execute(self.empty_them, database)

    def end_test(self) -> None:
        used, self.used = self.used, set()
        for database in used:
            self.run(self.empty(database))

    def close(self) -> None:
        for connection in self.connections.values():
            self.run(connection.close())
        if self.ready:
            for database in [*self.made.values(), self.template]:
                self.run(self.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
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
    return postgres().database(name)


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
        _postgres.end_test()


def end_session() -> None:
    if _postgres is not None:
        _postgres.close()

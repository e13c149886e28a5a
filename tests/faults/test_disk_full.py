"""The disk of var/ full, as EFBIG: the server runs with RLIMIT_FSIZE a little above its database's size
(a file may not grow past it: SQLite's writes then fail with EFBIG, as they fail with ENOSPC on a full disk;
Python ignores SIGXFSZ, so the process lives on). Messages keep coming while nothing more can be written:
every one gets an answer (a reply or a clear error), none hangs, the server stays up; once the limit is
lifted (space freed) it answers and remembers again within seconds, and each message is answered once."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import aiohttp
import pytest

from handlers.wechat import SORRY
from tests.fakes.wechat_platform import FakePlatform, wechat_platform  # noqa: F401  (a fixture)

from .load import Record, say
from .servers import Serve, serve_environment

pytestmark = pytest.mark.slow

TOKEN = "yimenfaulttoken"
HEADROOM = 16 * 1024  # bytes the database may still grow by


def limited(size: int):  # type: ignore[no-untyped-def]
    def apply() -> None:  # in the child, before exec: soft limit only, so that it can be lifted again
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))
    return apply


async def test_a_full_disk_is_survived_and_writing_resumes_when_space_is_back(tmp_path: Path,
                                                                             wechat_platform: FakePlatform):  # noqa: F811
    database = tmp_path / "t.sqlite3"
    env = serve_environment(DATABASE_URL=f"sqlite://{database}", WECHAT_API_BASE=wechat_platform.url,
                            WECHAT_APPID=wechat_platform.app_id, WECHAT_APPSECRET=wechat_platform.secret,
                            WECHAT_MODE="plain", WECHAT_TOKEN=TOKEN, YIMEN_UPLOADS_DIR=str(tmp_path / "up"))
    first = Serve(tmp_path, env, name="prepare")  # creates the schema and loads the catalog
    await first.ready()
    assert first.stop() == 0
    biggest = max(p.stat().st_size for p in tmp_path.glob("t.sqlite3*"))
    server = Serve(tmp_path, env, preexec_fn=limited(biggest + HEADROOM))
    try:
        await server.ready()
        record = Record()
        now = int(time.time())
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=10)) as http:
            full = [await say(http, server.url, TOKEN, f"oFull{n:021d}", "换身份证要带什么", 6_000_000 + n, record,
                              at=now, attempts=1) for n in range(120)]
            assert server.process.poll() is None, server.log()
            assert "disk I/O error" in server.log(), server.log()  # SQLite's word for EFBIG
            lifted = time.monotonic()
            resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE,
                             (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            after = [await say(http, server.url, TOKEN, f"oFull{n:021d}", "你好", 6_100_000 + n, record, at=now)
                     for n in range(5)]
            recovery = record.recovered_after(lifted)
        print(f"\ndisk full: {full.count(SORRY)} of {len(full)} answered with the apology; {dict(record.statuses)}; "
              f"slowest {record.slowest:.2f} s; "
              f"answering again {recovery:.2f} s after space came back")
        assert not record.unclear, record.unclear
        assert all(text.strip() for text in full + after)
        assert SORRY in full  # the disk was felt: a polite reply that says to send it again
        assert all(text not in ("", "success", SORRY) for text in after)
    finally:
        code = server.stop()
    assert code == 0, server.log()

"""Exactly once under a worker kill: a real subprocess runs the real `notify.dispatch` task against a
SQLite file and is killed with SIGKILL while the platform holds its pushes in flight unanswered (as many
as the dispatcher sends at once); a restarted worker (after the lease) sends the rest. Counted at the
fake platform: every reminder once, none twice, none lost (those in flight are `unknown`, listed for
staff, not resent blindly)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from catalog import ensure_catalog
from core.db import open_database
from handlers.parts import MODEL_MODULES
from identity import citizen_for_oa
from notify import dead_letters, subscribe
from notify.models import Outbox
from tests import backend
from tests.conftest import NOV_25_10AM
from tests.fakes.wechat_platform import FakePlatform, wechat_platform  # noqa: F401  (a fixture)

ROOT = Path(__file__).resolve().parents[2]
ROWS = 40
ANSWERED = 15  # the platform answers 15 pushes, then keeps the next ones unanswered: the worker dies then
AT_ONCE = 10  # the dispatcher's pushes at the platform at once (Settings.dispatch_concurrency's default)


async def worker(database_url: str, platform: FakePlatform, at: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.notify.dispatch_worker", database_url, platform.url, at, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def queue_reminders(database_url: str) -> None:
    async with open_database(database_url, MODEL_MODULES):
        await ensure_catalog()
        for n in range(ROWS):
            me = (await citizen_for_oa(f"o-kill-{n:03d}")).id
            await subscribe(me, ["id_card"], now=NOV_25_10AM)
            await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period="2027-01-10", citizen=me,
                                payload={"item": "id_card_renewal", "date": "2027年1月10日", "days_left": "46"},
                                due_at=NOV_25_10AM, dedupe_key=f"id_card_expiry:{me}:2027-01-10",
                                created_at=NOV_25_10AM)


async def statuses(database_url: str) -> Counter[str]:
    async with open_database(database_url, MODEL_MODULES):
        return Counter(await Outbox.all().values_list("status", flat=True))


async def test_a_worker_killed_mid_batch_sends_nothing_twice_and_loses_nothing(tmp_path, wechat_platform):  # noqa: F811
    database_url = backend.database_url(tmp_path, "kill")
    await queue_reminders(database_url)
    wechat_platform.hang_after = ANSWERED
    first = await worker(database_url, wechat_platform, NOV_25_10AM.isoformat())
    for _ in range(1200):  # until the platform holds every push in flight (a guard, not a timing)
        if len(wechat_platform.pushes) >= ANSWERED + AT_ONCE or first.returncode is not None:
            break
        await asyncio.sleep(0.05)
    assert len(wechat_platform.pushes) == ANSWERED + AT_ONCE, (await first.stderr.read()).decode()[-2000:]
    os.kill(first.pid, signal.SIGKILL)
    assert await first.wait() == -signal.SIGKILL
    after_kill = await statuses(database_url)
    assert after_kill == {"sent": ANSWERED, "sending": AT_ONCE, "claimed": ROWS - ANSWERED - AT_ONCE}

    wechat_platform.hang_after = None
    later = (NOV_25_10AM + timedelta(minutes=6)).isoformat()  # past the five-minute lease
    second = await worker(database_url, wechat_platform, later)
    out, err = await second.communicate()
    assert second.returncode == 0, err.decode()[-2000:]
    assert out.decode().split() == ["ready", str(ROWS - ANSWERED - AT_ONCE)]

    sent_to = Counter(p["touser"] for p in wechat_platform.pushes)
    assert len(sent_to) == ROWS and set(sent_to.values()) == {1}  # each citizen once, none lost
    assert await statuses(database_url) == {"sent": ROWS - AT_ONCE, "unknown": AT_ONCE}
    async with open_database(database_url, MODEL_MODULES):
        unknown = await dead_letters()
        assert len(unknown) == AT_ONCE
        assert all(u.status == "unknown" and "not resent" in (u.error or "") for u in unknown)

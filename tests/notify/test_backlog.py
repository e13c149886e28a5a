"""outbox_backlog, read by /metrics: rows due and unsent, and how long the oldest has waited."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.clock import SHANGHAI
from core.db import open_database
from handlers.parts import MODEL_MODULES
from notify import cancel_pending, enqueue, outbox_backlog
from tests import backend

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


async def test_the_backlog_counts_due_rows_and_the_oldest_wait(tmp_path):
    async with open_database(backend.database_url(tmp_path), MODEL_MODULES):
        assert await outbox_backlog(NOW) == (0, 0.0)
        for minutes, key in ((10, "a"), (3, "b"), (-5, "later")):  # "later" is not due yet
            await enqueue("appointment_reminder", "c1", {}, due_at=NOW - timedelta(minutes=minutes),
                          dedupe_key=key, now=NOW - timedelta(hours=1))
        assert await outbox_backlog(NOW) == (2, 600.0)
        await cancel_pending("a")
        assert await outbox_backlog(NOW) == (1, 180.0)

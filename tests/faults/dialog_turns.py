"""A process of its own taking turns in one citizen's dialog on a real Redis, for test_ordering.py:

    python -m tests.faults.dialog_turns REDIS_URL USER TURNS

Each turn reads the state's counter, yields to the loop a moment and writes it back plus one; prints the
values it saw, one line."""

from __future__ import annotations

import asyncio
import sys

from bot.dialog import RedisDialogs
from core.redis import open_redis


async def main(redis_url: str, user: str, turns: int) -> None:
    seen = []
    async with open_redis(redis_url) as redis:
        dialogs = RedisDialogs(redis)
        for _ in range(turns):
            async with dialogs.turn("fault", user) as state:
                seen.append(state.retries)
                await asyncio.sleep(0.005)
                state.retries += 1
    print(" ".join(map(str, seen)), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))

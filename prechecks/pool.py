"""Pre-checks off the event loop: a pool of processes, each with its OCR engine loaded once.

    async with open_pool(workers=2) as pool:
        result = await pool.check(data, Due.without_item(today))

A check is CPU work of about a second; in the event loop's process it would stall every other
citizen. The processes are spawned (not forked from a loop with threads and sockets) and each
warms its engine before its first file. A file over the size cap is refused here, before it is copied
to a worker.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from multiprocessing import get_context

from .check import Due, check_file, check_upload
from .decode import MAX_BYTES
from .messages import message
from .result import Result


def _warm(threads: int) -> None:
    os.environ["YIMEN_OCR_THREADS"] = str(threads)
    from .ocr import engine

    engine()


class PrecheckPool:
    def __init__(self, workers: int = 2, threads_per_worker: int = 1) -> None:
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                             initializer=_warm, initargs=(threads_per_worker,))
        self.workers = workers

    async def check(self, data: bytes, due: Due) -> Result:
        if len(data) > MAX_BYTES:
            return Result("other", ("refuse_bomb",), {}, (message("refuse_bomb", "other"),))
        return await asyncio.get_running_loop().run_in_executor(self._executor, check_file, data, due)

    async def check_upload(self, data: bytes, due: Due) -> tuple[Result, bytes | None]:
        """The result and the stripped copy to keep (check.check_upload)."""
        if len(data) > MAX_BYTES:
            return Result("other", ("refuse_bomb",), {}, (message("refuse_bomb", "other"),)), None
        return await asyncio.get_running_loop().run_in_executor(self._executor, check_upload, data, due)

    async def warm_up(self) -> None:
        """Start every worker and load its engine now, not on the first citizen's file."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._executor, _warm, 1) for _ in range(self.workers)))

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


@asynccontextmanager
async def open_pool(workers: int = 2) -> AsyncIterator[PrecheckPool]:
    pool = PrecheckPool(workers)
    try:
        await pool.warm_up()
        yield pool
    finally:
        await asyncio.get_running_loop().run_in_executor(None, pool.close)

"""`python main.py serve [--workers N]`: the web process, or N of them sharing one port.

Each worker is a process of its own with its own event loop and its own app (handlers/app.py);
they listen on the same address with SO_REUSEPORT and the kernel spreads the connections over
them. They share state through REDIS_URL (nonces, answer-once keys, dialog state, the access
token, the job queue): without it the in-process Redis and the embedded database's remembered keys
belong to one process, so more than one worker is refused. The parent only watches: it passes
SIGINT/SIGTERM on to the workers, and when one dies it stops the others and exits non-zero.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from types import FrameType

from aiohttp import web

from core.privacy import configure_logging
from core.settings import Settings

from .access_log import AccessLogger
from .app import create_app

log = logging.getLogger("yimen")


class ServeError(Exception):
    """The command line asked for something that cannot run."""


def check_workers(settings: Settings, workers: int) -> None:
    if workers < 1:
        raise ServeError("--workers: at least 1")
    if workers > 1 and settings.redis_url is None:
        raise ServeError(f"--workers {workers} needs REDIS_URL: without it the in-process Redis and the embedded "
                         "database's remembered keys belong to one process, so workers could not share them "
                         "(run one process, or set REDIS_URL)")


def run_worker_process(settings: Settings, host: str, port: int, number: int, workers: int) -> None:
    """One web process: its own loop and app; with more than one, on a port shared by SO_REUSEPORT."""
    configure_logging()
    name = "yimen" if workers == 1 else f"yimen.worker{number}"
    web.run_app(
        create_app(settings),
        host=host,
        port=port,
        reuse_port=workers > 1 or None,
        access_log_class=AccessLogger,  # no query strings: signatures, nonces and openids stay out of logs
        access_log=logging.getLogger(f"{name}.access"),
        print=lambda line: logging.getLogger(name).info(line),
    )


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> int:
    check_workers(settings, workers)
    if workers == 1:
        run_worker_process(settings, host, port, 1, 1)
        return 0
    configure_logging()
    context = multiprocessing.get_context("spawn")  # a fresh interpreter each: no loop or connection inherited
    processes = [context.Process(target=run_worker_process, args=(settings, host, port, n, workers),
                                 name=f"yimen-worker-{n}") for n in range(1, workers + 1)]
    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for process in processes:  # SIGTERM: each worker's aiohttp shuts down gracefully
            if process.is_alive():
                process.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for process in processes:
        process.start()
    log.info("serving on http://%s:%d with %d worker processes (SO_REUSEPORT)", host, port, workers)
    failed = False
    while any(p.is_alive() for p in processes):
        for process in processes:
            process.join(timeout=0.5)
            if not stopping and process.exitcode not in (None, 0):
                log.error("%s exited with %s: stopping the others", process.name, process.exitcode)
                failed, stopping = True, True
                for other in processes:
                    if other.is_alive():
                        other.terminate()
    return 1 if failed or any(p.exitcode not in (0, -signal.SIGTERM, -signal.SIGINT) for p in processes) else 0

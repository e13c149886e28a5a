"""`python main.py serve [--workers N]`: the web process, or N of them sharing one port.

Each worker is a process of its own with its own event loop and its own app (handlers/app.py);
they listen on the same address with SO_REUSEPORT and the kernel spreads the connections over
them. The parent binds every worker's socket before it forks them, so a port in use is one clear
error at start, never a half-started server. The first worker starts alone (it creates the schema
and loads the catalog when the database is new), the others once it is up. Each worker keeps only
its own socket, so the kernel stops sending connections to a worker that died.

They share state through REDIS_URL (nonces, answer-once keys, dialog state, the access token, the
job queue): without it the in-process Redis and the embedded database's remembered keys belong to
one process, so more than one worker is refused. The parent only watches: it passes SIGINT/SIGTERM
on to the workers as SIGTERM; a worker that dies after it was ready (SIGKILL, the OOM killer) is started
again on a new socket of the port while the others keep answering; one that dies before it was ready stops
the others, and the parent exits non-zero.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import signal
import socket
from collections.abc import Callable
from multiprocessing.context import ForkContext, ForkProcess
from multiprocessing.synchronize import Event
from types import FrameType

import uvloop
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


def announce(name: str, text: str) -> None:
    """aiohttp's start-up banner, one log record a line (the masking formatter escapes newlines)."""
    for line in text.splitlines():
        logging.getLogger(name).info(line)


async def freeze_startup_objects(_app: web.Application) -> None:
    """Once every cleanup context has opened: what start-up made (the catalog, the NLU's indexes, jieba's
    dictionary: millions of objects, all kept) is moved out of the collector's sight (gc.freeze), so that
    a full collection while serving takes about a millisecond instead of ~400 ms of a stopped loop."""
    gc.collect()
    gc.freeze()


def run_app(settings: Settings, name: str, ready: Callable[[], None] | None = None, **where: object) -> None:
    app = create_app(settings)
    app.on_startup.append(freeze_startup_objects)
    if ready is not None:
        async def started(_app: web.Application) -> None:  # after every cleanup context has opened
            ready()
        app.on_startup.append(started)
    web.run_app(
        app,
        access_log_class=AccessLogger,  # no query strings: signatures, nonces and openids stay out of logs
        access_log=logging.getLogger(f"{name}.access"),
        keepalive_timeout=settings.keepalive_timeout,  # idle keep-alive connections are not held longer
        print=lambda text: announce(name, text),
        loop=uvloop.new_event_loop(),  # libuv's loop: the same asyncio API, less of each message's CPU in the loop
        **where,  # type: ignore[arg-type]
    )


def run_worker_process(settings: Settings, sockets: list[socket.socket], number: int, ready: Event) -> None:
    """One forked web process: its own loop and app, on its own socket of the shared port."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # not the parent's handlers: aiohttp installs its own
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for n, other in enumerate(sockets, start=1):
        if n != number:
            other.close()
    configure_logging(log_format=settings.log_format)
    run_app(settings, f"yimen.worker{number}", ready.set, sock=sockets[number - 1])


def bind(host: str, port: int, workers: int) -> list[socket.socket]:
    sockets: list[socket.socket] = []
    try:
        for _ in range(workers):
            sockets.append(socket.create_server((host, port), reuse_port=True, backlog=1024))
    except OSError as exc:
        for opened in sockets:
            opened.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sockets


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> int:
    check_workers(settings, workers)
    configure_logging(log_format=settings.log_format)
    if workers == 1:
        run_app(settings, "yimen", host=host, port=port)
        return 0
    sockets = bind(host, port, workers)
    context = multiprocessing.get_context("fork")  # before any loop, thread or connection exists in this process
    ready = [context.Event() for _ in range(workers)]
    processes = [context.Process(target=run_worker_process, args=(settings, sockets, n, ready[n - 1]),
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
    processes[0].start()
    while not ready[0].wait(timeout=0.5) and processes[0].is_alive() and not stopping:
        pass  # the first worker prepares a new database alone
    for process in processes[1:]:
        if not stopping and processes[0].is_alive():
            process.start()
    for opened in sockets:  # each worker holds its own now
        opened.close()
    log.info("serving on http://%s:%d with %d worker processes (SO_REUSEPORT)", host, port, workers)
    failed = False
    started = [p for p in processes if p.pid is not None]
    while any(p.is_alive() for p in started):
        for n, process in enumerate(started):
            process.join(timeout=0.5)
            if stopping or process.exitcode in (None, 0):
                continue
            number = processes.index(process) + 1
            if ready[number - 1].is_set():  # it had served: killed (OOM, SIGKILL) or crashed; a new one takes over
                log.error("%s exited with %s: starting it again", process.name, process.exitcode)
                started[n] = processes[number - 1] = respawn(context, settings, host, port, number, ready)
                continue
            log.error("%s exited with %s before it was ready: stopping the others", process.name, process.exitcode)
            failed, stopping = True, True
            for other in started:
                if other.is_alive():
                    other.terminate()
    return 1 if failed or any(p.exitcode not in (0, -signal.SIGTERM, -signal.SIGINT) for p in started) else 0


def respawn(context: ForkContext, settings: Settings, host: str, port: int, number: int,
            ready: list[Event]) -> ForkProcess:
    """Worker `number` again, on a new socket of the shared port: the kernel reset the connections the
    dead one had accepted (the platform retries those), the other workers kept answering meanwhile."""
    sockets: list[socket.socket] = [socket.socket() for _ in ready]  # placeholders, closed in the worker
    sockets[number - 1].close()
    sockets[number - 1] = bind(host, port, 1)[0]
    ready[number - 1].clear()
    process = context.Process(target=run_worker_process, args=(settings, sockets, number, ready[number - 1]),
                              name=f"yimen-worker-{number}")
    process.start()
    for opened in sockets:
        opened.close()
    return process

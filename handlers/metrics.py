"""GET /metrics: Prometheus' text format, for the operators' scraper only.

With YIMEN_METRICS_TOKEN set, the scraper sends `Authorization: Bearer <token>` (from anywhere);
without it only a loopback peer with no proxy header is answered (nginx adds X-Forwarded-For, so
nothing proxied from outside gets in; the deployment guide also closes /metrics in nginx).

Besides the counters (core/metrics.py, summed over every process in multiprocess mode), three gauges
are read at scrape time by the scraped process: the outbox rows due and unsent and the age of the
oldest (index reads), and the job stream's waiting and unacknowledged entries (one XINFO GROUPS).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Iterator

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.jobs import queue_depth
from core.metrics import exposition
from notify import outbox_backlog

from .health import READY_TIMEOUT, UNREACHABLE
from .keys import clock_key, jobs_key, settings_key
from .problems import problem_response

log = logging.getLogger(__name__)
LOOPBACK = ("127.0.0.1", "::1")
PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


class Snapshot(Collector):
    """Gauges measured once for this scrape."""

    def __init__(self, values: list[tuple[str, str, float]]) -> None:
        self.values = values

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, documentation, value in self.values:
            yield GaugeMetricFamily(name, documentation, value=value)


def allowed(request: web.Request) -> bool:
    token = request.app[settings_key].metrics_token
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    return request.remote in LOOPBACK and not any(h in request.headers for h in PROXY_HEADERS)


async def snapshot(request: web.Request) -> list[tuple[str, str, float]]:
    values: list[tuple[str, str, float]] = []
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            due, lag = await outbox_backlog(request.app[clock_key].now())
            values += [("yimen_outbox_due", "Outbox rows due and not sent yet", due),
                       ("yimen_outbox_lag_seconds", "How long the oldest due outbox row has waited", lag)]
            depth = await queue_depth(request.app[jobs_key])
            if depth is not None:
                values += [("yimen_jobs_waiting", "Jobs queued that no worker has read yet", depth[0]),
                           ("yimen_jobs_in_progress", "Jobs read by a worker and not acknowledged yet", depth[1])]
    except (TimeoutError, *UNREACHABLE) as exc:  # the counters are still worth scraping
        log.warning("metrics: a gauge could not be read (%s)", type(exc).__name__)
    return values


async def get_metrics(request: web.Request) -> web.Response:
    if not allowed(request):
        if request.app[settings_key].metrics_token:
            return problem_response(401, "unauthorized", "请带上监控令牌（YIMEN_METRICS_TOKEN）再访问。")
        return problem_response(403, "forbidden", "监控数据只对本机开放；如需远程采集，请设置 YIMEN_METRICS_TOKEN。")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(Snapshot(await snapshot(request)))
    body = exposition() + generate_latest(registry)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


routes = [web.get("/metrics", get_metrics)]

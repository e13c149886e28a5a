"""Typed keys for what lives on the app; only handlers read them."""

from aiohttp import web
from redis.asyncio import Redis

from bot import Assistant
from catalog import Catalog
from core.clock import Clock
from core.jobs import Jobs
from core.remembered import Memory
from core.settings import Settings
from prechecks import PrecheckPool
from wechat import WeChatClient

settings_key = web.AppKey("settings", Settings)
clock_key = web.AppKey("clock", Clock)
redis_key = web.AppKey("redis", Redis)
memory_key = web.AppKey("memory", Memory)  # nonces, answer-once and idempotency keys
catalog_key = web.AppKey("catalog", Catalog)
assistant_key = web.AppKey("assistant", Assistant)
wechat_key = web.AppKey("wechat", WeChatClient)
jobs_key = web.AppKey("jobs", Jobs)
precheck_pool_key = web.AppKey("precheck_pool", PrecheckPool)  # OCR off the event loop

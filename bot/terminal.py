"""`python main.py chat`: talk to the assistant in a terminal, no server needed.

Reads one message a line; on a terminal it prompts, otherwise it can be scripted:
    printf '你好\n换身份证要带什么\n' | python main.py chat
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from typing import TextIO

from appointments import booking_rules
from catalog import ensure_catalog
from core.clock import SystemClock
from core.db import open_database
from core.redis import open_redis
from core.settings import Settings

from .assistant import build_assistant
from .conversation import respond
from .inbound import Inbound


async def run_chat(settings: Settings, stdin: TextIO, stdout: TextIO, *, user: str = "terminal",
                   models: Sequence[str]) -> None:
    interactive = stdin.isatty()
    clock = SystemClock()
    async with open_database(settings.database_url, models):
        catalog = await ensure_catalog()
        async with open_redis(settings.redis_url) as redis:
            assistant = build_assistant(catalog, redis, booking_rules(settings.booking))
            if interactive:
                stdout.write("一门：您好！请直接说您要办的事（Ctrl-D 退出）。\n")
            for number in count(1):
                if interactive:
                    stdout.write("您：")
                    stdout.flush()
                line = stdin.readline()
                if not line:
                    break
                text = line.strip()
                if not text:
                    continue
                inbound = Inbound(channel="chat", user=user, kind="text", message_id=str(number), text=text)
                reply = await respond(inbound, assistant, now=clock.now())
                stdout.write(f"一门：{reply.full_text()}\n\n")
                stdout.flush()

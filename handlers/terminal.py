"""`python main.py chat`: talk to the assistant in a terminal, no server needed.

The terminal is one more channel of the same app: the app factory's parts are opened as for
`serve` (database, catalog, Redis, jobs, the assistant), no port is listened on, and each line
read is one message. On a terminal it prompts, otherwise it can be scripted:
    printf '你好\n换身份证要带什么\n' | python main.py chat
"""

from __future__ import annotations

from itertools import count
from typing import TextIO

from aiohttp import web

from bot import Inbound, respond
from core.settings import Settings

from .app import create_app
from .keys import assistant_key, clock_key


async def run_chat(settings: Settings, stdin: TextIO, stdout: TextIO, *, user: str = "terminal") -> None:
    interactive = stdin.isatty()
    app = create_app(settings)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()  # opens what `serve` opens, in the same order; closed below in reverse
    try:
        assistant, clock = app[assistant_key], app[clock_key]
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
    finally:
        await runner.cleanup()

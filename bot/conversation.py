"""PLACEHOLDER conversation until guide skills land."""

from __future__ import annotations

from datetime import datetime

from intents import understand

from .assistant import Assistant
from .inbound import Inbound
from .reply import Reply

MENU = "我可以帮您：\n1. 查办事指南（如“换身份证要带什么”）\n2. 预约到大厅办事\n3. 查办件进度\n4. 材料预审\n5. 办事提醒\n请直接说您要办的事。"


async def respond(inbound: Inbound, assistant: Assistant, *, now: datetime) -> Reply:
    if inbound.kind == "event" and inbound.event == "subscribe":
        return Reply.plain("您好，欢迎关注一门！" + MENU)
    u = understand(assistant.nlu, inbound.text, now)
    if u.intent == "greet":
        return Reply.plain("您好！" + MENU)
    if u.item:
        item = assistant.catalog.items[u.item]
        return Reply.plain(f"{item.name}：{item.summary}")
    return Reply.plain("抱歉，这个我还不会。" + MENU)

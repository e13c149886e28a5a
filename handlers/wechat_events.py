"""The official account's events: following it, scanning a hall's QR code, tapping the menu.

Following and scanning are answered here with a greeting (at a hall's door, that hall's); a
menu tap reaches the bot as the words a citizen would have typed (`MENU_KEYS`, the CLICK keys of
wechat/menu.yaml); the platform's reports get `success`. Four of them are recorded first
(`record_report`): the subscribe-message pop-up and its later changes (grants and refusals,
notify/reports.py), and the delivery results of subscribe and template messages (the outbox row's
delivery). A retried report (the same body) is recorded once.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from bot import MENU, WELCOME, Reply
from catalog import Catalog
from core.remembered import Memory
from notify import shipped_rules
from notify.reports import record_change, record_popup, record_sent, record_template_finish
from wechat import Message

REPORTS = ("subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event",
           "templatesendjobfinish")
REPORT_TTL = 3 * 24 * 3600  # the platform retries a callback within seconds; three days is ample
# Events that, like a message, open the 48-hour customer-service window (the platform's list: following,
# scanning a QR code, the click and scan-code menu buttons; not VIEW links, not LOCATION reports).
ACTS = ("subscribe", "scan", "click", "scancode_push", "scancode_waitmsg")

# Keys of the official account's custom menu, as the words a citizen would have typed.
MENU_KEYS = {"GUIDE": "办事指南", "BOOK": "预约", "PROGRESS": "查进度", "MINE": "我的预约"}


def scene(message: Message) -> str | None:
    """The QR scene of a subscribe or SCAN event (subscribe carries it as "qrscene_<scene>")."""
    key = message.get("EventKey") or None
    if key and (message.event or "").lower() == "subscribe":
        key = key.removeprefix("qrscene_") or None
    return key


def greeting(message: Message, catalog: Catalog) -> Reply | None:
    """The answer to following or scanning; None for any other event."""
    event = (message.event or "").lower()
    if event not in ("subscribe", "scan"):
        return None
    hall = catalog.hall(scene(message) or "")  # a hall's QR code at its door
    if hall is not None:
        return Reply.plain(f"欢迎来到{hall.name}！到号前可以先问我要带的材料，或预约下次办理。\n" + MENU)
    return Reply.plain(WELCOME if event == "subscribe" else "欢迎回来！" + MENU)


def menu_words(message: Message) -> str | None:
    """A menu tap as the words it stands for; None for anything else."""
    if (message.event or "").lower() != "click":
        return None
    return MENU_KEYS.get(message.get("EventKey"))


def is_report(message: Message) -> bool:
    return message.msg_type == "event" and (message.event or "").lower() in REPORTS


def acts(message: Message) -> bool:
    """The citizen wrote or tapped (not a report of the platform's)."""
    return message.msg_type != "event" or (message.event or "").lower() in ACTS


def report_key(message: Message) -> str:
    body = json.dumps([message.fields.get(k, "") for k in ("MsgID", "Status")] + [sorted(i.items())
                      for i in message.items], ensure_ascii=False, sort_keys=True)
    return f"wechat:report:{message.identity}:{hashlib.sha256(body.encode()).hexdigest()[:16]}"


async def record_report(message: Message, citizen: str, memory: Memory, *, now: datetime) -> None:
    """Record one of REPORTS for `citizen` (the sender), once per distinct body."""
    key = report_key(message)
    if not await memory.claim(key, "recording", ttl=REPORT_TTL):
        return
    try:
        event, rules = (message.event or "").lower(), shipped_rules()
        if event == "subscribe_msg_popup_event":
            await record_popup(citizen, message.items, rules, now=now)
        elif event == "subscribe_msg_change_event":
            await record_change(citizen, message.items, now=now)
        elif event == "subscribe_msg_sent_event":
            await record_sent(citizen, message.items, rules, now=now)
        else:
            await record_template_finish(message.get("MsgID"), message.get("Status"), rules, now=now)
    except BaseException:
        await memory.forget(key)  # the platform's retry records it then
        raise

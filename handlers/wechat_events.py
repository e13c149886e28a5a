"""The official account's events: following it, scanning a hall's QR code, tapping the menu.

Following and scanning are answered here with a greeting (at a hall's door, that hall's); a
menu tap reaches the bot as the words a citizen would have typed (`MENU_KEYS`, the CLICK keys of
wechat/menu.yaml); the platform's reports (unsubscribe, VIEW, LOCATION, send-job results, the
subscribe-message pop-up) get `success` and nothing else.
"""

from __future__ import annotations

from bot import MENU, WELCOME, Reply
from catalog import Catalog
from wechat import Message

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

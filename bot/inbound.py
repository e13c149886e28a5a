"""Inbound: one message from any channel, normalised by its handler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Channel = Literal["wechat", "miniapp", "robot", "console", "chat"]
Kind = Literal["text", "image", "voice", "video", "location", "link", "event"]


@dataclass(frozen=True)
class Inbound:
    channel: Channel
    user: str  # the citizen: openid on WeChat, the Yimen citizen id elsewhere
    kind: Kind
    message_id: str  # the channel's id of this message; a retry carries the same one
    text: str = ""  # the text, the voice Recognition, or a CLICK menu key's text
    event: str | None = None  # subscribe, unsubscribe, SCAN, LOCATION, CLICK, VIEW, ...
    event_key: str | None = None  # a QR scene or menu key
    media_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None

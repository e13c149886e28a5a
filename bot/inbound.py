"""Inbound: one message from any channel, normalised by its handler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What the message is, whatever door it came through; a channel's own events (following an
# account, tapping its menu) are its handler's business and never reach the bot.
Kind = Literal["text", "voice", "image", "video", "location", "link"]


@dataclass(frozen=True)
class Inbound:
    channel: str  # which door, as records name it: "wechat", "miniapp", "robot", "chat"
    user: str  # the citizen: the Yimen citizen id, or the channel's own id for a visitor
    kind: Kind
    message_id: str  # the channel's id of this message
    text: str = ""  # the text, or what speech recognition heard, or a link's title
    media_id: str | None = None  # a photo's or a file's id at the channel
    latitude: float | None = None
    longitude: float | None = None
    hall: str | None = None  # the hall the message came from (a code): a kiosk's own; None: anywhere

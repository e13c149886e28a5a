"""Customer-service messages after the reply: the rest of a long answer, and a reply that came late.

They are platform calls, so they never hold up a passive reply: each runs in the background.
At most `limit` pushes of extras are pending in a process (when the platform is slow or down they
would pile up without end); past it the extras are dropped with a warning. The extras of a message
are marked in Memory as being sent, then as sent once the platform took them, and forgotten when it
took none, so that the platform's retry of that message sends them again.
"""

from __future__ import annotations

import logging

from core.remembered import Memory
from wechat import Article, PlatformError, PlatformUnavailable, WeChatClient, masked_openid

log = logging.getLogger(__name__)

Outgoing = str | Article  # one WeChat message: a text or a news article

MAX_PENDING_EXTRAS = 500  # per process
SENDING_TTL = 600  # seconds an extras push may take before a retry of its message may send them again
SENT_TTL = 3600  # outlives the answer (handlers/once.ANSWER_TTL): no retry of the message comes later


async def push(client: WeChatClient, openid: str, messages: list[Outgoing]) -> int:
    """Customer-service messages, in order; a refusal (say, 45015: the citizen left 48 hours ago) ends it.
    The number the platform took."""
    sent = 0
    try:
        for item in messages:
            if isinstance(item, Article):
                await client.send_news(openid, item)
            else:
                await client.send_text(openid, item)
            sent += 1
    except (PlatformError, PlatformUnavailable) as exc:
        log.warning("customer-service message to %s not sent (%d of %d sent): %s",
                    masked_openid(openid), sent, len(messages), exc)
    return sent


class Extras:
    """The rest of long answers, pushed in the background, capped per process."""

    def __init__(self, client: WeChatClient, memory: Memory, *, limit: int = MAX_PENDING_EXTRAS) -> None:
        self._client, self._memory, self.limit = client, memory, limit
        self.pending = 0

    def admit(self, openid: str, count: int) -> bool:
        """True when there is room for one more push (the caller then runs `send`); else it is dropped."""
        if self.pending >= self.limit:
            log.warning("%d extra messages to %s dropped: %d pushes pending", count, masked_openid(openid),
                        self.pending)
            return False
        self.pending += 1
        return True

    async def send(self, key: str, openid: str, messages: list[Outgoing]) -> None:
        try:
            mark = f"{key}:extras"
            if not await self._memory.claim(mark, "sending", ttl=SENDING_TTL):
                return  # a retry of a message whose extras are on their way or gone
            sent = await push(self._client, openid, messages)
            if sent == 0:
                await self._memory.forget(mark)
            else:
                await self._memory.put(mark, f"sent {sent} of {len(messages)}", ttl=SENT_TTL)
        finally:
            self.pending -= 1

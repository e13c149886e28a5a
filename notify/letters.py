"""Dead letters for staff: rows that will not go by themselves (failed, unknown), listed, retried, dropped.

    retry(row_id, staff=..., now=...)          back to pending now; never a refusal (43101, user block)
    drop(row_id, staff=..., reason=..., now=)  given up for good (status dropped)

Both are written in the staff audit (staff_actions) in the same transaction as the change.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from .campaigns import CampaignError, audit
from .dispatch import resend
from .models import DEAD, Outbox
from .reports import final_refusal

NOT_DEAD = ("not_dead_letter", "这条消息不在失败列表中（可能已处理），请刷新后再看。")


async def _dead(row_id: int) -> Outbox:
    row = await Outbox.get_or_none(id=row_id, status__in=list(DEAD))
    if row is None:
        raise CampaignError(*NOT_DEAD)
    return row


async def retry(row_id: int, *, staff: str, now: datetime, note: str = "") -> Outbox:
    async with in_transaction():
        row = await _dead(row_id)
        if final_refusal(row):
            raise CampaignError("refused_by_citizen", "市民已拒收（43101），这条消息不能重发。")
        if not await resend(row_id, now=now):
            raise CampaignError(*NOT_DEAD)
        await audit(staff, "retried", outbox=row_id, now=now, note=f"was {row.status}: {row.error or ''}; {note}")
    return await Outbox.get(id=row_id)


async def drop(row_id: int, *, staff: str, reason: str, now: datetime) -> Outbox:
    async with in_transaction():
        row = await _dead(row_id)
        await Outbox.filter(id=row_id, status=row.status).update(status="dropped",
                                                                 error=f"dropped by staff: {reason}"[:200])
        await audit(staff, "dropped", outbox=row_id, now=now, note=f"was {row.status}: {reason}")
    return await Outbox.get(id=row_id)

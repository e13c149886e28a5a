"""Complaints (投诉) as tickets, and the 1-5 rating (好差评) after 办结.

A complaint from chat gets a category from its words, a response deadline (RESPONSE_DAYS working
days) and waits for a staff reply, which is queued to the citizen through the outbox in the same
transaction. After 办结 the applicant may rate the service once; a rating of BAD_SCORE or less opens
a follow-up complaint for staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.clock import SHANGHAI
from core.privacy import mask_text
from notify import enqueue

from .applications import find_application
from .deadlines import add_working_days
from .errors import BadTransition, ComplaintAnswered, ComplaintNotFound
from .models import Complaint, Rating

RESPONSE_DAYS = 1  # working days to answer a complaint
BAD_SCORE = 2
CATEGORIES: dict[str, tuple[str, ...]] = {  # the first whose words appear wins
    "attitude": ("态度", "凶", "不耐烦", "冷漠", "骂", "好差"),
    "waiting": ("排队", "等了", "等太久", "太久", "两个小时", "慢"),
    "delay": ("超期", "超时", "拖", "还没办好", "逾期"),
    "repeat_visits": ("跑了", "来回跑", "反复", "多次", "又要"),
    "fees": ("收费", "乱收", "费用"),
    "integrity": ("吃拿卡要", "好处费", "红包", "索要"),
}
CATEGORY_NAMES = {"attitude": "服务态度", "waiting": "排队等候", "delay": "办理超时", "repeat_visits": "多次跑动",
                  "fees": "收费问题", "integrity": "廉政问题", "bad_rating": "差评回访", "other": "其他"}


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    citizen: str = field(repr=False)
    category: str
    text: str
    application_no: str | None
    opened_at: datetime
    due_on: date
    status: str
    reply: str
    replied_at: datetime | None

    @property
    def answered_on_time(self) -> bool | None:
        if self.replied_at is None:
            return None
        return self.replied_at.astimezone(SHANGHAI).date() <= self.due_on

    @classmethod
    def of(cls, row: Complaint) -> Ticket:
        return cls(id=row.id, citizen=row.citizen, category=row.category, text=row.text,
                   application_no=row.application_no, opened_at=row.opened_at.astimezone(SHANGHAI),
                   due_on=row.due_on, status=row.status, reply=row.reply,
                   replied_at=row.replied_at.astimezone(SHANGHAI) if row.replied_at else None)


def complaint_category(text: str) -> str:
    return next((code for code, words in CATEGORIES.items() if any(w in text for w in words)), "other")


async def open_complaint(citizen: str, channel: str, text: str, *, now: datetime, application_no: str | None = None,
                         hall: str | None = None, item: str | None = None, category: str | None = None) -> Ticket:
    row = await Complaint.create(
        citizen=citizen, channel=channel, category=category or complaint_category(text), text=mask_text(text)[:2000],
        application_no=application_no, hall=hall, item=item, opened_at=now,
        due_on=add_working_days(now.astimezone(SHANGHAI).date(), RESPONSE_DAYS))
    return Ticket.of(row)


async def add_to_complaint(complaint_id: int, citizen: str, text: str) -> Ticket | None:
    """More details of an open complaint, from its citizen ("是昨天下午在祖庙发生的"); None if not theirs or closed."""
    row = await Complaint.filter(id=complaint_id, citizen=citizen, status="open").first()
    if row is None:
        return None
    row.text = f"{row.text}\n补充：{mask_text(text)}"[:4000]
    await row.save(update_fields=["text"])
    return Ticket.of(row)


async def open_complaints_of(citizen: str) -> list[Ticket]:
    return [Ticket.of(r) for r in await Complaint.filter(citizen=citizen, status="open").order_by("id")]


async def complaints(status: str | None = None) -> list[Ticket]:
    rows = Complaint.filter(status=status) if status else Complaint.all()
    return [Ticket.of(r) for r in await rows.order_by("due_on", "id")]


async def reply_to_complaint(complaint_id: int, reply: str, *, staff: str, now: datetime) -> Ticket:
    """The staff's answer, pushed to the citizen (outbox) in the same transaction; answered once."""
    async with in_transaction():
        if not await Complaint.filter(id=complaint_id, status="open").update(
                status="answered", reply=reply[:2000], replied_by=staff, replied_at=now):
            row = await Complaint.get_or_none(id=complaint_id)
            if row is None:
                raise ComplaintNotFound()
            raise ComplaintAnswered(complaint_id)
        row = await Complaint.get(id=complaint_id)
        await enqueue("complaint_reply", row.citizen, {"complaint": row.id, "reply": row.reply}, due_at=now,
                      dedupe_key=f"complaint_reply:{row.id}", now=now)
    return Ticket.of(row)


async def rate_application(number: str, citizen: str, score: int, comment: str = "", *, now: datetime,
                           channel: str = "miniapp") -> Ticket | None:
    """The applicant's rating after 办结, once; a bad one opens a follow-up ticket (returned)."""
    if not 1 <= score <= 5:
        raise ValueError("a score is 1 to 5")
    row = await find_application(number, citizen)
    if row.status != "completed":
        raise BadTransition(row.stage, row.status, "rated after 办结 only")
    try:
        async with in_transaction():
            follow_up = None
            if score <= BAD_SCORE:
                follow_up = await open_complaint(citizen, channel, comment or f"评分{score}", now=now,
                                                 application_no=number, hall=row.hall, item=row.item,
                                                 category="bad_rating")
            await Rating.create(application_id=row.id, score=score, comment=mask_text(comment)[:500],
                                follow_up_id=follow_up.id if follow_up else None, rated_at=now)
    except IntegrityError:
        raise BadTransition(row.stage, row.status, "rated already") from None
    return follow_up

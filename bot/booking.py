"""The booking skill: item → hall → date → time → confirm, then cancel and "我约了哪天".

Every slot can come from free text or a numbered choice, and whatever the citizen says up front
is used: "下周一上午去祖庙办护照" needs only the confirmation.
"""

from __future__ import annotations

from datetime import date, datetime

from appointments import (
    STATUS_NAMES,
    AlreadyBooked,
    Booking,
    BookingRefused,
    FreeSlot,
    SlotFull,
    book_slot,
    bookings_of,
    cancel_booking,
    day_label,
    day_plan,
    list_free_slots,
    list_open_days,
    reschedule_booking,
    when_text,
)
from catalog import Catalog, Hall, Item
from core.clock import SHANGHAI
from intents import PartOfDay, Understanding

from .assistant import Assistant
from .dialog import BookingSlots, DialogState
from .refusals import refusal_text
from .reply import Choice, Reply
from .turn import Turn

MAX_OFFERED = 3


def numbered(labels: list[str]) -> tuple[Choice, ...]:
    return tuple(Choice(label, str(n)) for n, label in enumerate(labels, 1))


def in_booking(state: DialogState) -> bool:
    return state.booking is not None


def yes_or_no(turn: Turn) -> str | None:
    """The answer to a yes/no question on screen: in words, or its option's number (1 yes, 2 no)."""
    return turn.u.answer or (turn.state.choose(turn.number) if turn.state.options == ["yes", "no"] else None)


def continues(turn: Turn) -> bool:
    """Does this message carry the booking on (a slot, a choice, a yes), or start something else?"""
    state, u, number = turn.state, turn.u, turn.number
    if state.awaiting == "book_confirm" and yes_or_no(turn):
        return True
    if u.intent not in ("book_appointment", "ask_guide", "out_of_scope"):  # 取消…, 转人工, 谢谢: something else
        return False
    if u.intent == "book_appointment" or number is not None or u.date or u.time or u.hall or u.part_of_day:
        return True
    return u.intent in ("out_of_scope", "ask_guide") and bool(u.item) and u.aspect in (None, "general")


def end_booking(state: DialogState) -> None:
    state.booking = None
    state.settle()


def spread(slots: list[FreeSlot], count: int = MAX_OFFERED) -> list[FreeSlot]:
    """A few slots across the day rather than the first three half-hours."""
    if len(slots) <= count:
        return slots
    step = (len(slots) - 1) / (count - 1)
    return [slots[round(n * step)] for n in range(count)]


def fill(slots: BookingSlots, u: Understanding, catalog: Catalog) -> None:
    """Take every slot the message gives; a new item or hall resets what depended on it."""
    if u.item and u.item in catalog.items and u.item != slots.item:
        slots.item, slots.start = u.item, None
    if u.hall and u.hall in catalog.halls and u.hall != slots.hall:
        slots.hall, slots.start = u.hall, None
    if u.date:
        slots.day, slots.start = u.date, None
    if u.time:
        slots.clear_time()
        slots.time = u.time
    elif u.part_of_day:
        slots.clear_time()
        slots.part = u.part_of_day


def take_choice(state: DialogState, slots: BookingSlots, number: int | None) -> None:
    """A numbered answer to the question on screen fills the slot it was about."""
    picked = state.choose(number)
    if picked is None:
        return
    if state.awaiting == "book_item":
        slots.item = picked
    elif state.awaiting == "book_hall":
        slots.hall = picked
    elif state.awaiting == "book_date":
        slots.clear_time()
        slots.day = date.fromisoformat(picked)
    elif state.awaiting == "book_time":
        slots.start = datetime.fromisoformat(picked)
    state.settle()


async def book(turn: Turn) -> Reply:
    """The booking skill: one turn of item → hall → date → time → confirm."""
    u, state, number, assistant, now = turn.u, turn.state, turn.number, turn.assistant, turn.now
    if state.booking is None:
        state.booking = BookingSlots()
        if u.reschedule:  # "改到下周二上午": the booking to move gives item and hall
            await start_moving(turn, state.booking)
        elif state.item and not u.item:  # "我要预约" right after reading an item's notice
            state.booking.item = state.item
    slots = state.booking
    if state.awaiting == "book_move":
        answer = yes_or_no(turn)
        if answer == "yes":
            return await confirm(state, slots, assistant, citizen=turn.citizen, message_id=turn.inbound.message_id,
                                 now=now)
        if answer == "no":
            end_booking(state)
            return Reply.plain("好的，原来的预约不变。需要时回复“我约了哪天”查看。")
    if state.awaiting == "book_confirm":
        answer = yes_or_no(turn)
        if answer == "yes":
            return await confirm(state, slots, assistant, citizen=turn.citizen, message_id=turn.inbound.message_id,
                                 now=now)
        if answer == "no" and not (u.date or u.time or u.hall):
            slots.start = slots.time = None
            state.settle()
    asking = state.awaiting not in (None, "book_confirm") and bool(state.options)
    if asking and number is not None and state.choose(number) is None and not (u.date or u.time or u.hall):
        return Reply.plain(f"请回复序号 1 到 {len(state.options)} 中的一个，或直接说出来（如“明天下午”）。")
    take_choice(state, slots, number)
    fill(slots, u, assistant.catalog)
    return await next_question(state, slots, assistant, now)


async def next_question(state: DialogState, slots: BookingSlots, assistant: Assistant, now: datetime) -> Reply:
    catalog, rules = assistant.catalog, assistant.rules
    item = catalog.item(slots.item or "")
    if item is None:
        state.offer("book_item", [])
        return Reply.plain("好的，帮您预约。请问要办理哪项业务？如“办护照”“换身份证”。")
    state.item = item.code
    hall = catalog.hall(slots.hall or "")
    if hall is not None and hall.code not in item.halls:
        names = "、".join(h.short_name for h in catalog.halls_for(item))
        slots.hall = None
        state.offer("book_hall", list(item.halls))
        return Reply(
            text=f"{hall.name}不办理{item.short_name}，可以办理的大厅有：{names}。请回复序号选择：",
            choices=numbered([h.name for h in catalog.halls_for(item)]),
        )
    if hall is None:
        halls = catalog.halls_for(item)
        if len(halls) == 1:
            hall = halls[0]
            slots.hall = hall.code
        else:
            state.offer("book_hall", [h.code for h in halls])
            return Reply(text=f"预约“{item.short_name}”，请选择大厅，回复序号：",
                         choices=numbered([h.name for h in halls]))
    if slots.day is None:
        return await offer_days(state, item, hall, assistant, now, lead="请选择日期")
    day = slots.day
    free = await list_free_slots(hall, day, item, now=now, rules=rules)
    if not free:
        slots.day = None
        plan = await day_plan(hall, day, rules)
        why = plan.closed_reason or ("已过去或超出可预约范围" if day < now.date() or not plan.open else "已约满")
        return await offer_days(state, item, hall, assistant, now,
                                lead=f"{day_label(day)}{hall.short_name}{why}，请另选日期")
    start = pick_slot(free, slots)
    if start is None:
        offered = spread(part_of_day(free, slots.part) or free)
        state.offer("book_time", [s.start.isoformat() for s in offered])
        asked = f"{slots.time:%H:%M}没有空位，" if slots.time else ""
        return Reply(
            text=f"{asked}{day_label(day)}{hall.short_name}还可以约这些时间，请回复序号，或直接说时间：",
            choices=numbered([f"{s.start:%H:%M}-{s.end:%H:%M}（剩{s.places_left}个号）" for s in offered]),
        )
    slots.start = start
    state.offer("book_confirm", ["yes", "no"])
    what = "改约" if slots.moving else "预约"
    return Reply(
        text=f"请确认{what}：\n事项：{item.name}\n大厅：{hall.name}（{hall.address}）\n时间：{when_text(start)}",
        choices=(Choice(f"确认{what}", "1"), Choice("重新选时间", "2")),
    )


def part_of_day(free: list[FreeSlot], part: PartOfDay | None) -> list[FreeSlot]:
    if part == "am":
        return [s for s in free if s.start.hour < 12]
    if part == "pm":
        return [s for s in free if s.start.hour >= 12]
    return free


def pick_slot(free: list[FreeSlot], slots: BookingSlots) -> datetime | None:
    """The free slot the citizen asked for: chosen, at a time, or the first of a morning/afternoon."""
    if slots.start is not None:
        chosen = slots.start
        return chosen if any(s.start == chosen for s in free) else None
    if slots.time is not None:
        wanted = slots.time
        return next((s.start for s in free if s.start.time() <= wanted < s.end.time()), None)
    if slots.part is not None:
        matching = part_of_day(free, slots.part)
        return matching[0].start if matching else None
    return None


async def offer_days(state: DialogState, item: Item, hall: Hall, assistant: Assistant, now: datetime,
                     *, lead: str) -> Reply:
    days = [d for d in await list_open_days(hall, item, now=now, rules=assistant.rules) if d.places_left]
    if not days:
        end_booking(state)
        return Reply.plain(
            f"{hall.name}近{assistant.rules.days_ahead}天的号已约满。\n下一步：可换一个大厅预约，或直接到大厅取号办理。"
        )
    offered = days[:MAX_OFFERED]
    state.offer("book_date", [d.day.isoformat() for d in offered])
    return Reply(
        text=f"{lead}，回复序号，或直接说日期（如“下周一”）：",
        choices=numbered([f"{day_label(d.day)}（剩{d.places_left}个号）" for d in offered]),
    )


async def confirm(state: DialogState, slots: BookingSlots, assistant: Assistant, *, citizen: str, message_id: str,
                  now: datetime) -> Reply:
    catalog = assistant.catalog
    if slots.item is None or slots.hall is None or slots.start is None:  # nothing to confirm yet: ask on
        state.settle()
        return await next_question(state, slots, assistant, now)
    item, hall = catalog.items[slots.item], catalog.halls[slots.hall]
    start = slots.start.astimezone(SHANGHAI)
    moving = slots.moving
    try:
        if moving:
            booking = await reschedule_booking(
                moving, start, citizen=citizen, catalog=catalog, now=now, rules=assistant.rules
            )
        else:
            booking = await book_slot(
                citizen, item, hall, start, idempotency_key=f"chat:{message_id}", now=now, rules=assistant.rules
            )
    except BookingRefused as refused:
        if isinstance(refused, SlotFull):  # someone took the last place meanwhile: offer what is left
            slots.start = slots.time = None
            state.settle()
            return await retry_after_full(state, slots, assistant, now, refusal_text(refused))
        if isinstance(refused, AlreadyBooked):
            slots.moving = refused.booking_code
            state.offer("book_move", ["yes", "no"])
            return Reply(
                text=f"{refusal_text(refused)}\n要把它改到{when_text(start)}吗？",
                choices=(Choice("改到这个时间", "1"), Choice("保留原预约", "2")),
            )
        end_booking(state)
        return Reply.plain(refusal_text(refused))
    end_booking(state)
    if moving:
        return Reply.plain(
            f"已改约！预约码不变：{booking.code}\n{item.name}\n{catalog.halls[booking.hall].name}\n"
            f"新时间：{when_text(booking.start)}\n到大厅出示预约码签到取号。"
        )
    materials = "、".join(m.name for m in item.materials_for(state.situation)[:4])
    return Reply.plain(
        f"预约成功！预约码：{booking.code}\n{item.name}\n{hall.name}（{hall.address}）\n{when_text(booking.start)}\n"
        f"请带齐材料（{materials}等，回复“要带什么”看完整清单），到大厅出示预约码签到取号。\n"
        f"如需取消，办理前{assistant.rules.cutoff_minutes // 60}小时回复“取消预约”即可。"
    )


async def start_moving(turn: Turn, slots: BookingSlots) -> None:
    """The booking the citizen wants to move: of the item they name, or their only one."""
    active = [b for b in await bookings_of(turn.citizen, active_only=True) if not turn.u.item or b.item == turn.u.item]
    if len(active) == 1:
        slots.item, slots.hall, slots.moving = active[0].item, active[0].hall, active[0].code


async def retry_after_full(state: DialogState, slots: BookingSlots, assistant: Assistant, now: datetime,
                           reason: str) -> Reply:
    question = await next_question(state, slots, assistant, now)
    return Reply(text=f"{reason}\n{question.text}", choices=question.choices)


def booking_line(booking: Booking, catalog: Catalog, *, status: bool = True) -> str:
    item = catalog.item(booking.item)
    hall = catalog.hall(booking.hall)
    line = (f"{when_text(booking.start)} {hall.short_name if hall else booking.hall}"
            f" {item.short_name if item else booking.item}")
    line += f"，预约码{booking.code}"
    return f"{line}（{STATUS_NAMES.get(booking.status, booking.status)}）" if status else line


def matching(bookings: list[Booking], u: Understanding) -> list[Booking]:
    """The bookings the citizen described: of that day, of that item."""
    return [b for b in bookings if (not u.date or b.day == u.date) and (not u.item or b.item == u.item)]


async def my_bookings(turn: Turn) -> Reply:
    """"我约了哪天": the citizen's active bookings, those described first."""
    active = await bookings_of(turn.citizen, active_only=True)
    bookings = matching(active, turn.u) or active
    if not bookings:
        return Reply.plain("您目前没有预约。\n下一步：回复“预约”加要办的事，如“预约明天去祖庙办护照”。")
    lines = "\n".join(f"{n}. {booking_line(b, turn.catalog)}" for n, b in enumerate(bookings, 1))
    return Reply.plain(f"您的预约：\n{lines}\n到大厅出示预约码签到取号；要取消请回复“取消预约”。")


async def cancel(turn: Turn) -> Reply:
    """"取消明天的预约": the one described is cancelled; several are offered as choices."""
    u, state, number, assistant, citizen, now = turn.u, turn.state, turn.number, turn.assistant, turn.citizen, turn.now
    if state.awaiting == "cancel_pick":
        code = state.choose(number)
        state.settle()
        if code:
            return await cancel_one(code, assistant, citizen=citizen, now=now)
    active = await bookings_of(citizen, active_only=True)
    if not active:
        return Reply.plain("您目前没有可以取消的预约。\n如需预约，回复“预约”加要办的事。")
    chosen = matching(active, u)
    if len(chosen) == 1:
        return await cancel_one(chosen[0].code, assistant, citizen=citizen, now=now)
    offered = (chosen or active)[:MAX_OFFERED]
    state.offer("cancel_pick", [b.code for b in offered])
    return Reply(
        text="要取消哪一个预约？请回复序号：",
        choices=numbered([booking_line(b, assistant.catalog) for b in offered]),
    )


async def cancel_one(code: str, assistant: Assistant, *, citizen: str, now: datetime) -> Reply:
    try:
        booking = await cancel_booking(code, citizen=citizen, now=now, rules=assistant.rules)
    except BookingRefused as refused:
        return Reply.plain(refusal_text(refused))
    return Reply.plain(
        f"已取消：{booking_line(booking, assistant.catalog, status=False)}。\n"
        "需要时可以随时重新预约，回复“预约”加要办的事即可。"
    )

"""The booking skill: item → hall → date → time → confirm, then cancel and "我约了哪天".

Every slot can come from free text or a numbered choice, and whatever the citizen says up front
is used: "下周一上午去祖庙办护照" needs only the confirmation.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from appointments import (
    STATUS_NAMES,
    AlreadyBooked,
    Booking,
    BookingRefused,
    BookingRules,
    CutoffPassed,
    DayPassed,
    FreeSlot,
    HallClosed,
    SlotFull,
    TooFar,
    book_slot,
    booking_by_code,
    bookings_of,
    cancel_booking,
    day_kind,
    day_label,
    day_slots,
    list_open_days,
    reschedule_booking,
    when_text,
)
from appointments.workdays import holiday_name
from catalog import Catalog, Hall, Item
from core.clock import SHANGHAI
from intents import Option, PartOfDay, Understanding, pick_answer, understand_memoised

from .assistant import Assistant
from .dialog import BookingSlots, DialogState
from .halls import asks_where, asks_which
from .hours import asks_hours, open_on
from .refusals import refusal_text
from .reply import Choice, Reply
from .turn import Turn

MAX_OFFERED = 3


def numbered(labels: list[str]) -> tuple[Choice, ...]:
    return tuple(Choice(label, str(n)) for n, label in enumerate(labels, 1))


def in_booking(state: DialogState) -> bool:
    return state.booking is not None


FAMILY = re.compile(r"(?:他|她|佢|儿子|女儿|仔|孙|老公|老婆|家人|家里人|屋企人|亲戚|朋友|别人).{0,12}(?:约|预约)")
REFERS_BACK = re.compile(r"刚才|刚刚|之前那个|上面那个|那个预约|继续")
CONFIRMS = re.compile(r"确认|确定|就这样|就这个时间|冇问题|没问题")


def yes_or_no(turn: Turn) -> str | None:
    """The answer to a yes/no question on screen: in words, or its option's number (1 yes, 2 no);
    at the confirmation, a sentence that confirms ("好，刚才那个预约确认一下") says yes."""
    state = turn.state
    if turn.u.answer or state.options != ["yes", "no"]:
        return turn.u.answer
    if turn.number is not None:
        return state.choose(turn.number)
    return "yes" if state.awaiting in ("book_confirm", "book_move") and confirms(turn.text) else None


def confirms(text: str) -> bool:
    """A sentence that confirms ("刚才那个预约确认一下"), not one that puts it off ("先不要确认")."""
    return (CONFIRMS.search(text) is not None and re.search(r"不|别|唔|取消", text) is None
            and re.search(r"改(?!约|吧|啦|了|$)", text) is None)  # 确认改 / 改约: yes; 改到周三: no


def continues(turn: Turn) -> bool:
    """Does this message carry the booking on (a slot, a choice, a yes), or start something else?"""
    state, u, number = turn.state, turn.u, turn.number
    paused = state.booking_paused
    said = turn.u.text or turn.text
    if asks_where(said) or asks_which(said) or asks_hours(said):
        return False  # 张槎大厅在哪里 / 你们周六开门吗: a question beside the booking
    if state.booking is not None and state.booking.dropped:  # only "还是约吧" / "继续预约" take it up again
        return re.search(r"约|继续", turn.text) is not None and NOT_BOOKING.search(turn.text) is None
    if state.awaiting in ("book_confirm", "book_move") and yes_or_no(turn):
        return True
    if paused and u.answer == "yes":  # "继续": back to the booking set aside
        return True
    if state.booking is not None and REFERS_BACK.search(turn.text) and (confirms(turn.text) or "继续" in turn.text
                                                                        or "约" in turn.text):
        return True  # 刚刚养老保险那个预约帮我确认 / 刚才那个继续
    if u.reschedule and (u.date or u.time or u.part_of_day):  # 上午赶不及，改成中午十二点半
        return True
    if u.answer == "yes" and len(state.options) == 1 and state.awaiting in ("book_hall", "book_date", "book_time"):
        return True  # "好": the only option offered
    if u.answer == "yes" and state.options and state.awaiting == "book_hall" and not paused:
        return True  # "确认" with halls on screen: the first, shown for confirmation
    if u.intent not in ("book_appointment", "ask_guide", "out_of_scope", "thanks"):  # 取消…, 转人工: something else
        return False
    slot_words = u.date or u.time or u.hall or u.part_of_day or u.elsewhere
    if u.intent == "book_appointment" or slot_words or (number is not None and not paused):
        return True
    if u.intent == "thanks":
        return False
    # the item asked for, not a question about another item (对了，办护照要带什么材料)
    answered = (state.awaiting == "book_item" and u.aspect in (None, "general")
                or state.awaiting == "book_hall" and hall_named(turn) is not None)
    return answered or (u.intent in ("out_of_scope", "ask_guide") and bool(u.item) and u.aspect in (None, "general")
                        and not paused)


def takes_up_again(turn: Turn) -> bool:
    """A booking set aside for a question is taken up again ("好，继续刚才的预约，上午十点"),
    whatever the other question left on screen."""
    slots, u = turn.state.booking, turn.u
    if slots is None or not slots.paused or slots.dropped:
        return False
    said = re.search(r"继续|接着约|接着预约|还是约", turn.text) is not None
    return said or u.intent == "book_appointment" or bool(u.date or u.time)


def whether_to_book(turn: Turn) -> Reply:
    """"要预约吗": booking is not required, what it saves, and how to book."""
    item = turn.catalog.item(turn.u.item or turn.state.item or "")
    if item is not None:
        turn.state.item = item.code
    what = item.short_name if item else "到大厅办事"
    return Reply.plain(
        f"{what}可以不预约，直接到大厅取号办理；预约后到大厅出示预约码签到，排队更少、时间有保障。\n"
        "下一步：要预约请回复“预约”，或直接说时间和大厅，如“明天上午去祖庙”。"
    )


def hall_named(turn: Turn) -> str | None:
    """The hall on offer that the citizen's words name ("去石湾那个", "区中心")."""
    if turn.u.hall in turn.state.options:
        return turn.u.hall
    halls = [turn.catalog.halls[c] for c in turn.state.options if c in turn.catalog.halls]
    options = [Option(h.code, (h.name, h.short_name, *h.aliases)) for h in halls]
    return pick_answer(turn.assistant.nlu, turn.text, options) if options else None


NOT_BOOKING = re.compile(r"不约|不预约|唔约|算了|不用约|不要约|不用预约|不要预约|先不")


def gives_up(turn: Turn) -> bool:
    """"不约了", "算了": the citizen drops the booking in progress."""
    u = turn.u
    if u.date or u.time or u.hall or u.item or "继续" in turn.text:  # 那算了，就我去，刚才那个继续
        return False
    if u.intent in ("unsubscribe_reminder", "subscribe_reminder", "complaint", "human_agent"):
        return False  # 不要再提醒了: no to the reminders, not to the booking
    return u.answer == "no" or u.intent == "cancel_appointment"


def asked_after_giving_up(turn: Turn) -> Understanding | None:
    """"算了先不约了 我先问问护照要带什么材料": the booking dropped, and what is asked after it."""
    said = list(NOT_BOOKING.finditer(turn.text))
    if not said or turn.u.date or turn.u.time or turn.u.hall:
        return None
    rest = turn.text[said[-1].end():].lstrip("约了啦吧啊呀，,。 ")
    if len(rest) < 4:
        return None
    u = understand_memoised(turn.assistant.nlu, rest, turn.now)
    return u if u.intent in ("ask_guide", "precheck_materials", "track_progress", "query_appointment") else None


def gives_up_at_confirmation(turn: Turn) -> bool:
    """"不了，先不约了" to "请确认预约": not another time, no booking at all."""
    return turn.state.awaiting == "book_confirm" and gives_up(turn) and NOT_BOOKING.search(turn.text) is not None


def give_up(state: DialogState) -> Reply:
    """The booking is dropped but remembered, set aside: "还是约吧" takes it up again."""
    if state.booking is not None and state.booking.start is not None:
        state.settle()
        state.booking.paused = state.booking.dropped = True
        return Reply.plain("好的，这次先不约了。改主意的话回复“还是约吧”，或回复“预约”加要办的事。")
    end_booking(state)
    return Reply.plain("好的，这次先不约了。需要时回复“预约”加要办的事，如“预约明天去祖庙办护照”。")


HINTS = {
    "book_item": "请说要办的事，如“换身份证”“办护照”。",
    "book_hall": "请回复序号，或说大厅的名字，如“祖庙”“智慧新城”。",
    "book_date": "请回复序号，或直接说日期，如“下周一”“12月1号”。",
    "book_time": "请回复序号，或直接说时间，如“上午十点”“下午”。",
    "book_confirm": "回复“1”或“确认”完成预约，回复“2”重新选时间。",
    "book_move": "回复“1”改到这个时间，回复“2”保留原预约。",
}


async def ask_again(turn: Turn) -> Reply:
    """An answer not understood: the same question again, saying what answers it, and how to get out."""
    state = turn.state
    awaiting = state.awaiting
    retries = state.retries + 1
    hint = HINTS.get(awaiting or "", "")
    if awaiting in ("book_confirm", "book_move"):
        question = Reply(text="", choices=())
    else:
        question = await next_question(state, state.booking or BookingSlots(), turn.assistant, turn.now)
    state.retries = retries
    lead = f"抱歉，没听明白。{hint}"
    if retries >= 2:
        lead += "不想约了请说“不约了”；需要帮忙请回复“转人工”。"
    return Reply(text=f"{lead}\n{question.text}".rstrip(), choices=question.choices)


NAMED_WELL, CLOSE_ENOUGH = 70.0, 10.0  # candidate items named well and close to the best: offered by number
HOW_FAR = re.compile(r"(最晚|最远|最迟|最多)(能|可以)?(提前)?(约|预约)(到)?"
                     r"(哪天|哪一天|几号|什么时候|几时|多少天|几天|多久)"
                     r"|(能|可以)?(约|预约)到(哪天|哪一天|几号|什么时候|几时)(为止)?"
                     r"|(预约|约)(最晚|最远|最迟)")
AHEAD = re.compile(r"提前(几|多少|多久)天?")


def asks_how_far(turn: Turn) -> bool:
    """"最晚能约到哪天", "预约可以提前几天": the booking window asked about."""
    text = turn.text
    return HOW_FAR.search(text) is not None or "约" in text and AHEAD.search(text) is not None


def last_bookable_day(now: datetime, rules: BookingRules) -> date:
    day = now.astimezone(SHANGHAI).date() + timedelta(days=rules.days_ahead)
    while day_kind(day) in ("holiday", "sunday"):
        day -= timedelta(days=1)
    return day


async def how_far(turn: Turn) -> Reply:
    """The last day one may book, then the booking's question on screen again."""
    rules = turn.assistant.rules
    answer = (f"可以预约今天起{rules.days_ahead}天内的工作日，最晚能约到"
              f"{day_label(last_bookable_day(turn.now, rules))}。")
    state = turn.state
    if state.booking is None:
        return Reply.plain(f"{answer}\n下一步：回复“预约”加要办的事，如“预约下周一去祖庙办护照”。")
    if state.awaiting in ("book_confirm", "book_move"):
        return Reply.plain(f"{answer}\n{HINTS[state.awaiting]}")
    question = await next_question(state, state.booking, turn.assistant, turn.now)
    return replace(question, text=f"{answer}\n{question.text}")


def aside(turn: Turn, reply: Reply) -> Reply:
    """Another question mid-booking is answered; the booking waits to be taken up again."""
    if turn.state.booking is None:
        return reply
    turn.state.booking.paused = True
    return remind(turn, reply)


def remind(turn: Turn, reply: Reply) -> Reply:
    """A booking set aside is recalled under an answer, unless the answer itself asks a question."""
    slots = turn.state.booking
    if slots is None or not slots.paused or slots.dropped or reply.choices:
        return reply
    item = turn.catalog.item(slots.item or "")
    what = f"“{item.short_name}”的预约" if item else "刚才的预约"
    return replace(reply, text=f"{reply.text}\n\n{what}还要继续吗？回复“继续”接着约，或说“不约了”。")


def end_booking(state: DialogState) -> None:
    state.booking = None
    state.settle()


def spread(slots: list[FreeSlot], count: int = MAX_OFFERED) -> list[FreeSlot]:
    """A few slots across the day rather than the first three half-hours."""
    if len(slots) <= count:
        return slots
    step = (len(slots) - 1) / (count - 1)
    return [slots[round(n * step)] for n in range(count)]


SAME_TIME = re.compile(r"时间不变|时间照旧|时间一样|同一时间|同样的?时间|同一个时间|时间还是一样|钟数唔变")
SAME_DAY = re.compile(r"同一天|同一日|当天不变|日子不变|日期不变|还是那天|那天不变")


def keep_chosen(slots: BookingSlots) -> None:
    """The day and time of the slot chosen, kept as what was asked for when the slot is dropped."""
    if slots.start is not None:
        slots.day = slots.day or slots.start.date()
        slots.time = slots.time or slots.start.time()


NEXT_WEEK = re.compile(r"下(?:个)?(?:周|星期|礼拜|拜)(?![一二三四五六日天1-7])")
BARE_WEEKDAY = re.compile(r"(?<![下这本今])(?:周|星期|礼拜)[一二三四五六日天1-7]")


def fill(slots: BookingSlots, u: Understanding, catalog: Catalog, today: date | None = None) -> None:
    """Take every slot the message gives; a new item or hall keeps the day and time asked for
    (the slot is found again there), a new day keeps the time only when told so ("时间不变")."""
    if u.item and u.item in catalog.items and u.item != slots.item:
        keep_chosen(slots)
        slots.item, slots.start = u.item, None
    if u.hall and u.hall in catalog.halls and u.hall != slots.hall:
        keep_chosen(slots)
        slots.before, slots.hall, slots.start = slots.hall, u.hall, None
        if slots.day is None and not u.date:  # 周六 refused at 祖庙, then "那就去区中心": that Saturday
            slots.day = slots.wanted
    if not u.date and NEXT_WEEK.search(u.text) and today is not None:  # 下周去: the days from next Monday
        slots.week = today + timedelta(days=7 - today.weekday())
    day = u.date
    if day is not None and slots.week is not None and day < slots.week and BARE_WEEKDAY.search(u.text):
        day += timedelta(days=7)  # 下周去… then "周四吧": that week's Thursday, not today's
    if day:
        slots.wanted = None
        kept = (slots.start.time() if slots.start else slots.time) if SAME_TIME.search(u.text) else None
        slots.day, slots.start = day, None
        if kept is not None and not u.time:
            slots.time, slots.part = kept, None
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
    if slots.paused:  # taken up again: the question on screen was the other topic's
        slots.paused = slots.dropped = False
        resume = "继续" in turn.text  # show the question again
        if resume or state.awaiting not in ("book_confirm", "book_move"):
            state.settle()
            said_yes = u.answer == "yes" or confirms(turn.text)  # "好，刚才的预约帮我确认一下"
            if not resume and said_yes and slots.start is not None:
                state.offer("book_confirm", ["yes", "no"])
    if u.elsewhere and not u.hall:  # 南海, 顺德: halls Yimen does not serve
        fill(slots, u, assistant.catalog, now.astimezone(SHANGHAI).date())
        return offer_served_halls(state, slots, u.elsewhere, assistant)
    if state.awaiting == "book_hall" and not u.hall:
        named = hall_named(turn)
        if named:
            slots.hall = named
            state.settle()
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
        if answer == "no" and not (u.date or u.time or u.hall or u.item and u.item != slots.item):
            slots.start = slots.time = None  # 不对 alone: another time; 不对，我是要办年检: another item
            state.settle()
    asking = state.awaiting not in (None, "book_confirm") and bool(state.options)
    if asking and u.answer == "yes" and number is None and len(state.options) == 1:  # "好": the one offered
        number = 1
    first_hall = None
    if (asking and state.awaiting == "book_hall" and u.answer == "yes" and number is None
            and not (u.date or u.time or u.hall)):  # 确认 with halls on screen: the first, to be confirmed
        number, first_hall = 1, assistant.catalog.hall(state.options[0])
    if asking and number is not None and state.choose(number) is None and not (u.date or u.time or u.hall):
        return Reply.plain(f"请回复序号 1 到 {len(state.options)} 中的一个，或直接说出来（如“明天下午”）。")
    take_choice(state, slots, number)
    fill(slots, u, assistant.catalog, now.astimezone(SHANGHAI).date())
    kiosk = turn.inbound.hall if turn.inbound.channel == "robot" else None
    item = assistant.catalog.item(slots.item or "")
    if slots.hall is None and kiosk and item is not None and kiosk in item.halls:
        slots.hall = kiosk  # at a hall's kiosk: this hall, unless another is named
    if (slots.item is None and u.ambiguous and not number  # 这周六去祖庙办身份证: which of the ID card items
            and day_refused(slots.day, now, assistant.rules) is None):  # 约星期天: the day refused first
        best = u.candidates[0][1] if u.candidates else 0.0
        codes = [c for c, score in u.candidates
                 if c in assistant.catalog.items and score >= NAMED_WELL and best - score <= CLOSE_ENOUGH]
        codes = codes[:MAX_OFFERED + 1]
        if len(codes) > 1:
            state.offer("book_item", codes)
            return Reply(text="预约办哪一项？请回复序号：",
                         choices=numbered([assistant.catalog.items[c].name for c in codes]))
    reply = await next_question(state, slots, assistant, now)
    if first_hall is None:
        return reply
    if state.awaiting == "book_confirm" and confirms(turn.text):  # "确认": the rest was on screen already
        booked = await confirm(state, slots, assistant, citizen=turn.citizen, message_id=turn.inbound.message_id,
                               now=now)
        return prefixed(booked, f"好的，按第1个大厅（{first_hall.short_name}）为您预约。")
    return prefixed(reply, f"好的，先按第1个大厅（{first_hall.short_name}）为您安排；要换大厅，请说大厅名字。")


def prefixed(reply: Reply, note: str) -> Reply:
    return replace(reply, text=f"{note}\n{reply.text}")


async def elsewhere_for_item(state: DialogState, slots: BookingSlots, item: Item, hall: Hall, assistant: Assistant,
                             now: datetime) -> Reply:
    """The hall named does not do the item: back to the hall chosen before, or to the only one that
    does, keeping the day and time asked for; else the halls that do, to choose from."""
    catalog = assistant.catalog
    offering = catalog.halls_for(item)
    why = f"{hall.short_name}不受理“{item.name}”"
    back = catalog.hall(slots.before or "")
    slots.hall, slots.before = None, None
    if back is not None and back.code in item.halls:
        slots.hall = back.code
        return prefixed(await next_question(state, slots, assistant, now), f"{why}，仍按{back.short_name}为您预约。")
    if len(offering) == 1:
        slots.hall = offering[0].code
        return prefixed(await next_question(state, slots, assistant, now),
                        f"{why}，只有{offering[0].short_name}可以办理，已为您换成{offering[0].short_name}。")
    state.offer("book_hall", [h.code for h in offering])
    kept = kept_time(slots, "仍按")
    names = "、".join(h.short_name for h in offering)
    return Reply(text=f"{hall.name}不受理“{item.name}”，可以办理的大厅有：{names}。请回复序号选择{kept}：",
                 choices=numbered([h.name for h in offering]))


def kept_time(slots: BookingSlots, how: str = "") -> str:
    """The day and time asked for, said while the hall is chosen: （时间仍按12月4日（周五）10:00）."""
    if slots.day is None:
        return ""
    return f"（时间{how or '按'}{day_label(slots.day)}{f'{slots.time:%H:%M}' if slots.time else ''}）"


def time_passed(slots: BookingSlots, now: datetime, rules: BookingRules) -> str | None:
    """Today's time asked for that no hall can give any more (passed, or too close to book)."""
    if slots.day is None or slots.time is None:
        return None
    wanted = datetime.combine(slots.day, slots.time, SHANGHAI)
    if wanted <= now:
        return f"今天{slots.time:%H:%M}已经过了。"
    if wanted - now < timedelta(minutes=rules.book_lead_minutes):
        return f"今天{slots.time:%H:%M}来不及预约了（至少要提前{rules.book_lead_minutes}分钟）。"
    return None


def day_refused(day: date | None, now: datetime, rules: BookingRules) -> str | None:
    """Why a day cannot be booked at any hall (passed, too far, a public holiday, Sunday), or None."""
    if day is None:
        return None
    today = now.astimezone(SHANGHAI).date()
    if day < today:
        return refusal_text(DayPassed(day, today))
    last = today + timedelta(days=rules.days_ahead)
    if day > last:
        reason = refusal_text(TooFar(day, rules.days_ahead, last))
        holiday = holiday_name(day) if day_kind(day) == "holiday" else None
        return f"{day_label(day)}是{holiday}假期，大厅不办公；而且{reason}" if holiday else reason
    kind = day_kind(day)
    if kind in ("holiday", "sunday"):
        why = f"{holiday_name(day) or '法定节假日'}假期" if kind == "holiday" else "周日"
        return f"{day_label(day)}是{why}，各大厅不办公，请换一天。"
    return None


def offer_served_halls(state: DialogState, slots: BookingSlots, place: str, assistant: Assistant) -> Reply:
    catalog = assistant.catalog
    item = catalog.item(slots.item or "")
    halls = catalog.halls_for(item) if item else list(catalog.halls.values())
    slots.hall = None
    state.offer("book_hall", [h.code for h in halls])
    return Reply(
        text=f"抱歉，一门目前只能预约禅城区的大厅，{place}的事项请到{place}当地的行政服务中心办理。"
             "如要在禅城办理，请回复序号选择大厅：",
        choices=numbered([h.name for h in halls]),
    )


async def next_question(state: DialogState, slots: BookingSlots, assistant: Assistant, now: datetime) -> Reply:
    catalog, rules = assistant.catalog, assistant.rules
    item = catalog.item(slots.item or "")
    if item is None:
        state.offer("book_item", [])
        refused = day_refused(slots.day, now, rules)
        if refused is not None:  # 约元旦: the day cannot be had anywhere; said before asking the item
            slots.day = None
            return Reply.plain(f"{refused}\n请问要办理哪项业务？如“办护照”“换身份证”，再说一个可以预约的日子。")
        return Reply.plain("好的，帮您预约。请问要办理哪项业务？如“办护照”“换身份证”。")
    state.item = item.code
    hall = catalog.hall(slots.hall or "")
    if hall is not None and hall.code not in item.halls:
        return await elsewhere_for_item(state, slots, item, hall, assistant, now)
    if hall is None:
        halls = catalog.halls_for(item)
        if len(halls) == 1:
            hall = halls[0]
            slots.hall = hall.code
        else:
            state.offer("book_hall", [h.code for h in halls])
            refused = day_refused(slots.day, now, rules) or time_passed(slots, now, rules)
            if refused is not None:  # 今天九点 at 9:20, 1月8号: said before the halls, which cannot change it
                slots.day = slots.time = slots.start = None
                ask = f"预约“{item.short_name}”，请先选择大厅，回复序号，再说一个可以预约的时间："
                return Reply(text=f"{refused}\n{ask}",
                             choices=numbered([h.name for h in halls]))
            return Reply(text=f"预约“{item.short_name}”{kept_time(slots)}，请选择大厅，回复序号：",
                         choices=numbered([h.name for h in halls]))
    if slots.day is None:
        return await offer_days(state, item, hall, assistant, now, week=slots.week,
                                lead=f"预约“{item.short_name}”（{hall.short_name}），请选择日期")
    day = slots.day
    found = await day_slots(hall, day, item, now=now, rules=rules)
    free = found.slots
    if not free:
        slots.day = None
        if isinstance(found.refusal, HallClosed) and day_refused(day, now, rules) is None:
            slots.wanted = day  # closed here, maybe open at another hall
            others = [h.short_name for h in catalog.halls_for(item) if h.code != hall.code and open_on(h, day)]
            more = f"这天{'、'.join(others)}开放，可以说“去{others[0]}”。" if others else ""
            return await offer_days(state, item, hall, assistant, now,
                                    lead=f"{refusal_text(found.refusal)}{more}\n请另选日期")
        if found.refusal:
            why = refusal_text(found.refusal)
        elif day == now.date():
            why = f"今天{hall.short_name}可以预约的时段已经过了。"
        else:
            why = f"{day_label(day)}{hall.short_name}的号已约满。"
        return await offer_days(state, item, hall, assistant, now, lead=f"{why}\n请另选日期")
    start = pick_slot(free, slots)
    if start is None:
        offered = spread(part_of_day(free, slots.part) or free)
        state.offer("book_time", [s.start.isoformat() for s in offered])
        why = why_not_then(day, slots, free, now, rules.book_lead_minutes, hall)
        asked = f"{slots.time:%H:%M}{why}，" if slots.time else ""
        return Reply(
            text=f"{asked}{day_label(day)}{hall.short_name}（{item.short_name}）还可以约这些时间，请回复序号，或直接说时间：",
            choices=numbered([f"{s.start:%H:%M}-{s.end:%H:%M}（剩{s.places_left}个号）" for s in offered]),
        )
    slots.start = start
    state.offer("book_confirm", ["yes", "no"])
    what = "改约" if slots.moving else "预约"
    return Reply(
        text=f"请确认{what}：\n事项：{item.name}\n大厅：{hall.name}（{hall.address}）\n时间：{when_text(start)}",
        choices=(Choice(f"确认{what}", "1"), Choice("重新选时间", "2")),
    )


def why_not_then(day: date, slots: BookingSlots, free: list[FreeSlot], now: datetime, lead_minutes: int,
                 hall: Hall) -> str:
    """Why the time asked for cannot be had: passed, outside the hall's hours, the lunch break, or taken."""
    wanted = datetime.combine(day, slots.time or datetime.min.time(), SHANGHAI)
    if wanted <= now:
        return "已经过了"
    if wanted - now < timedelta(minutes=lead_minutes):  # 09:30 asked at 09:20
        return f"来不及预约了（至少要提前{lead_minutes}分钟）"
    if free and (wanted < free[0].start or wanted >= free[-1].end):
        return "不在可预约的办公时间内"
    spans = hall.hours.saturday if day.weekday() == 5 else hall.hours.weekdays
    asked = f"{wanted:%H:%M}"
    if len(spans) > 1 and spans[0][1] <= asked < spans[1][0]:  # 十二点半: the lunch break
        return f"是午休时间（{spans[0][1]}-{spans[1][0]}），不办理"
    return "没有空位"


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
                     *, lead: str, week: date | None = None) -> Reply:
    days = [d for d in await list_open_days(hall, item, now=now, rules=assistant.rules) if d.places_left]
    if week is not None and any(d.day >= week for d in days):  # 下周: that week's days first
        days = [d for d in days if d.day >= week]
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
        moved, u = active[0], turn.u
        slots.item, slots.hall, slots.moving = moved.item, moved.hall, moved.code
        if not u.date and (u.time or u.part_of_day or SAME_DAY.search(u.text)):  # 改到下午三点: that day
            slots.day = moved.day
        if not u.time and SAME_TIME.search(u.text):  # 改到下周二，时间不变
            slots.time = moved.start.time()


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
        family = ("家人用他（她）自己的微信帮您约的，预约在他（她）的账号里，请他（她）回复“我约了哪天”查看。\n"
                  if FAMILY.search(turn.text) else "")
        return Reply.plain(f"您目前没有预约。\n{family}约好以后，回复“我的预约”随时查看。\n"
                           "下一步：回复“预约”加要办的事，如“预约明天去祖庙办护照”。")
    lines = "\n".join(f"{n}. {booking_line(b, turn.catalog)}" for n, b in enumerate(bookings, 1))
    return Reply.plain(f"您的预约：\n{lines}\n到大厅出示预约码签到取号；要取消请回复“取消预约”。")


async def cancel(turn: Turn) -> Reply:
    """"取消明天的预约": the booking described is offered for confirmation; several are offered as choices."""
    u, state, assistant, citizen = turn.u, turn.state, turn.assistant, turn.citizen
    active = await bookings_of(citizen, active_only=True)
    if not active:
        return Reply.plain("您目前没有可以取消的预约。\n如需预约，回复“预约”加要办的事。")
    chosen = matching(active, u)
    if len(chosen) == 1 or len(active) == 1:
        booking = (chosen or active)[0]
        if too_late_to_change(booking, turn.now, assistant.rules):  # refused now, not after a "确认取消"
            return Reply.plain(refusal_text(CutoffPassed("cancel", assistant.rules.cutoff_minutes)))
        return ask_to_cancel(booking, state, assistant.catalog)
    offered = (chosen or active)[:MAX_OFFERED]
    state.offer("cancel_pick", [b.code for b in offered])
    return Reply(
        text="要取消哪一个预约？请回复序号：",
        choices=numbered([booking_line(b, assistant.catalog) for b in offered]),
    )


def too_late_to_change(booking: Booking, now: datetime, rules: BookingRules) -> bool:
    """Within the cut-off before the visit: no cancelling or moving it online."""
    return now > booking.start - timedelta(minutes=rules.cutoff_minutes)


def ask_to_cancel(booking: Booking, state: DialogState, catalog: Catalog) -> Reply:
    state.offer("cancel_confirm", ["yes", "no"])
    state.pending = booking.code
    return Reply(
        text=f"确定要取消这个预约吗？\n{booking_line(booking, catalog, status=False)}",
        choices=(Choice("确认取消", "1"), Choice("不取消", "2")),
    )


async def answer_cancel(turn: Turn) -> Reply | None:
    """The answer to "要取消哪一个" or "确定要取消吗"; None when the message is about something else."""
    state, assistant = turn.state, turn.assistant
    if state.awaiting == "cancel_pick":
        code = state.choose(turn.number)
        if code is None:
            return None
        state.settle()
        try:
            booking = await booking_by_code(code, turn.citizen)
        except BookingRefused as refused:
            return Reply.plain(refusal_text(refused))
        return ask_to_cancel(booking, state, assistant.catalog)
    answer = yes_or_no(turn)
    if "取消" in turn.text and "不" not in turn.text:  # "确认取消", "对 取消": yes, cancel it
        answer = "yes"
    code = state.pending
    if answer is None or code is None:
        return None
    state.settle()
    if answer == "no":
        return Reply.plain("好的，预约保留不变。需要时回复“我约了哪天”查看。")
    return await cancel_one(code, assistant, citizen=turn.citizen, now=turn.now)


async def cancel_one(code: str, assistant: Assistant, *, citizen: str, now: datetime) -> Reply:
    try:
        booking = await cancel_booking(code, citizen=citizen, now=now, rules=assistant.rules)
    except BookingRefused as refused:
        return Reply.plain(refusal_text(refused))
    return Reply.plain(
        f"已取消：{booking_line(booking, assistant.catalog, status=False)}。\n"
        "需要时可以随时重新预约，回复“预约”加要办的事即可。"
    )

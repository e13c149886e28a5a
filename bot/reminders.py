"""Reminders in chat: "提醒我…" subscribes, "不要再提醒了" withdraws, both at once; "我的提醒" lists.

The topic is the item named ("身份证到期提醒我" → 身份证), or one of the topic words; with none, all
topics. Writing to us opens the 48-hour window in which reminders may come as chat messages.
"""

from __future__ import annotations

import re

from appointments import BookingRefused, booking_by_code
from core.clock import SHANGHAI
from notify import (
    ALL,
    TOPIC_NAMES,
    note_message,
    pending_of,
    record_date_fact,
    shipped_rules,
    subscribe,
    subscribed_topics,
    topics_of,
    unsubscribe,
)
from notify.rules import DateFact

from .checkin import code_in
from .reply import Choice, Reply
from .turn import Turn

TOPIC_WORDS = (("预约", "appointment"), ("办件", "application"), ("进度", "application"), ("驾照", "driving"),
               ("驾驶证", "driving"), ("身份证", "id_card"), ("上学", "school"), ("入学", "school"),
               ("年报", "business"), ("退休", "pension"), ("高龄", "elderly"))
TOPIC_NAMES_TEXT = "身份证、驾驶证到期，小学入学，退休，高龄津贴，企业年报，预约和办件进度"
LISTING = re.compile(r"(哪些|什么|我的|查看|看看).{0,3}提醒")


def topics_in(turn: Turn) -> list[str]:
    """The topics named; [] when an item without reminders is named (护照); [ALL] when none is."""
    found = topics_of(shipped_rules(), turn.u.item)
    found += [topic for word, topic in TOPIC_WORDS if word in turn.text and topic not in found]
    return found or ([] if turn.u.item else [ALL])


def _names(topics: list[str]) -> str:
    return "、".join(TOPIC_NAMES.get(t, t) for t in topics)


# A card's expiry the citizen tells us (身份证明年一月十号到期): the date its reminder is counted from
EXPIRY_FACTS: dict[str, tuple[DateFact, str]] = {"id_card": ("id_card_expires_on", "身份证"),
                                                 "driving": ("driving_licence_expires_on", "驾驶证")}

RENEWAL = {"id_card": "id_card_renewal", "driving": "driver_license_renewal"}  # the item a card's reminder leads to


def expiry_answered(turn: Turn) -> bool:
    """A bare date (明年一月十号到期) right after a card's reminder was turned on or its day kept."""
    state, u = turn.state, turn.u
    said_expiry = EXPIRES.search(turn.text) is not None and u.intent not in ("cancel_appointment", "complaint")
    return (state.awaiting == "expiry_date" and state.pending in EXPIRY_FACTS and u.date is not None
            and (u.intent in ("out_of_scope", "subscribe_reminder") and not u.item or said_expiry))


EXPIRES = re.compile(r"到期|过期|有效期|届满")  # 驾驶证是2027年8月1号到期的: the card named, its day told


async def expiry_told(turn: Turn, topic: str) -> Reply:
    """The expiry date of the card whose reminder is on: kept as the citizen's own word (source
    "said"), so the reminder comes before that day."""
    fact, card = EXPIRY_FACTS[topic]
    on = turn.u.date
    assert on is not None
    if on < turn.now.astimezone(SHANGHAI).date():
        return Reply.plain(f"{on.year}年{on.month}月{on.day}日已经过去了，{card}已过期的话请尽快换领。\n"
                           f"下一步：回复“换{card}要带什么”看材料，或回复“预约”到大厅办理。")
    await record_date_fact(turn.citizen, fact, on, source="said", now=turn.now)
    turn.state.offer("expiry_date", [])  # a corrected date is taken too
    turn.state.pending = topic
    return Reply.plain(f"好的，记下了：{card}{on.year}年{on.month}月{on.day}日到期，到期前我会提前提醒您去换。\n"
                       "日期记错了，直接告诉我新的日期即可。")


KIOSK = ("自助机不知道您是谁，查不到也开不了您个人的提醒。\n"
         "今天在本厅有预约的，说“预约码加8位码，我有什么提醒”可以查看；"
         "也可以在微信里打开本公众号或小程序，说“我有什么提醒”查看，说“提醒我”开启。")


def kiosk_listing_asked(turn: Turn) -> bool:
    """At a kiosk, the reminders asked for with a booking code (the code would otherwise mean a booking)."""
    return turn.inbound.channel == "robot" and LISTING.search(turn.text) is not None and code_in(turn.text) is not None


async def at_the_kiosk(turn: Turn) -> Reply:
    """A kiosk conversation is anonymous; a booking code for today at this hall says who is standing
    there (as check-in by code does), and then their pending reminders are shown (names and days only)."""
    code = code_in(turn.text)
    if code is None or turn.u.intent == "subscribe_reminder" and not LISTING.search(turn.text):
        return Reply.plain(KIOSK)
    try:
        booking = await booking_by_code(code)
    except BookingRefused:
        booking = None
    today = turn.now.astimezone(SHANGHAI).date()
    if booking is None or booking.day != today or booking.hall != turn.inbound.hall:
        return Reply.plain("没有查到这个预约码今天在本厅的预约，请核对8位预约码后再说一次。\n"
                           "也可以在微信里打开本公众号或小程序，说“我有什么提醒”查看。")
    return await listing(turn, booking.citizen)


async def reminders(turn: Turn) -> Reply:
    if turn.inbound.channel == "robot":  # a kiosk conversation is anonymous: only a booking code says who
        return await at_the_kiosk(turn)
    if turn.inbound.channel == "wechat":  # the official account's 48 hours (the app's chat is not that window)
        await note_message(turn.assistant.redis, turn.citizen, turn.now)
    if LISTING.search(turn.text) or turn.u.intent not in ("subscribe_reminder", "unsubscribe_reminder"):
        return await listing(turn)
    topics = topics_in(turn)
    if not topics:
        item = turn.catalog.item(turn.u.item or "")
        name = item.short_name if item else "这件事"
        return Reply.plain(f"{name}的提醒暂未开通。现在可以提醒：{TOPIC_NAMES_TEXT}。\n回复“提醒我”全部开启，"
                           "或说“身份证到期提醒我”只开一项。")
    if turn.u.intent == "unsubscribe_reminder":
        await unsubscribe(turn.citizen, topics, now=turn.now)
        what = "所有提醒" if topics == [ALL] else f"{_names(topics)}提醒"
        return Reply.plain(f"好的，已关闭{what}，不会再给您发送。\n想重新开启，回复“提醒我”即可。")
    return await turn_on(turn, topics)


async def turn_on(turn: Turn, topics: list[str]) -> Reply:
    """Subscribe to `topics`; a card's reminder asks for (or takes) the day it expires."""
    await subscribe(turn.citizen, topics, now=turn.now)
    what = TOPIC_NAMES_TEXT if topics == [ALL] else _names(topics)
    card = next((t for t in topics if t in EXPIRY_FACTS), None)
    if card is not None and RENEWAL[card] in turn.catalog.items:  # 换的时候要带什么: that card's renewal
        turn.state.item = RENEWAL[card]
    if card is not None and turn.u.date is not None:  # 身份证明年1月10号到期，提醒我
        told = await expiry_told(turn, card)
        return Reply.plain(f"好的，已为您开启{what}提醒。\n{told.text}")
    ask = ""
    if card is not None:  # the reminder needs the day: asked, kept when told
        turn.state.offer("expiry_date", [])
        turn.state.pending = card
        ask = f"\n{EXPIRY_FACTS[card][1]}哪天到期？告诉我日期（如“2027年1月10日”），我按日期提前提醒您。"
    return Reply.plain(f"好的，已为您开启{what}提醒。到时我会在白天（8:00-21:00）通知您，每天最多3条。{ask}\n"
                       "不想收了，回复“不要再提醒了”即可。")


# Menu 5 (办事提醒): the reminders one can turn on, by number or in words
MENU_TOPICS = (("id_card", "身份证到期"), ("driving", "驾驶证到期"), ("school", "孩子上小学报名"),
               ("pension", "到龄退休"), ("elderly", "高龄津贴"), ("business", "企业年报"), (ALL, "以上全部开启"))
ALL_WORDS = re.compile(r"全部|都要|都开|全开|所有")


async def menu(turn: Turn) -> Reply:
    if turn.inbound.channel == "robot":
        return await at_the_kiosk(turn)
    rows = await pending_of(turn.citizen)
    on = ("您待发送的提醒：" + "、".join(f"{r.due_at.month}月{r.due_at.day}日{kind_name(r.kind)}" for r in rows) + "\n"
          if rows else "")
    turn.state.offer("reminder_topic", [topic for topic, _ in MENU_TOPICS])
    return Reply(text=on + "可以为您开启这些提醒，回复序号或直接说（如“身份证到期的”）：",
                 choices=tuple(Choice(label, str(n)) for n, (_, label) in enumerate(MENU_TOPICS, 1)))


async def topic_chosen(turn: Turn) -> Reply | None:
    """The answer to menu 5's list: a number, 全部, or a topic's words (身份证到期的那个)."""
    u = turn.u
    if turn.number is not None:
        topic = turn.state.choose(turn.number)
        return None if topic is None else await turn_on(turn, [topic])
    if u.intent not in ("ask_guide", "out_of_scope", "subscribe_reminder"):
        return None  # 我要预约…, 取消…: something else
    if ALL_WORDS.search(turn.text):
        return await turn_on(turn, [ALL])
    topics = [topic for word, topic in TOPIC_WORDS if word in turn.text and topic in turn.state.options]
    return await turn_on(turn, list(dict.fromkeys(topics))) if topics else None


async def listing(turn: Turn, citizen: str | None = None) -> Reply:
    """The reminders turned on (topics) and those already due to be sent (dated); `citizen`: the one a
    booking code named at a kiosk, where nothing can be turned on or off (that is done in WeChat)."""
    who = citizen or turn.citizen
    rows = await pending_of(who)
    on = [topic for topic, active in (await subscribed_topics(who)).items() if active]
    opened = ("您已开启的提醒：" + (TOPIC_NAMES_TEXT if ALL in on else _names(on)) + "。\n") if on else ""
    kiosk = turn.inbound.channel == "robot"
    stop = "不想收了，请在微信里说“不要再提醒了”。" if kiosk else "不想收了，回复“不要再提醒了”。"
    if not rows:
        if opened:
            return Reply.plain(f"{opened}现在还没有到期要发送的提醒，时间到了我会提前通知您。\n{stop}")
        start = "请在微信里说“提醒我”。" if kiosk else "回复“提醒我”即可。"
        return Reply.plain(f"您现在没有开启提醒，也没有待发送的提醒。\n想开启证件到期等提醒，{start}")
    lines = [f"{n}. {r.due_at.month}月{r.due_at.day}日 {kind_name(r.kind)}" for n, r in enumerate(rows, 1)]
    return Reply.plain(opened + "您待发送的提醒：\n" + "\n".join(lines) + "\n" + stop)


def kind_name(kind: str) -> str:
    names = {"appointment_reminder": "预约前一天提醒", "application_progress": "办件进度",
             "id_card_expiry": "身份证到期", "driving_licence_expiry": "驾驶证到期",
             "school_enrolment": "小学入学报名", "first_id_card": "首次申领身份证",
             "retirement_age": "退休提醒", "elderly_allowance": "高龄津贴", "annual_report": "企业年报",
             "staff_campaign": "办事通知"}
    return names.get(kind, "办事提醒")

"""Check-in and "我排到几号了" in the conversation: with the booking code said or the citizen's own.

At a hall's robot the check-in is for that hall; from the phone it is for the booking's hall. The
code may be said ("我的预约码是ABCD2345，我要签到") or left out when the citizen has one booking today.
"""

from __future__ import annotations

import re

from appointments import BookingRefused, Ticket, booking_by_code, bookings_of, check_in, estimated_wait
from appointments.codes import ALPHABET, normalise_code

from .refusals import refusal_text
from .reply import Reply
from .turn import Turn

CHECK_IN = re.compile(r"签到|取号|报到|签个到")
QUEUE = re.compile(r"排到|排第|排几|前面还有|前面有几|几号了|叫到我|轮到我|还要等|等多久|叫号")
CODE = re.compile(rf"(?<![0-9A-Za-z])[{ALPHABET}{ALPHABET.lower()}]{{4}}[\s\-]?[{ALPHABET}{ALPHABET.lower()}]{{4}}"
                  r"(?![0-9A-Za-z])")


# 那个预约码我要怎么用啊 到时候给谁看: how a booking code is used at the hall
CODE_USE = re.compile(r"预约码.{0,8}(怎么用|咋用|怎样用|如何用|有什么用|有啥用|干嘛|做什么用|给谁看|给谁|出示|拿给)"
                      r"|(到时候?|到了|去了).{0,6}(给谁看|出示给谁|找谁签到|怎么签到)")
CODE_USE_ANSWER = ("预约码这样用：按约好的时间到大厅，对大厅的咨询机器人说“预约码加8位码签到”，或出示给导办台、"
                   "综合窗口的工作人员签到取号，然后听叫号到窗口办理。\n"
                   "下一步：忘了预约码，回复“我约了哪天”查看。")


def asks_code_use(turn: Turn) -> bool:
    return CODE_USE.search(turn.text) is not None


NOT_THE_QUEUE = re.compile(r"到账|到帐|办好|办完|办结|拿到|领到|下来|出证|审批|审核|通知")


def wants(turn: Turn) -> bool:
    """A check-in or a question about the queue, rather than anything else: "要等多久钱才能到账"
    asks how long the item takes, not the queue."""
    if CHECK_IN.search(turn.text):
        return True
    return bool(QUEUE.search(turn.text)) and not NOT_THE_QUEUE.search(turn.text)


# letters and digits together, but not a booking code of ours (K3X9P2, A1234567)
WRONG_CODE = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Za-z]*\d)(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]{5,12}(?![0-9A-Za-z])")


def code_in(text: str) -> str | None:
    m = CODE.search(text)
    return normalise_code(m.group(0)) if m else None


def ticket_text(ticket: Ticket, *, hall_name: str) -> str:
    if ticket.booking.status == "called":
        return f"已叫到您的号 {ticket.label}，请到{hall_name}的综合窗口办理。"
    if ticket.people_ahead == 0:
        return f"您的排队号是 {ticket.label}，前面没有人了，请留意叫号。"
    return (f"您的排队号是 {ticket.label}，前面还有{ticket.people_ahead}人，大约等{ticket.wait_minutes}分钟。"
            "\n请留意大厅的叫号屏和广播。")


async def serve(turn: Turn) -> Reply:
    catalog, rules, now = turn.catalog, turn.assistant.rules, turn.now
    code = code_in(turn.text)
    today = now.date()
    if code is None:
        wrong = WRONG_CODE.search(turn.text)
        if wrong is not None:  # 预约码K3X9P2: a code said, not of ours
            return Reply.plain(f"您说的“{wrong.group(0).upper()}”不是有效的预约码：预约码是8位字母和数字，"
                               "在预约成功的消息里，请核对后再说一次，如“预约码ABCD2345签到”。\n"
                               "没有预约也可以到取号机现场取号。")
        mine = [b for b in await bookings_of(turn.citizen, active_only=True) if b.day == today]
        if len(mine) != 1:
            return Reply.plain("请告诉我您的8位预约码（在预约成功的消息里），如“预约码ABCD2345签到”。\n"
                               "没有预约也可以到取号机现场取号。")
        code = mine[0].code
    hall_here = turn.inbound.hall
    at_the_hall = turn.inbound.channel == "robot"  # a kiosk takes any code, as the window does
    try:
        if not at_the_hall:
            await booking_by_code(code, turn.citizen)  # from a phone: only one's own bookings
        if CHECK_IN.search(turn.text):
            ticket = await check_in(code, now=now, rules=rules, hall=hall_here)
            lead = "签到成功！"
        else:
            ticket = await estimated_wait(code, now=now, rules=rules, citizen=None if at_the_hall else turn.citizen)
            lead = ""
    except BookingRefused as refused:
        return Reply.plain(refusal_text(refused) + "\n需要帮忙请回复“转人工”或咨询大厅工作人员。")
    if ticket.booking.status == "booked":  # asked about the queue before checking in
        return Reply.plain("您还没有签到。到大厅后说“签到”并报预约码，我给您排队号。")
    hall = catalog.hall(ticket.booking.hall)
    return Reply.plain(lead + ticket_text(ticket, hall_name=hall.short_name if hall else "大厅"))

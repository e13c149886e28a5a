"""Where an application stands, in chat: by its number ("BJ20261125000123 办到哪了") or the
citizen's own list ("我的办件"). Only the applicant is told anything: another citizen's number
answers exactly like a number that does not exist. Also the wording of progress refusals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from catalog import Catalog
from progress import (
    STATUS_NAMES,
    Application,
    ApplicationClosed,
    ApplicationNotFound,
    BadTransition,
    ChangedMeanwhile,
    ComplaintAnswered,
    ComplaintNotFound,
    EventIdReused,
    ProgressRefused,
    StageBackwards,
    TrailIsAppendOnly,
    UnknownHall,
    UnknownItem,
    add_to_complaint,
    application_of,
    applications_of,
    open_complaint,
    open_complaints_of,
)

from .handoff import open_handoff
from .hours import asks_hours
from .reply import Choice, Reply
from .turn import Turn

NOT_FOUND = ("没有查到办件编号{number}的进度。请核对编号（BJ开头加14位数字，在受理回执上）后再发给我；"
             "如果是替家人办的，请申请人本人查询，或回复“转人工”。")
NONE_YET = "您名下暂时没有办件。办件受理后，发送受理回执上的办件编号（如“BJ20261125000123”）即可查进度。"
LIST_LIMIT = 5


def _date(app: Application) -> str:
    return f"{app.promised_on.month}月{app.promised_on.day}日"


def next_step(app: Application) -> str:
    """What happens next, in one sentence, and what the citizen can do."""
    if app.status == "supplement":
        missing = "、".join(app.missing) or "所缺材料"
        return f"下一步：请补正{missing}，可带到受理大厅或按受理时的方式提交；补齐后继续计时。"
    if app.status == "rejected":
        return "下一步：如对结果有疑问，可回复“转人工”咨询，或按告知书重新申请。"
    if app.status == "completed":
        return "下一步：请按受理时约定的方式领取结果（到大厅领取或邮寄）；欢迎对本次服务评价。"
    following = app.next_stage or "办结"
    return f"下一步：{following}，预计{_date(app)}前办结，有变化我会通知您。"


def progress_text(app: Application, catalog: Catalog) -> str:
    item = catalog.item(app.item)
    name = item.name if item else app.item
    lines = [f"办件{app.number}（{name}）", f"当前环节：{app.stage}（{STATUS_NAMES.get(app.status, app.status)}）"]
    if app.status == "rejected" and app.reason:
        lines.append(f"原因：{app.reason}")
    if app.closed:
        lines.append(f"受理日期：{app.received_on.month}月{app.received_on.day}日")
    elif app.clock_paused:
        lines.append(f"承诺办结：{_date(app)}（补正期间暂停计时，补齐后顺延）")
    else:
        lines.append(f"承诺办结：{_date(app)}")
    lines.append(next_step(app))
    return "\n".join(lines)


# BJ with too few or too many digits: a number copied wrong, said so rather than "none found"
MISCOPIED = re.compile(r"(?i)bj\s*(\d[\d\s-]{5,22}\d)")


async def progress(turn: Turn) -> Reply:
    number = turn.u.application_no
    miscopied = MISCOPIED.search(turn.text) if not number else None
    if miscopied is not None:
        digits = len(re.sub(r"\D", "", miscopied.group(1)))
        return Reply.plain(f"办件编号是BJ加14位数字，您发的是{digits}位，可能少抄或多抄了一位。\n"
                           "下一步：请对照受理回执核对后再发，如“BJ20261125000123”。")
    if number:
        try:
            app = await application_of(number, turn.citizen)
        except ApplicationNotFound:
            return Reply.plain(NOT_FOUND.format(number=number))
        return Reply.plain(progress_text(app, turn.catalog))
    return await my_applications(turn)


async def my_applications(turn: Turn) -> Reply:
    """我的办件: the one in progress in detail; several: the open ones first, each to choose."""
    apps = await applications_of(turn.citizen)
    if not apps:
        return Reply.plain(NONE_YET)
    apps.sort(key=lambda a: a.closed)  # the ones still in progress first, latest first within
    if len(apps) == 1 or apps[1].closed and not apps[0].closed:
        return Reply.plain(progress_text(apps[0], turn.catalog))
    shown = apps[:LIST_LIMIT]
    lines = [f"您有{len(apps)}件办件，最近的{len(shown)}件：" if len(apps) > len(shown) else f"您有{len(apps)}件办件："]
    for app in shown:
        item = turn.catalog.item(app.item)
        name = item.short_name if item else app.item
        state = STATUS_NAMES.get(app.status, app.status)
        tail = "" if app.closed else f"，承诺{_date(app)}前办结"
        lines.append(f"· {app.number} {name}：{app.stage}（{state}）{tail}")
    lines.append("下一步：发送其中一个办件编号，我告诉您详细进度和要做的事。")
    return Reply(text="\n".join(lines), choices=tuple(Choice(a.number, a.number) for a in shown))


async def complain(turn: Turn) -> Reply:
    """我要投诉…: a ticket with a response deadline (staff reply, pushed back), and staff told at the console."""
    inbound, u = turn.inbound, turn.u
    await open_handoff(channel=inbound.channel, user=inbound.user, reason="complaint", text=turn.text,
                       item=turn.state.item, now=turn.now)
    waiting = await open_complaints_of(turn.citizen)
    if waiting and len(turn.text) <= 6:  # "我要投诉" again: the one already open
        ticket = waiting[-1]
        turn.state.offer("complaint_more", [])
        turn.state.pending = str(ticket.id)
        due = f"{ticket.due_on.month}月{ticket.due_on.day}日"
        return Reply.plain(f"您的投诉（编号{ticket.id}）已记录，我们正在处理，会在{due}前答复您。\n"
                           "如需补充情况，直接发给我即可。")
    number = None
    if u.application_no:
        try:
            number = (await application_of(u.application_no, turn.citizen)).number
        except ApplicationNotFound:
            number = None  # not theirs: kept out of the ticket, and nothing said about it
    ticket = await open_complaint(turn.citizen, inbound.channel, turn.text, now=turn.now, application_no=number,
                                  hall=u.hall or inbound.hall, item=u.item or turn.state.item)
    turn.state.offer("complaint_more", [])
    turn.state.pending = str(ticket.id)
    if u.item:  # 石湾窗口让我跑了三次都没办成居住证: questions after it are about that item
        turn.state.item = u.item
    due = f"{ticket.due_on.month}月{ticket.due_on.day}日"
    if SUGGESTION.search(turn.text) and not GRIEVANCE.search(turn.text):  # 提个建议，周六下午也开一下吧
        return Reply.plain(f"感谢您的建议，已记录（编号{ticket.id}），会转给大厅负责同事，在{due}前答复您。\n"
                           "还有想法，直接发给我即可。")
    return Reply.plain(f"您的投诉已记录（编号{ticket.id}），我们很重视，会在{due}前答复您，答复会发到这里。\n"
                       "如需补充情况，直接发给我即可；也可拨打12345热线。")


# A suggestion is recorded like a complaint, and thanked for as what it is
SUGGESTION = re.compile(r"建议|希望|能不能也|可不可以也|最好(能|可以)?|多开|增加|加开")
GRIEVANCE = re.compile(r"投诉|态度|太差|很差|骂|刁难|乱收|推诿|不作为|举报")
HOTLINE = re.compile(r"打电话(去|来)?(投诉|反映|举报)|电话投诉|热线|12345"
                     r"|(还|哪里|哪儿|去哪|边度|别的地方)(能|可以)?(投诉|反映)")


ASKS_FOLLOW_UP = re.compile(r"(会不会|有没有|会有)人?.{0,4}(打电话|联系|回复|答复|回电)"
                            r"|(会|有人)(处理|管|跟进)(吗|不|没有)?$"
                            r"|(什么时候|几时|多久).{0,4}(答复|回复|处理|联系)|怎么(通知|答复|联系)我")


async def complaint_more(turn: Turn) -> Reply | None:
    """Right after a complaint, a message that asks nothing new adds its details to it."""
    u, state = turn.u, turn.state
    if u.intent not in ("out_of_scope", "complaint", "ask_guide", "book_appointment") or u.item or u.application_no:
        return None
    if u.intent == "book_appointment" and "约" in turn.text:  # 我要预约…: something new
        return None
    if not (state.pending or "").isdigit():
        return None
    number = state.pending or ""
    follow_up = about_the_complaint(turn, number)
    if follow_up is not None:
        return follow_up
    ticket = await add_to_complaint(int(number or 0), turn.citizen, turn.text)
    if ticket is None:
        return None
    if SUGGESTION.search(turn.text) and not GRIEVANCE.search(turn.text):  # 希望你们多开几个窗口
        return Reply.plain(f"感谢您的建议，已一并记录（编号{ticket.id}），会转给大厅负责同事。\n"
                           "还有要补充的，继续发给我即可。")
    return Reply.plain(f"已补充到您的投诉（编号{ticket.id}），工作人员会一并核查。\n还有要补充的，继续发给我即可。")


def about_the_complaint(turn: Turn, number: str) -> Reply | None:
    """"什么时候答复", "会不会有人打电话给我", "我能打电话投诉吗": how complaint `number` is answered."""
    if ASKS_FOLLOW_UP.search(turn.text):
        return Reply.plain(f"您的投诉（编号{number}）由工作人员核查后，1个工作日内答复，答复会发到这里；"
                           "需要电话联系的，工作人员会按您留的电话联系您。\n还有要补充的，继续发给我即可。")
    if HOTLINE.search(turn.text):
        return Reply.plain(f"可以。拨打12345政务服务便民热线也能投诉；在这里说的已记录（编号{number}），不用重复。\n"
                           "还有要补充的，继续发给我即可。")
    return None


async def open_complaint_asked_about(turn: Turn) -> Reply | None:
    """The same questions later in the conversation, about the citizen's latest open complaint."""
    if not (ASKS_FOLLOW_UP.search(turn.text) or HOTLINE.search(turn.text)) or turn.u.item or turn.u.application_no:
        return None
    waiting = await open_complaints_of(turn.citizen)
    return about_the_complaint(turn, str(waiting[-1].id)) if waiting else None


def asks_aside(turn: Turn) -> bool:
    """After a complaint, "顺便问下，周六哪个大厅开门": a question of its own, not more of the complaint."""
    if "建议" in turn.text or ASKS_FOLLOW_UP.search(turn.text):  # 顺便提个建议 / 多久给我答复: the complaint's own
        return False
    u = turn.u
    # 那备案去哪里弄 (居住证 complained about): a question about the item on screen, not where it happened
    asked = u.aspect if u.intent == "ask_guide" else u.asks_about if turn.state.item else None
    question = (asked not in (None, "general") and (bool(u.item) or ASKS.search(turn.text) is not None)
                and not GRIEVANCE.search(turn.text))
    return ASIDE.match(turn.text) is not None or asks_hours(turn.text) or question  # 那备案去哪里弄


ASKS = re.compile(r"(去|在)?(哪里|哪儿|哪|边度)(办|弄|搞|交|拿)|怎么(办|弄|搞)|要带|多少钱|多久")
ASIDE = re.compile(r"\s*(?:哦|噢|啊|嗯)?(?:对了|顺便|另外|请问|问一下|问下|我想问)")


# ---- the wording of progress refusals, for the API's error messages --------------------------

WORDS: dict[type[ProgressRefused], Callable[[Any], str]] = {
    ApplicationNotFound: lambda e: "没有查到这个办件编号，请核对后再查。",
    UnknownItem: lambda e: f"没有事项{e.item}，请从事项目录里选择。",
    UnknownHall: lambda e: f"没有大厅{e.hall}，请从大厅列表里选择。",
    StageBackwards: lambda e: f"办件已到“{e.current}”环节，不能退回到“{e.asked}”。",
    ApplicationClosed: lambda e: f"办件已{STATUS_NAMES.get(e.status, e.status)}，不能再变更。",
    BadTransition: lambda e: f"“{e.stage}”环节不能设为{STATUS_NAMES.get(e.status, e.status)}："
                             + {"completed only at 办结": "只有办结环节才能办结。",
                                "办结 is completed or rejected": "办结环节的状态应为已办结或不予受理。",
                                "no change": "与当前环节和状态相同。",
                                "rated after 办结 only": "办结后才能评价。",
                                "rated already": "这个办件已经评价过了，谢谢您。"}.get(e.why, "请核对后再试。"),
    ChangedMeanwhile: lambda e: "办件刚刚被更新过，请刷新后再试。",
    ComplaintNotFound: lambda e: "没有这个投诉编号，请核对后再试。",
    ComplaintAnswered: lambda e: f"投诉{e.complaint_id}已经答复过了。",
    EventIdReused: lambda e: f"事件编号{e.event_id}已用于另一个事件，请换一个新的。",
    TrailIsAppendOnly: lambda e: "办理过程记录只能追加，不能修改或删除。",
    ProgressRefused: lambda e: "办件操作没有成功，请核对后再试。",
}


def progress_refusal_text(exc: ProgressRefused) -> str:
    return next(WORDS[c] for c in type(exc).__mro__ if c in WORDS)(exc)

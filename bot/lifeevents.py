"""Life events in chat (一件事): "我刚生了孩子要办什么" is offered the bundle in one short message, and
its one form is filled in as few turns as possible (one message asks every missing field; one answer
may carry them all), checked, confirmed and submitted as one. On the robot the bundle is explained
for the ear and a visit is offered instead of the form.

Detection is one regex over the bundles' trigger phrases and one over a few "what must I do" cues,
after the NLU, which it does not change.
"""

from __future__ import annotations

import re

from core.clock import SHANGHAI
from core.privacy import mask_id_number, mask_phone
from lifeevents.form import fields_of, problem_of, question_for, read_answer, still_to_ask
from lifeevents.materials import bundle_materials, one_by_one
from lifeevents.schema import Bundle
from lifeevents.submission import (
    BundleRefused,
    consent_for_form,
    form_start,
    hall_for,
    status_line,
    submission_of,
    submit_bundle,
    vault_offer,
)
from prechecks.errors import NotOffered
from prechecks.messages import KIND_NAMES

from . import booking, reuse
from .reply import Choice, Reply
from .turn import Turn

AWAITING = ("bundle_offer", "bundle_vault", "bundle_form", "bundle_confirm")
# "What do I have to do" rather than one named errand: 要办什么, 办哪些手续, 都要办啥, 一件事 …
BROAD = re.compile(r"一件事|(要|得|需要|该|应该|去|都)(办|做|弄|搞|跑)(些|哪些|什么|啥|咩|乜)"
                   r"|办(哪些|些什么|什么手续|啥手续)|(哪些|什么|啥|咩|乜嘢)(手续|证件|事情|事项|业务)|一起办|一次办|都有哪些")
GIVE_UP = re.compile(r"算了|不办了|不用了|先不|取消|唔使|退出")
MASKS = {"id_number": mask_id_number, "phone": mask_phone}  # names are the citizen's to check


def offered(turn: Turn) -> Bundle | None:
    """The bundle this message is about, if it asks broadly what a life event needs, or asks to do
    another of its items together with the one under discussion (医保也能一起办吗 after 出生入户)."""
    if turn.u.intent not in ("ask_guide", "out_of_scope", "precheck_materials"):
        return None
    if BROAD.search(turn.text):  # 老婆上周生了，宝宝的事要办哪些: a trigger phrase, or the bundle the item leads
        return turn.assistant.events.triggered(turn.text) or led_by(turn)
    return together(turn)


def led_by(turn: Turn) -> Bundle | None:
    """The one bundle whose first item is the one the message names (a life situation read as an item)."""
    code = turn.u.item
    led = [b for b in turn.assistant.events.bundles.values() if code and b.items and b.items[0].item == code]
    return led[0] if len(led) == 1 else None


def together(turn: Turn) -> Bundle | None:
    """医保也能一起办吗 (出生入户 under discussion): the bundle holding both items."""
    if not TOGETHER.search(turn.text) or not turn.state.item or turn.u.intent not in ("ask_guide", "out_of_scope"):
        return None
    named = {turn.u.item, *(code for code, _ in turn.u.candidates)} - {None, turn.state.item}
    return next((b for b in turn.assistant.events.bundles.values()
                 if turn.state.item in {e.item for e in b.items} and named & {e.item for e in b.items}), None)


TOGETHER = re.compile(r"(?:一起|一齐|顺便|同时|一并|一块)(?:办|弄|搞|申请|交|登记|做)?")


def _order(bundle: Bundle, turn: Turn) -> str:
    names = [turn.catalog.items[e.item].short_name for e in bundle.items]
    return " → ".join(names)


def offer(bundle: Bundle, turn: Turn) -> Reply:
    state, catalog = turn.state, turn.catalog
    state.settle()
    state.bundle, state.answers = bundle.code, {}
    if bundle.items and bundle.items[0].item in catalog.items:  # 上户口要带什么 next: read in this event
        state.item, state.situation = bundle.items[0].item, None
    materials = bundle_materials(bundle, catalog, {})
    alone = one_by_one(bundle, turn.assistant.events, catalog, {})
    head = f"【{bundle.name}】{bundle.summary}"
    order = f"顺序：{_order(bundle, turn)}（前一件办结后，下一件自动接着办）。"
    first = "、".join(m.name for m in materials[:3])
    bring = f"材料只交一次：{first}等{len(materials)}样（分开办要交{alone.materials}份）。"
    if turn.inbound.channel == "robot":
        state.offer("bundle_offer", ["book", "single"])
        hall = catalog.halls[hall_for(bundle, catalog)].short_name
        spoken_order = _order(bundle, turn).replace(" → ", "、")
        text = f"{head}\n{order}\n{bring}\n下一步：回复1预约到{hall}一次办好，回复2只问其中一件。"
        return Reply(text=text,
                     choices=(Choice("预约到大厅一次办", "1"), Choice("只问其中一件", "2")),
                     speech=f"{bundle.name}，{len(bundle.items)}件事一次办：{spoken_order}。"
                            f"材料只交一次。要预约到{hall}一起办，请说一。")
    state.offer("bundle_offer", ["start", "single"])
    return Reply(text=f"{head}\n{order}\n{bring}\n下一步：回复1开始填一张表（约1分钟），回复2只问其中一件。",
                 choices=(Choice("一起办，开始填表", "1"), Choice("只问其中一件", "2")))


async def answer(turn: Turn) -> Reply | None:
    """The answer to the bundle's question on screen, or None when the message is about something else."""
    state = turn.state
    bundle = turn.assistant.events.bundle(state.bundle or "")
    if bundle is None:
        return None
    if GIVE_UP.search(turn.text):
        state.settle()
        state.bundle, state.answers = None, {}
        return Reply.plain(f"好的，{bundle.short_name}先不办了，填过的内容已清除。"
                           f"需要时说“{bundle.name}”即可重新开始。")
    if state.awaiting == "bundle_offer":
        return await _offer_answered(bundle, turn)
    if state.awaiting == "bundle_vault":
        return await _vault_answered(bundle, turn)
    if state.awaiting == "bundle_form":
        return await _form_answered(bundle, turn)
    return await _confirm_answered(bundle, turn)


async def _offer_answered(bundle: Bundle, turn: Turn) -> Reply | None:
    state = turn.state
    if turn.number is not None:
        choice = state.choose(turn.number)
    else:
        choice = state.options[0] if turn.u.answer == "yes" else "single" if turn.u.answer == "no" else None
    if choice == "single":
        state.settle()
        state.bundle = None
        names = "、".join(turn.catalog.items[e.item].short_name for e in bundle.items)
        example = turn.catalog.items[bundle.items[0].item].short_name
        return Reply.plain(f"好的。请直接说您要问的那一件（{names}），如“{example}要带什么”。")
    if choice == "book":
        state.settle()
        state.item, state.booking = bundle.items[0].item, None
        return await booking.book(turn)
    if choice != "start":
        return None
    offered = await vault_offer(bundle, turn.assistant.events, turn.citizen, turn.now)
    if offered:  # the same consent as a pre-review's (bot/reuse.py): asked before the vault fills anything
        state.offer("bundle_vault", ["yes", "no"])
        state.pending = ",".join(str(r.id) for r in offered)
        names = "、".join(f"{KIND_NAMES.get(r.kind, '材料')}（{r.created_at.astimezone(SHANGHAI).month}月核验）"
                         for r in offered)
        return Reply(text=f"您存档里有{names}，可用来自动填表、免交这份材料。同意复用吗？\n"
                          "下一步：回复1同意复用；回复2不用，我逐项问您。",
                     choices=(Choice("同意复用", "1"), Choice("不用，我自己填", "2")))
    state.answers = await form_start(bundle, turn.assistant.events, turn.citizen, turn.now)
    return _ask(bundle, turn, first=True)


async def _vault_answered(bundle: Bundle, turn: Turn) -> Reply | None:
    """Yes: the offered files fill the form (each use logged once); no: every field is asked."""
    state = turn.state
    said = booking.yes_or_no(turn) or ("yes" if reuse.says_yes(turn.text) else None)
    if said is None:
        return None
    ids = [int(i) for i in (state.pending or "").split(",") if i.isdigit()]
    state.settle()
    lead = ""
    if said == "yes":
        try:
            await consent_for_form(bundle, turn.assistant.events, turn.citizen, ids, turn.now,
                                   via=turn.inbound.channel)
        except NotOffered:  # deleted or expired since the question: nothing reused
            lead = "存档的材料已删除或已过期，没有复用。\n"
        state.answers = await form_start(bundle, turn.assistant.events, turn.citizen, turn.now)
    else:
        state.answers = {}
        lead = "好的，不复用存档的材料。\n"
    reply = _ask(bundle, turn, first=True)
    return Reply(text=lead + reply.text, choices=reply.choices) if lead else reply


def _ask(bundle: Bundle, turn: Turn, *, first: bool, problems: tuple[str, ...] = ()) -> Reply:
    state = turn.state
    missing = still_to_ask(bundle, turn.assistant.events, state.answers)
    if not missing:
        return _confirm(bundle, turn)
    state.offer("bundle_form", [])
    lead = "已从您存档的证件中填好" + "、".join(f.label for f in fields_of(bundle, turn.assistant.events)
                                          if f.code in state.answers) + "。\n" if first and state.answers else ""
    said = "；".join(problems) + "。\n" if problems else ""
    return Reply.plain(lead + said + question_for(missing, first=first) + "\n回复“算了”可退出。")


async def _form_answered(bundle: Bundle, turn: Turn) -> Reply | None:
    state, events = turn.state, turn.assistant.events
    today = turn.now.astimezone(SHANGHAI).date()
    missing = still_to_ask(bundle, events, state.answers)
    found = read_answer(turn.text, missing, today)
    if not found:
        if turn.u.intent not in ("out_of_scope", "greet", "thanks") and turn.u.item:  # another question meanwhile
            return None
        state.retries += 1
        return _ask(bundle, turn, first=False, problems=("没有读到表里的内容",))
    state.answers.update(found)
    return _ask(bundle, turn, first=False)


def _shown(bundle: Bundle, turn: Turn) -> list[str]:
    lines = []
    for f in fields_of(bundle, turn.assistant.events):
        value = turn.state.answers.get(f.code, "")
        if f.type == "choice":
            value = next((o.label for o in f.options if o.code == value), value)
        elif f.type == "date" and value:
            value = f"{value[:4]}年{int(value[5:7])}月{int(value[8:10])}日"
        elif f.type in MASKS:
            value = MASKS[f.type](value)
        lines.append(f"{f.label}：{value}")
    return lines


def _confirm(bundle: Bundle, turn: Turn) -> Reply:
    turn.state.offer("bundle_confirm", ["yes", "no"])
    return Reply(text=f"请核对{bundle.short_name}的申请表：\n" + "\n".join(_shown(bundle, turn)) +
                 "\n下一步：回复1提交（" + "、".join(turn.catalog.items[e.item].short_name for e in bundle.items) +
                 "一并受理）；要改哪项直接发给我，如“电话13800138000”。",
                 choices=(Choice("确认提交", "1"), Choice("先不提交", "2")))


async def _confirm_answered(bundle: Bundle, turn: Turn) -> Reply | None:
    state, events = turn.state, turn.assistant.events
    today = turn.now.astimezone(SHANGHAI).date()
    said = booking.yes_or_no(turn)
    if said is None:
        fixed = read_answer(turn.text, [f for f in fields_of(bundle, events) if f.type != "name" or
                                        any(c in turn.text for c in f.cue)], today)
        fixed = {k: v for k, v in fixed.items() if problem_of(events.field_of(k), v, today=today) is None}
        if not fixed:
            return None if turn.u.item else _confirm(bundle, turn)
        state.answers.update(fixed)
        return _confirm(bundle, turn)
    if said == "no":
        state.settle()
        return Reply.plain(f"好的，先不提交。填好的内容保留30分钟，回复“{bundle.short_name}”可接着办。")
    try:
        done = await submit_bundle(events, turn.catalog, bundle.code, turn.citizen, dict(state.answers),
                                   turn.inbound.channel if turn.inbound.channel in ("wechat", "miniapp", "robot")
                                   else "online", now=turn.now)
    except BundleRefused as refused:  # the form went stale: ask what no longer fits
        for code in refused.problems:
            state.answers.pop(code, None)
        return _ask(bundle, turn, first=False, problems=tuple(refused.problems.values()))
    state.settle()
    state.bundle, state.answers = None, {}
    wanted = [m.name for m in done.materials if not m.kept]
    lines = [f"已提交！一件事编号：{done.number}", *[status_line(a, turn.catalog) for a in done.applications],
             f"请带齐：{'、'.join(wanted)}（各1份，一次交齐）。",
             f"下一步：到{turn.catalog.halls[hall_for(bundle, turn.catalog)].short_name}窗口交材料，"
             f"或发“{done.number}”查全部进度。"]
    return Reply.plain("\n".join(lines))


BUNDLE_NUMBER = re.compile(r"YJ\d{14}", re.IGNORECASE)


def number_in(text: str) -> str | None:
    m = BUNDLE_NUMBER.search(text)
    return m.group(0).upper() if m else None


async def progress(number: str, turn: Turn) -> Reply:
    """Where each application of a submitted bundle stands, and what happened last."""
    try:
        row, apps = await submission_of(number, turn.citizen)
    except BundleRefused:
        return Reply.plain(f"没有查到一件事编号{number}。请核对编号（YJ开头加14位数字）后再发给我。")
    bundle = turn.assistant.events.bundle(row.bundle)
    name = bundle.name if bundle else row.bundle
    lines = [f"【{name}】{number}", *[status_line(a, turn.catalog) for a in apps]]
    lines.append("下一步：待补正的请按提示补交，其他事项不受影响；有变化我会通知您。"
                 if any(a.status == "supplement" for a in apps) else "下一步：各事项分别办理，有变化我会通知您。")
    return Reply.plain("\n".join(lines))

"""Which skill answers a turn: the question on screen first, then the intent's skill.

A question Yimen asked stays open until it is answered, in a number or in words. A message that
is not an answer but another question is answered, and a booking in progress waits for the
citizen to come back to it ("刚才的预约还要继续吗？"); a message understood as neither is asked
again with help. Nothing in progress is dropped without saying so.
"""

from __future__ import annotations

from dataclasses import replace

from core.clock import SHANGHAI
from intents import Intent

from . import (
    booking,
    checkin,
    guide,
    halls,
    hours,
    in_person,
    lifeevents,
    menu,
    progress,
    reminders,
    reuse,
    skills,
    vault,
)
from .reply import Choice, Reply
from .turn import Skill, Turn

SKILLS: dict[Intent, Skill] = {
    "greet": skills.greet,
    "thanks": skills.thanks,
    "ask_guide": guide.ask_guide,
    "book_appointment": booking.book,
    "cancel_appointment": booking.cancel,
    "query_appointment": booking.my_bookings,
    "track_progress": progress.progress,
    "precheck_materials": guide.precheck_list,
    "subscribe_reminder": reminders.reminders,
    "unsubscribe_reminder": reminders.reminders,
    "complaint": progress.complain,
    "human_agent": skills.handoff,
    "out_of_scope": skills.not_understood,
}


def not_understood(turn: Turn) -> bool:
    return turn.u.intent == "out_of_scope" and not turn.u.item


async def route(turn: Turn) -> Reply:
    state = turn.state
    chosen = menu.menu_entry(turn)
    if chosen is not None:
        return await open_menu_entry(chosen, turn)
    if reminders.kiosk_listing_asked(turn):  # 预约码ABCD2345，我有什么提醒 at a hall's robot
        return await reminders.at_the_kiosk(turn)
    if state.awaiting == "vault_delete":  # 删除我存的身份证 → 确认删除?
        answered = await vault.delete_answer(turn)
        if answered is not None:
            return answered
        state.settle()
    if vault.asks_list(turn):  # 我存了哪些材料
        return await vault.list_vault(turn)
    if vault.asks_delete(turn):  # 删除我存的身份证
        return await vault.ask_delete(turn)
    if reuse.wants_reuse(turn):  # 同意复用 / 好 / 用吧 / 1: kept materials offered for a pre-check
        answered = await reuse.reuse_answer(turn)
        if answered is not None:
            return answered
        if state.awaiting == "vault_consent":
            state.settle()  # they moved on to something else
    if state.awaiting in lifeevents.AWAITING:  # a life event offered, its form being filled in
        answered = await lifeevents.answer(turn)
        if answered is not None:
            return answered
        state.settle()
        state.bundle = None
    first = guide.what_first(turn)
    if first is not None:  # 先办哪个 (食品经营许可证 under discussion): the licence it needs first
        return first
    bundle = lifeevents.together(turn) if state.awaiting in ("situation", "notice_more") else None
    if bundle is not None:  # 医保也能一起办吗: the life event holding both
        return lifeevents.offer(bundle, turn)
    if state.awaiting in ("item", "situation", "notice_more") and about_the_halls(turn):  # 禅城有哪些大厅
        state.settle()
        return await answer(turn)
    kept = guide.material_of_current(turn)
    if kept is not None:  # 要带户口本吗 (低保 under discussion)
        state.settle()
        return kept
    situation_said = (state.awaiting == "situation" and state.item in turn.catalog.items  # 租房的，在张槎那边租的
                      and guide.situation_in(turn.text, turn.catalog.items[state.item], turn.assistant.nlu) is not None)
    at_hall = halls.item_at_hall(turn) if not booking.in_booking(state) and not situation_said else None
    if at_hall is not None:  # 我住在南庄 (低保 under discussion)
        state.settle()
        return at_hall
    if state.awaiting in ("item", "situation", "notice_more") and booking.takes_up_again(turn):
        state.settle()  # 好，继续刚才的预约: the guide's question gives way
        return await booking.book(turn)
    if state.awaiting in ("item", "situation", "notice_more"):  # numbered choices of the guide on screen
        answered = guide.answer_choice(turn)
        if answered is not None:
            return booking.remind(turn, answered)
        if not booking.in_booking(state) and (not_understood(turn) or guide.aspect_of_the_choice(turn)):
            return guide.repeat_choices(turn)
        state.settle()  # they moved on to something else
    if state.awaiting == "reminder_topic":  # menu 5's list: 2, 身份证到期的那个
        turned_on = await reminders.topic_chosen(turn)
        if turned_on is not None:
            return turned_on
        state.settle()
    if reminders.expiry_answered(turn):  # 明年一月十号到期 (after 身份证到期提醒我)
        return await reminders.expiry_told(turn, state.pending or "")
    if state.awaiting == "complaint_more" and progress.asks_aside(turn):  # 顺便问下，周六哪个大厅开门
        state.settle()
        return await answer(turn)
    if state.awaiting != "complaint_more" and not booking.in_booking(state):
        followed = await progress.open_complaint_asked_about(turn)  # 什么时候给我答复 (asked later)
        if followed is not None:
            return followed
    if state.awaiting == "complaint_more":  # 是昨天下午在祖庙发生的: more of the complaint just made
        added = await progress.complaint_more(turn)
        if added is not None:
            return added
        state.settle()
    if hours.asks_again(turn):  # 那周六呢
        return await hours.answer_hours(turn)
    if halls.asks_again(turn):  # 张槎的呢 (after 祖庙大厅在哪)
        return await halls.answer_halls(turn)
    if state.awaiting == "staff_wait" and skills.still_waiting(turn):  # 好的，我等一下
        return skills.waiting_for_staff(turn)
    if state.awaiting in ("cancel_pick", "cancel_confirm"):
        answered = await booking.answer_cancel(turn)
        if answered is not None:
            return answered
    if booking.in_booking(state) and checkin.asks_code_use(turn):  # 到了大厅怎么签到: asked mid-booking
        return booking.aside(turn, Reply.plain(checkin.CODE_USE_ANSWER))
    if booking.asks_how_far(turn) and (booking.in_booking(state) or turn.u.intent == "book_appointment"):
        return await booking.how_far(turn)  # 最晚能约到哪天
    if booking.in_booking(state):
        if booking.gives_up_at_confirmation(turn):
            return booking.give_up(state)
        if booking.continues(turn):
            return await booking.book(turn)
        if (skills.REPEAT.search(turn.text) and not state.booking_paused  # 几点？你再说一次
                and not (turn.u.date or turn.u.time or turn.u.hall)):
            return await booking.next_question(state, state.booking or booking.BookingSlots(), turn.assistant,
                                               turn.now)
        proxy = booking_item_in_person(turn)
        if proxy is not None:  # 我老婆来不了，我一个人去行吗: who must come, and the booking waits
            return booking.aside(turn, proxy)
        asked = booking.asked_after_giving_up(turn)
        if asked is not None:  # 算了先不约了 我先问问护照要带什么材料
            booking.give_up(state)
            return booking.prefixed(await answer(replace(turn, u=asked)), "好的，先不约了。")
        if booking.gives_up(turn):
            dropped = booking.give_up(state)
            if turn.u.intent == "ask_guide" and turn.u.aspect not in (None, "general"):  # 算了先不约，先说说要带什么
                return booking.prefixed(await answer(turn), dropped.text.split("\n")[0])
            return dropped
        if not_understood(turn) and turn.u.asks_about and (state.booking and state.booking.item or state.item):
            state.item = state.item if state.booking is None or not state.booking.item else state.booking.item
            return booking.aside(turn, await guide.follow_up(turn, turn.u.asks_about))  # 提取一般多久到账？
        if about_the_halls(turn):  # 区中心中午休不休息: the hours, then the booking's question again
            return booking.aside(turn, await answer(turn))
        if (not_understood(turn) or turn.u.answer == "yes") and not state.booking_paused:
            return await booking.ask_again(turn)
        return booking.aside(turn, await answer(turn))  # another question mid-booking
    return await answer(turn)


def booking_item_in_person(turn: Turn) -> Reply | None:
    """Who must come, asked mid-booking about the item being booked (not a slot, not a material)."""
    u, slots = turn.u, turn.state.booking
    item = turn.catalog.item((slots.item if slots else None) or "")
    if item is None or u.date or u.time or u.hall or not in_person.asks_in_person(turn.text):
        return None
    return in_person.answer(item, turn.catalog)


def visit_asked(turn: Turn) -> bool:
    """A day and a time (or hall) to go, asked about for the item under discussion."""
    u, state = turn.u, turn.state
    return (u.intent in ("ask_guide", "out_of_scope") and not u.item and bool(state.item) and u.date is not None
            and bool(u.time or u.hall) and u.aspect in ("general", "location") and not u.booking_question
            and u.date >= turn.now.astimezone(SHANGHAI).date())


def about_the_halls(turn: Turn) -> bool:
    """Opening hours or the halls asked about, no item named: answered whatever is on screen."""
    u = turn.u
    mid_booking = (u.intent == "book_appointment" and turn.state.booking is not None  # 那区中心周六开吗
                   and not (u.time or u.part_of_day))  # …还是十点半: a time to book
    return not u.item and (halls.asked_about(turn) or hours.asks_hours(u.text or turn.text)
                           and (u.intent in ("ask_guide", "out_of_scope", "greet") or mid_booking))  # 中午有没有人上班


async def answer(turn: Turn) -> Reply:
    u = turn.u
    if checkin.asks_code_use(turn):  # 预约码怎么用，到时候给谁看
        return Reply.plain(checkin.CODE_USE_ANSWER)
    if checkin.wants(turn) and (not u.item or checkin.code_in(turn.text)):  # 签到, 我排到几号了
        return await checkin.serve(turn)
    if visit_asked(turn):  # 那今天下午两点去祖庙办可以吗 (居住证 under discussion): a visit then, booked
        return await booking.book(turn)
    if about_the_halls(turn):  # 几点开门, 张槎大厅在哪里, 你们有哪几个大厅
        return await (halls.answer_halls(turn) if halls.asked_about(turn) else hours.answer_hours(turn))
    bundle = lifeevents.offered(turn)  # 我刚生了孩子要办什么: the life event, all of it
    if bundle is not None:
        return lifeevents.offer(bundle, turn)
    if (number := lifeevents.number_in(turn.text)) is not None:  # YJ…: a bundle's progress
        return await lifeevents.progress(number, turn)
    item = in_person.asked(turn)  # 要本人去吗, 能让我老公帮我去办不
    if item is not None:
        turn.state.item = item.code
        return in_person.answer(item, turn.catalog)
    if (u.intent == "ask_guide" and u.date and u.item and u.aspect in ("general", "location")
            and not u.booking_question and u.date >= turn.now.astimezone(SHANGHAI).date()):  # not 昨天 (what happened)
        return await booking.book(turn)  # 礼拜日可唔可以去石湾办居住证: a visit on that day
    if u.booking_question:  # 要预约吗: the answer, and the way to book
        return booking.whether_to_book(turn)
    if u.intent == "out_of_scope" and u.asks_about and turn.state.item and not u.date:  # 多久能拿到新证
        return await guide.follow_up(turn, u.asks_about)
    if u.intent == "out_of_scope" and u.item:  # unsure of the intent, sure of the item: guide
        return await guide.ask_guide(turn)
    own_case = guide.tells_own_case(turn)
    told = guide.situation_told(turn, u.aspect or "general") if not_understood(turn) or own_case else None
    if told is not None:  # 回到刚才的，我是租房的; 我是买房子的 (公积金 under discussion)
        return told
    return await SKILLS[u.intent](turn)


async def open_menu_entry(entry: menu.Entry, turn: Turn) -> Reply:
    state = turn.state
    state.settle()
    if entry.code == "guide":
        codes = [c for c in menu.POPULAR if c in turn.catalog.items]
        state.offer("item", codes)
        state.aspect = "general"
        return Reply(
            text="好的，办事指南。请直接说您要办的事，我一次告诉您材料、地点、时限和费用。常办的事项，回复序号：",
            choices=tuple(Choice(turn.catalog.items[c].name, str(n)) for n, c in enumerate(codes, 1)),
        )
    if entry.code == "book":
        return await booking.book(turn)
    if entry.code == "progress":
        return Reply.plain("请发送办件编号（BJ开头加14位数字，在受理回执上），如“BJ20261125000123”，我帮您查进度。")
    if entry.code == "precheck":
        return await guide.precheck_list(turn)
    return await reminders.menu(turn)

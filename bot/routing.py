"""Which skill answers a turn: an open question on screen first, then the intent's skill."""

from __future__ import annotations

from intents import Intent

from . import booking, guide, skills
from .reply import Reply
from .turn import Skill, Turn

SKILLS: dict[Intent, Skill] = {
    "greet": skills.greet,
    "thanks": skills.thanks,
    "ask_guide": guide.ask_guide,
    "book_appointment": booking.book,
    "cancel_appointment": booking.cancel,
    "query_appointment": booking.my_bookings,
    "track_progress": skills.progress,
    "precheck_materials": guide.precheck_list,
    "subscribe_reminder": skills.reminders,
    "unsubscribe_reminder": skills.reminders,
    "complaint": skills.handoff,
    "human_agent": skills.handoff,
    "out_of_scope": skills.not_understood,
}


async def route(turn: Turn) -> Reply:
    state, u = turn.state, turn.u
    if state.awaiting in ("item", "situation"):  # numbered choices of the guide on screen
        answered = guide.answer_choice(turn)
        if answered is not None:
            return answered
        if u.intent == "out_of_scope" and not u.item:
            return guide.repeat_choices(turn)
        state.settle()  # they moved on to something else
    if state.awaiting == "cancel_pick" and turn.number is not None:
        return await booking.cancel(turn)
    if booking.in_booking(state):
        if booking.continues(turn):
            return await booking.book(turn)
        booking.end_booking(state)
    if u.intent == "out_of_scope" and u.item:  # unsure of the intent, sure of the item: guide
        return await guide.ask_guide(turn)
    return await SKILLS[u.intent](turn)

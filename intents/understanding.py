"""What the assistant understood of one message: the intent and its entities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal, TypeGuard, get_args

from .answers import PartOfDay, YesNo

Intent = Literal[
    "greet", "thanks", "ask_guide", "book_appointment", "cancel_appointment", "query_appointment",
    "track_progress", "precheck_materials", "subscribe_reminder", "unsubscribe_reminder",
    "complaint", "human_agent", "out_of_scope",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)

Aspect = Literal["materials", "conditions", "location", "duration", "fee", "process", "online", "general"]
ASPECTS: tuple[Aspect, ...] = get_args(Aspect)


def is_aspect(name: str) -> TypeGuard[Aspect]:
    return name in ASPECTS


@dataclass(frozen=True)
class Understanding:
    intent: Intent
    item: str | None = None  # catalog code
    aspect: Aspect | None = None  # for ask_guide
    date: date | None = None
    time: time | None = None
    application_no: str | None = None  # BJ + 14 digits, normalised
    hall: str | None = None  # hall code
    number: int | None = None  # a bare choice such as "2" or "第二个"
    candidates: tuple[tuple[str, float], ...] = ()  # (item code, score 0-100), best first
    ambiguous: bool = False  # the top candidates are too close to pick one: offer them as choices
    answer: YesNo | None = None  # a yes or a no to the question just asked
    part_of_day: PartOfDay | None = None  # 上午 / 下午, when no exact time is given
    reschedule: bool = False  # asks to move an existing booking (改到…, 推迟…)
    elsewhere: str | None = None  # a district named whose halls Yimen does not serve (南海, 顺德)
    asks_about: Aspect | None = None  # an aspect cue in a message read as off-topic ("多久能拿到"): a follow-up?
    booking_question: bool = False  # asks whether a booking is needed ("要预约吗"), not to book
    text: str = ""  # the normalised text

    def contract(self) -> dict[str, str | None]:
        """The fields of ../shared/spec/nlu-contract.md, as JSON-ready values."""
        return {
            "intent": self.intent,
            "item": self.item,
            "aspect": self.aspect,
            "date": self.date.isoformat() if self.date else None,
            "time": self.time.strftime("%H:%M") if self.time else None,
            "application_no": self.application_no,
            "hall": self.hall,
        }

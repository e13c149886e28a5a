"""Conversations: dialog state, slot filling, clarification, skills, and the Reply."""

from .assistant import Assistant, build_assistant
from .conversation import MENU, respond
from .inbound import Inbound
from .once import answer_once
from .reply import Card, Choice, Reply

__all__ = ["MENU", "Assistant", "Card", "Choice", "Inbound", "Reply", "answer_once", "build_assistant", "respond"]

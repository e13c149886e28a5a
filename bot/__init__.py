"""Conversations: dialog state, slot filling, clarification, skills, and the Reply.

Channel-neutral: a handler turns its channel's message into an Inbound, `respond` answers it
with a Reply, and the handler renders that for its channel.
"""

from .assistant import Assistant, build_assistant
from .conversation import respond
from .inbound import Inbound, Kind
from .menu import MENU, WELCOME
from .reply import Card, Choice, Reply

__all__ = ["MENU", "WELCOME", "Assistant", "Card", "Choice", "Inbound", "Kind", "Reply", "build_assistant", "respond"]

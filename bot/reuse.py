"""The vault in chat: kept materials of other items offered for the pre-review of this one, counted only
when the citizen says yes to that use (同意复用, 好, 可以, 用吧, or the number 1).

    offer_reuse(turn, item)    the offer for the checklist, and the question on screen ("vault_consent")
    await_consent(state, ids)  the question on screen (also after a notice the channel pushed later)
    wants_reuse(turn)          the answer is to that question, or "同意复用" said with an item under discussion
    reuse_answer(turn)         yes: consented, counted, logged once, and the notice again; no: photos instead
"""

from __future__ import annotations

import re

from catalog import Item
from core.clock import SHANGHAI
from prechecks.notice import CHAT_CONSENT, notice_text, offer_text
from prechecks.vault import checklist_for, consent_to_reuse

from .dialog import DialogState
from .reply import Choice, Reply
from .turn import Turn

CHOICES = (Choice("同意复用", "1"), Choice("不用，我重新拍照", "2"))
NUMBERED = "同意复用请回复1或“同意复用”；不复用请回复2，或直接拍照发送。"  # with the question on screen
# 同意复用 / 复用吧 / 就用那个 / 用吧 / 用之前的: a yes to the reuse in the citizen's own words
SAYS_REUSE = re.compile(r"同意|复用|用吧|就用|用它|用那个|用这个|用存档|用之前|用以前|用上次|用原来")
NEGATED = re.compile(r"不|别|唔|没|无需|免")
QUESTION = re.compile(r"[吗么嘛?？]\s*$|什么|怎么|为什么|哪|能不能|可不可以|是不是")
# 我重新拍 / 不复用 / 不同意: a no, even when the NLU hears no yes-or-no in it
SAYS_NO = re.compile(r"重新拍|再拍|新拍|自己拍|重拍|不复用|不要复用|不用复用|不同意|别复用|唔使")
# said with no question on screen (after a notice pushed later): only the explicit words
NAMES_REUSE = re.compile(r"同意复用|复用(?:吧|存档|之前|以前|上次|原来|那个)")


def await_consent(state: DialogState, ids: list[int]) -> None:
    """The consent question is on screen: the offered files in `pending`."""
    state.offer("vault_consent", ["yes", "no"])
    state.pending = ",".join(str(i) for i in ids)


async def offer_reuse(turn: Turn, item: Item) -> tuple[str, tuple[Choice, ...]] | None:
    """The kept materials this item could reuse and the question, with its choices; None when the vault
    offers nothing. Mid-booking the booking's question stays on screen: then only the words say yes."""
    today = turn.now.astimezone(SHANGHAI).date()
    found = await checklist_for(turn.citizen, item, turn.state.situation, today, turn.now)
    if not found.offers:
        return None
    offered = f"另外，{'、'.join(offer_text(o, today) for o in found.offers)}可直接复用，不用再拍。"
    if turn.state.booking is not None:
        return offered + CHAT_CONSENT, ()
    await_consent(turn.state, sorted(found.offered))
    return offered + NUMBERED, CHOICES


def can_ask(state: DialogState, item: str) -> bool:
    """A notice pushed later may put the question on screen: the item is still the topic, nothing else asked."""
    return state.item == item and state.booking is None and state.awaiting in (None, "vault_consent")


def says_yes(text: str) -> bool:
    return SAYS_REUSE.search(text) is not None and NEGATED.search(text) is None and QUESTION.search(text) is None


def wants_reuse(turn: Turn) -> bool:
    """The question is on screen, or "同意复用" is said about the item under discussion."""
    if turn.state.awaiting == "vault_consent":
        return True
    return bool(turn.state.item) and NAMES_REUSE.search(turn.text) is not None and says_yes(turn.text)


def answer_of(turn: Turn) -> str | None:
    """"yes", "no" or None (another message)."""
    if turn.number is not None:
        return turn.state.choose(turn.number) if turn.state.awaiting == "vault_consent" else None
    if says_yes(turn.text):
        return "yes"
    if turn.u.answer is not None:
        return turn.u.answer
    return "no" if SAYS_NO.search(turn.text) else None


async def reuse_answer(turn: Turn) -> Reply | None:
    """The citizen's answer to the offer; None when the message is about something else."""
    state = turn.state
    item = turn.catalog.item(state.item or "")
    answer = answer_of(turn)
    if item is None or answer is None:
        return None
    pending = [int(i) for i in (state.pending or "").split(",") if i.isdigit()]
    asked = state.awaiting == "vault_consent"
    if asked:
        state.settle()
    if answer == "no":
        return Reply.plain("好的，不复用存档的材料。请直接拍照发送要核对的材料，我逐项帮您核对。")
    today = turn.now.astimezone(SHANGHAI).date()
    found = await checklist_for(turn.citizen, item, state.situation, today, turn.now)
    counted = {r.id for r in found.reused}
    wanted = [i for i in pending if i in found.offered or i in counted] if asked else sorted(found.offered)
    if not wanted:
        if counted:
            return Reply.plain("已按您的同意复用，不用再确认。\n" + notice_text(item, state.situation, found))
        return Reply.plain("存档里没有这个事项可复用的材料（可能已删除或已过期）。请直接拍照发送，我帮您核对。")
    texts = [offer_text(o, today) for o in found.offers if set(o.ids) & set(wanted)]
    reuse = await consent_to_reuse(turn.citizen, item, state.situation, wanted, today, turn.now,
                                   via=turn.inbound.channel)
    said = f"好的，已按您的同意复用{'、'.join(texts)}。" if texts else "已按您的同意复用，不用再确认。"
    return Reply.plain(said + "\n" + notice_text(item, state.situation, reuse.checklist))

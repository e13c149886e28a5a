"""The platform's word after a send, and the citizen's answers in its pop-ups, recorded.

    record_popup(citizen, items, rules, now=...)    subscribe_msg_popup_event: "accept" adds a one-time
                                                    grant (and, for a long-term template, consents to the
                                                    topics of the rules that use it); "reject" adds none
    record_change(citizen, items, now=...)          subscribe_msg_change_event: "reject" is a refusal
    record_sent(citizen, items, rules, now=...)     subscribe_msg_sent_event: the row's delivery
    record_template_finish(msgid, status, now=...)  TEMPLATESENDJOBFINISH: success, failed:user block,
                                                    failed: system failed

A refusal (a reject, errcode 43101, "user block") is final for that template: the dispatcher tries no
channel through it until the citizen accepts it again, and staff cannot resend those rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from .consent import ALL, add_grants, subscribe
from .models import Outbox, SubscribeGrant, TemplateRefusal
from .render import rule_for
from .rules import RulesFile

SUBSCRIBE_CHANNELS = ("subscribe_once", "subscribe_long")
REFUSED = "43101"  # in a row's error: refused, never resent
USER_BLOCK = "user block"


def _template(item: Mapping[str, str]) -> str | None:
    template = item.get("TemplateId", "").strip()
    return template if 0 < len(template) <= 64 and template.isascii() else None


async def refuse(citizen: str, template_id: str, reason: str, *, now: datetime) -> None:
    await TemplateRefusal.update_or_create({"reason": reason[:64], "at": now}, citizen=citizen,
                                           template_id=template_id)
    await SubscribeGrant.filter(citizen=citizen, template_id=template_id).update(remaining=0, updated_at=now)


async def refused(citizen: str, template_id: str) -> bool:
    return await TemplateRefusal.exists(citizen=citizen, template_id=template_id)


async def record_popup(citizen: str, items: Sequence[Mapping[str, str]], rules: RulesFile, *,
                       now: datetime) -> dict[str, int]:
    """Grants per template this pop-up accepted (each accept allows one send)."""
    accepted: dict[str, int] = {}
    for item in items:
        template = _template(item)
        if template is None or item.get("SubscribeStatusString") != "accept":
            continue
        await TemplateRefusal.filter(citizen=citizen, template_id=template).delete()
        accepted[template] = await add_grants(citizen, template, 1, now=now)
        topics = sorted({r.topic for r in rules.rules if r.template_id == template and "subscribe_long" in r.channels})
        if topics and ALL not in topics:
            await subscribe(citizen, topics, now=now, via="wechat")
    return accepted


async def record_change(citizen: str, items: Sequence[Mapping[str, str]], *, now: datetime) -> list[str]:
    """Templates the citizen now refuses (the platform only reports refusals here)."""
    refusals = []
    for item in items:
        template = _template(item)
        if template is not None and item.get("SubscribeStatusString") == "reject":
            await refuse(citizen, template, "rejected in the service notices", now=now)
            refusals.append(template)
    return refusals


async def _sent_row(citizen: str, template: str, msgid: str, rules: RulesFile) -> Outbox | None:
    if msgid:
        row = await Outbox.get_or_none(msgid=msgid, citizen=citizen)
        if row is not None:
            return row
    # bizsend answers no msgid: the oldest subscribe message to this citizen through this template still
    # without the platform's word is the one this event is about.
    for row in await Outbox.filter(citizen=citizen, status="sent", delivery__isnull=True,
                                   channel__in=list(SUBSCRIBE_CHANNELS)).order_by("sent_at", "id").limit(50):
        rule = rule_for(row, rules)
        if rule is not None and rule.template_id == template:
            return row
    return None


async def record_sent(citizen: str, items: Sequence[Mapping[str, str]], rules: RulesFile, *,
                      now: datetime) -> int:
    """subscribe_msg_sent_event: ErrorCode 0 is delivered; 43101 is a refusal; others failed. Rows updated."""
    updated = 0
    for item in items:
        template = _template(item)
        code = item.get("ErrorCode", "").strip()
        if template is None or not code.lstrip("-").isdigit():
            continue
        msgid = item.get("MsgID", "").strip()
        msgid = msgid if msgid.isdigit() and len(msgid) <= 32 else ""
        status = (item.get("ErrorStatus", "").strip() or ("success" if code == "0" else f"failed:{code}"))[:32]
        row = await _sent_row(citizen, template, msgid, rules)
        if code == REFUSED:
            await refuse(citizen, template, "43101 in subscribe_msg_sent_event", now=now)
        if row is None:
            continue
        changes: dict[str, object] = {"delivery": status, "msgid": row.msgid or msgid or None}
        if code != "0":
            final = " (refused, final)" if code == REFUSED else ""
            changes.update(status="failed", error=f"platform: errcode {code} {status}{final}"[:200])
        await Outbox.filter(id=row.id).update(**changes)
        updated += 1
    return updated


async def record_template_finish(msgid: str, status: str, rules: RulesFile, *, now: datetime) -> bool:
    """TEMPLATESENDJOBFINISH: "success", "failed:user block" (final) or "failed: system failed"."""
    status = status.strip()[:32]
    if not msgid.isdigit() or len(msgid) > 32 or not status:
        return False
    row = await Outbox.get_or_none(msgid=msgid)
    if row is None:
        return False
    changes: dict[str, object] = {"delivery": status}
    if status.startswith("failed"):
        blocked = USER_BLOCK in status
        changes.update(status="failed", error=f"platform: {status}{' (refused, final)' if blocked else ''}")
        rule = rule_for(row, rules)
        if blocked and rule is not None and rule.template_id:
            await refuse(row.citizen, rule.template_id, "failed:user block", now=now)
    await Outbox.filter(id=row.id).update(**changes)
    return True


def final_refusal(row: Outbox) -> bool:
    """The citizen refused this message: it must never go again (no staff resend either)."""
    text = f"{row.error or ''} {row.delivery or ''}"
    return REFUSED in text or USER_BLOCK in text

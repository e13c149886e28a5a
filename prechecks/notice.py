"""The one-time notice (一次性告知) of a pre-review: each material passed, a problem (what and how to fix)
or missing, in one message, with the next step. A kept material of another item is offered by name
("您3月核验过的身份证（有效期至2036年）可直接复用") and counted only after the citizen consents."""

from __future__ import annotations

from datetime import date

from catalog.schema import Item
from core.clock import SHANGHAI

from .checklist import KINDS_OF_TYPE
from .messages import KIND_NAMES, TEXTS
from .models import PrecheckRecord
from .vault import Checklist, Offer

PASS_TEXTS = {TEXTS["pass"].format(kind=k) for k in KIND_NAMES.values()} | {TEXTS["strip_exif"]}
TYPE_NAMES = {"id_card": "身份证", "household_register": "户口簿", "business_licence": "营业执照", "form": "申请表"}
# How the citizen says yes, per door: in chat in their own words, in the app with its button.
CHAT_CONSENT = "同意复用请回复“同意复用”；不复用的话，直接拍照发送即可。"
APP_CONSENT = "同意复用请点“同意复用”；不复用的话，直接上传照片即可。"


def offer_text(offer: Offer, today: date | None) -> str:
    """"您3月核验过的身份证（有效期至2036年）": when it was checked (the year too when not this year),
    what it is (one side of a card when only that side is kept) and until when it is valid."""
    at = offer.checked_at.astimezone(SHANGHAI)
    when = f"{at.month}月" if today is not None and at.year == today.year else f"{at.year}年{at.month}月"
    whole = set(KINDS_OF_TYPE.get(offer.type, ())) <= set(offer.kinds)
    name = TYPE_NAMES.get(offer.type, "材料") if whole else "、".join(KIND_NAMES[k] for k in offer.kinds)
    until = offer.valid_until
    valid = "" if until is None else "（长期有效）" if until == "长期" else f"（有效期至{until[:4]}年）"
    return f"您{when}核验过的{name}{valid}"


def too_short_text(record: PrecheckRecord, due: date) -> str:
    """Why a kept card is not offered: it expires before the item's promised completion day."""
    until = record.valid_until
    assert until is not None
    name = TYPE_NAMES.get(next((t for t, ks in KINDS_OF_TYPE.items() if record.kind in ks), ""), "材料")
    return (f"您存档的{name}有效期至{until.year}年{until.month}月{until.day}日，早于本事项承诺办结日"
            f"（{due.year}年{due.month}月{due.day}日），不能复用，请拍照发送有效期更长的{name}。")


def short_of(checklist: Checklist, material_type: str) -> PrecheckRecord | None:
    kinds = KINDS_OF_TYPE.get(material_type, ())
    return next((r for r in checklist.too_short if r.kind in kinds), None)


def notice_text(item: Item, situation: str | None, checklist: Checklist, *, consent: str = CHAT_CONSENT) -> str:
    lines = [f"【{item.name}】材料预审结果："]
    reused = {r.kind for r in checklist.reused}
    materials = item.materials_for(situation)
    offered_any = False
    for n, (material, status) in enumerate(zip(materials, checklist.statuses, strict=True), 1):
        kinds = KINDS_OF_TYPE.get(material.type, ())
        offer = checklist.offer_for(material) if status.status in ("missing", "problem") else None
        offered = f"{offer_text(offer, checklist.today)}可直接复用。" if offer else ""
        offered_any = offered_any or bool(offer)
        short = short_of(checklist, material.type) if status.status in ("missing", "problem") and not offer else None
        if short is not None and checklist.due is not None:
            offered = too_short_text(short, checklist.due)  # why the vault's card is not offered
        if status.status == "passed":
            kept = (f"（经您同意，复用已存档的{TYPE_NAMES.get(material.type, '材料')}）"
                    if any(k in reused for k in kinds) else "")
            lines.append(f"{n}. {status.material}：通过{kept}")
        elif status.status == "problem":
            fixes = [m for k in kinds if k in checklist.chosen for m in checklist.chosen[k].messages
                     if m not in PASS_TEXTS]
            lines.append(f"{n}. {status.material}：有问题。" + "".join(fixes) + offered)
        elif status.status == "missing":
            which = "、".join(KIND_NAMES[k] for k in status.missing_kinds)
            lines.append(f"{n}. {status.material}：还缺{which}，请拍照发送" + (f"；{offered}" if offered else "。"))
        else:
            lines.append(f"{n}. {status.material}：请带到窗口，由工作人员核验。")
    if offered_any:
        lines.append(consent)
    done = all(s.status in ("passed", "by_staff") for s in checklist.statuses)
    lines.append("下一步：" + ("材料已齐，可到大厅综合窗口办理；回复“预约”可预约时间。" if done
                              else "请按上面提示补齐或重拍后再发送，我再帮您核对。"))
    return "\n".join(lines)

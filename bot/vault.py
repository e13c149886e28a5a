"""The citizen's vault in chat: "我存了哪些材料" lists the kept materials (masked, with until when each is
valid and whether it can be reused today); "删除我存的身份证" names what would go and asks yes or no;
a yes deletes the files and their rows (the uses logged stay), a no keeps them.

    asks_list(turn) / list_vault(turn)
    asks_delete(turn) / ask_delete(turn) / delete_answer(turn)   the question `vault_delete`
"""

from __future__ import annotations

import re

from core.clock import SHANGHAI
from core.privacy import mask_id_number
from prechecks.messages import KIND_NAMES
from prechecks.vault import KeptMaterial, delete_record, vault_of

from . import booking, reuse
from .reply import Choice, Reply
from .turn import Turn

VAULT = r"(?:存档|存了|存的|保存的|保存了|留存|存起来)"
LIST = re.compile(rf"(?:{VAULT}.{{0,6}}(?:哪些|什么|啥|几样|咩)|(?:我的|查看|看看|看下).{{0,2}}(?:材料)?存档)")
DELETE = re.compile(r"删除|删掉|删了|删去|清除|清掉|不要(?:再)?(?:保存|存)|别(?:再)?存")
# what the citizen names, and the kinds it stands for
NAMED = (("身份证", ("id_front", "id_back")), ("户口", ("hukou",)), ("营业执照", ("licence",)),
         ("执照", ("licence",)), ("申请表", ("form",)))
ALL = re.compile(r"全部|所有|都删|全删|统统")


def asks_list(turn: Turn) -> bool:
    return LIST.search(turn.text) is not None and DELETE.search(turn.text) is None


def asks_delete(turn: Turn) -> bool:
    return DELETE.search(turn.text) is not None and re.search(VAULT + "|存档", turn.text) is not None


def line_of(kept: KeptMaterial, item_names: dict[str, str]) -> str:
    r = kept.record
    at = r.created_at.astimezone(SHANGHAI)
    parts = [f"{KIND_NAMES.get(r.kind, '文件')}（{at.year}年{at.month}月核验"]
    if r.item:
        parts.append(f"，用于{item_names.get(r.item, r.item)}")
    parts.append("）")
    number = r.read_fields.get("id_number")
    if isinstance(number, str) and number:
        parts.append(f"，证号{mask_id_number(number)}")
    until = r.read_fields.get("valid_until")
    if until:
        parts.append("，长期有效" if until == "长期" else f"，有效期至{until}")
    parts.append("，可复用" if kept.usable else "，已过期，不能复用")
    if kept.uses:
        parts.append(f"，已复用{len(kept.uses)}次")
    return "".join(parts)


async def list_vault(turn: Turn) -> Reply:
    today = turn.now.astimezone(SHANGHAI).date()
    kept = await vault_of(turn.citizen, today, limit=20)
    if not kept:
        return Reply.plain("您的存档里还没有材料。预审通过的材料会自动存档，下次办事可经您同意直接复用。"
                           "下一步：说“帮我预审换身份证的材料”开始预审。")
    names = {code: item.short_name for code, item in turn.catalog.items.items()}
    lines = [f"{n}. {line_of(k, names)}" for n, k in enumerate(kept, 1)]
    return Reply.plain("您存档的材料：\n" + "\n".join(lines) +
                       "\n下一步：要删除哪一样，直接说，如“删除我存的身份证”。")


def kinds_named(text: str) -> tuple[str, tuple[str, ...]] | None:
    if ALL.search(text):
        return "全部材料", ()
    return next(((name, kinds) for name, kinds in NAMED if name in text), None)


async def ask_delete(turn: Turn) -> Reply:
    named = kinds_named(turn.text)
    if named is None:
        return Reply.plain("请说要删除哪一样存档材料，如“删除我存的身份证”“删除我存的户口簿”；"
                           "说“我存了哪些材料”可先查看。")
    name, kinds = named
    today = turn.now.astimezone(SHANGHAI).date()
    found = [k for k in await vault_of(turn.citizen, today) if not kinds or k.record.kind in kinds]
    if not found:
        return Reply.plain(f"您的存档里没有{name}，不用删除。下一步：说“我存了哪些材料”可查看全部存档。")
    turn.state.settle()
    turn.state.offer("vault_delete", ["yes", "no"])
    turn.state.pending = ",".join(str(k.record.id) for k in found)
    which = "、".join(KIND_NAMES.get(k.record.kind, "文件") for k in found)
    return Reply(text=f"确认删除您存档的{name}（{which}，共{len(found)}份）吗？删除后不能恢复，下次办事需重新拍照；"
                      "已记录的复用记录会保留。\n下一步：回复1确认删除，回复2不删。",
                 choices=(Choice("确认删除", "1"), Choice("不删了", "2")))


async def delete_answer(turn: Turn) -> Reply | None:
    """The answer to `vault_delete`; None when the message is about something else."""
    state = turn.state
    said = booking.yes_or_no(turn) or ("yes" if reuse.says_yes(turn.text) or re.search(r"确认|删吧|删掉吧", turn.text)
                                       and not reuse.NEGATED.search(turn.text) else None)
    if said is None and re.search(r"不删|别删|不要删|算了", turn.text):
        said = "no"
    if said is None:
        return None
    ids = [int(i) for i in (state.pending or "").split(",") if i.isdigit()]
    state.settle()
    if said == "no":
        return Reply.plain("好的，不删除，存档的材料都还在。说“我存了哪些材料”可随时查看。")
    deleted = 0
    for record_id in ids:
        deleted += await delete_record(turn.citizen, record_id, turn.assistant.uploads_dir)
    if not deleted:
        return Reply.plain("这些材料已经不在存档里了（可能已删除），不用再删。")
    return Reply.plain(f"已删除{deleted}份存档材料（照片和记录都已删除）。下次办事需要时，请重新拍照预审。")

"""The one-time notice (一次性告知) of a pre-review: each material passed, a problem (what and how to fix)
or missing, in one message, with the next step."""

from __future__ import annotations

from catalog.schema import Item

from .checklist import KINDS_OF_TYPE
from .messages import KIND_NAMES, TEXTS
from .vault import Checklist

PASS_TEXTS = {TEXTS["pass"].format(kind=k) for k in KIND_NAMES.values()} | {TEXTS["strip_exif"]}


def notice_text(item: Item, situation: str | None, checklist: Checklist) -> str:
    lines = [f"【{item.name}】材料预审结果："]
    reused = {r.kind for r in checklist.reused}
    materials = item.materials_for(situation)
    for n, (material, status) in enumerate(zip(materials, checklist.statuses, strict=True), 1):
        kinds = KINDS_OF_TYPE.get(material.type, ())
        if status.status == "passed":
            kept = "（已存档的可直接复用）" if any(k in reused for k in kinds) else ""
            lines.append(f"{n}. {status.material}：通过{kept}")
        elif status.status == "problem":
            fixes = [m for k in kinds if k in checklist.chosen for m in checklist.chosen[k].messages
                     if m not in PASS_TEXTS]
            lines.append(f"{n}. {status.material}：有问题。" + "".join(fixes))
        elif status.status == "missing":
            which = "、".join(KIND_NAMES[k] for k in status.missing_kinds)
            lines.append(f"{n}. {status.material}：还缺{which}，请拍照发送。")
        else:
            lines.append(f"{n}. {status.material}：请带到窗口，由工作人员核验。")
    done = all(s.status in ("passed", "by_staff") for s in checklist.statuses)
    lines.append("下一步：" + ("材料已齐，可到大厅综合窗口办理；回复“预约”可预约时间。" if done
                              else "请按上面提示补齐或重拍后再发送，我再帮您核对。"))
    return "\n".join(lines)

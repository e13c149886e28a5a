"""The one-time complete notice (一次性告知): everything a citizen needs, told once.

Materials, conditions, place and hours, time limit, fee and how much can be done online, in
the words a clerk at the comprehensive window would use. A narrower question (the aspect)
is answered first; the rest of the notice follows so that nothing has to be asked twice.
"""

from __future__ import annotations

from collections import Counter

from catalog import Catalog, Hall, Item, Material

from .reply import Reply

FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "electronic": "电子版"}
HEADINGS = {
    "materials": "所需材料",
    "conditions": "办理条件",
    "location": "办理地点",
    "duration": "办理时限",
    "fee": "收费标准",
    "online": "网上办理",
    "process": "办理流程",
}
ORDER = ("materials", "conditions", "location", "duration", "fee", "online", "process")
NEXT_STEP = "下一步：回复“预约”可预约到大厅办理；想问某一项可直接问，如“要多久”“在哪办”。"


def material_line(number: int, material: Material) -> str:
    line = f"{number}. {material.name}（{FORMS[material.form]}{material.count}份）"
    if material.reusable:
        line += "，已存档的可直接复用"
    if material.note:
        line += f"；{material.note}"
    return line


def hours_text(hall: Hall) -> str:
    def ranges(spans: tuple[tuple[str, str], ...]) -> str:
        return "、".join(f"{a}-{b}" for a, b in spans)

    text = f"周一至周五 {ranges(hall.hours.weekdays)}"
    if hall.hours.saturday:
        text += f"；周六 {ranges(hall.hours.saturday)}"
    return text


def section(aspect: str, item: Item, catalog: Catalog, situation: str | None) -> str:
    if aspect == "materials":
        materials = item.materials_for(situation)
        lines = [material_line(n, m) for n, m in enumerate(materials, 1)]
        if situation is None:  # the situation is not known: what each one adds
            for s in item.situations:
                extra = [m for m in item.materials if s.code in m.when]
                if extra:
                    lines.append(f"如属“{s.name}”，另需：" + "；".join(
                        f"{m.name}（{FORMS[m.form]}{m.count}份）" for m in extra))
        if situation:
            chosen = next((s.name for s in item.situations if s.code == situation), "")
            lines.insert(0, f"（按“{chosen}”的情形）")
        return "\n".join(lines)
    if aspect == "conditions":
        return "\n".join(f"· {c}" for c in item.conditions)
    if aspect == "location":
        halls = catalog.halls_for(item)
        usual = Counter(hours_text(h) for h in halls).most_common(1)[0][0]
        lines = [
            f"· {h.name}：{h.address}；电话 {h.phone}" + ("" if hours_text(h) == usual else f"；{hours_text(h)}")
            for h in halls
        ]
        lines.append(f"办公时间：{usual}（法定节假日除外）。任一综合窗口均可受理（无差别受理）。")
        return "\n".join(lines)
    if aspect == "duration":
        if item.on_the_spot:
            return "即办件：材料齐全，当场办结。"
        if item.promised_days == 0:
            return f"承诺当场受理；法定时限{item.legal_days}个工作日。"
        return f"承诺{item.promised_days}个工作日办结（法定{item.legal_days}个工作日），从受理之日起算。"
    if aspect == "fee":
        return item.fee
    if aspect == "online":
        return online_text(item)
    if aspect == "process":
        steps = [f"{n}. {step}" for n, step in enumerate(item.process, 1)]
        return "\n".join(steps)
    raise ValueError(f"unknown aspect {aspect}")


def online_text(item: Item) -> str:
    channel = item.online_channel or "广东政务服务网"
    visits = "无需到现场" if item.max_visits == 0 else f"最多跑{item.max_visits}次"
    if item.online_depth >= 4:
        return f"可全程网办：{channel}，{visits}。"
    if item.online_depth == 3:
        return f"可在{channel}网上申请，{visits}。"
    if item.online_depth == 2:
        return f"可在{channel}网上预约和预审材料，再到大厅办理，{visits}。"
    return f"需到大厅办理（{channel}可查办事指南），{visits}。"


def one_time_notice(
    item: Item, catalog: Catalog, *, aspect: str = "general", situation: str | None = None, brief: bool = False
) -> Reply:
    """The item's complete notice; a narrower question's answer comes first.

    `brief`: the citizen has had the complete notice already; a follow-up gets just its answer.
    """
    first = [aspect] if aspect in HEADINGS else []
    rest = [a for a in ORDER if a not in first]
    sections = tuple((HEADINGS[a], section(a, item, catalog, situation)) for a in first + rest)
    title = f"【{item.name}】"
    if first and brief:
        heading, body = sections[0]
        text = f"{title}{heading}：\n{body}\n\n想看完整的一次性告知，回复“{item.short_name}”；办理请回复“预约”。"
        return Reply(text=text, sections=sections[:1])
    if first:
        heading, body = sections[0]
        lead = f"{title}{heading}：\n{body}"
        others = "\n\n".join(f"{h}：\n{b}" for h, b in sections[1:])
        text = f"{lead}\n\n其他事项一次告知您：\n{others}\n\n{NEXT_STEP}"
    else:
        body = "\n\n".join(f"{h}：\n{b}" for h, b in sections)
        text = f"{title}一次性告知\n{item.summary}\n\n{body}\n\n{NEXT_STEP}"
    return Reply(text=text, sections=sections)

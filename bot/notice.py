"""The one-time notice (一次性告知), cut to fit a phone screen and a kiosk's voice.

The first message is what a citizen needs to act: the materials of their situation, where, how
long, the cost and the next step, in about 300 characters. The rest (conditions, addresses and
hours, process, online, the amounts in force, the materials' notes) is offered by number in the
same reply and told when asked. A narrower question (the aspect) is answered first; a follow-up
gets just its answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from catalog import Catalog, Hall, Item, Material

from .reply import Choice, Reply

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
CORE = ("materials", "location", "duration", "fee")  # what the first message tells
# What the first message offers by number; "book" starts a booking for the item.
MORE_LABELS = {
    "conditions": "办理条件",
    "location": "地址和时间",
    "process": "办理流程",
    "online": "网上办理",
    "fee": "金额标准",
    "materials": "材料说明",
    "book": "预约",
}
NEXT_STEP = "下一步：回复“预约”到大厅办理。"
MORE = "更多内容请回复序号："
ASK_MORE = "想了解办理条件、地址、流程，直接问我即可，如“在哪办”“怎么办理”。"


def material_line(number: int, material: Material) -> str:
    line = f"{number}. {material.name}（{FORMS[material.form]}{material.count}份）"
    if material.reusable:
        line += "，已存档的可直接复用"
    if material.note:
        line += f"；{material.note}"
    return line


def material_brief(material: Material) -> str:
    return f"{material.name}（{FORMS[material.form]}{material.count}份）"


def hours_text(hall: Hall) -> str:
    def ranges(spans: tuple[tuple[str, str], ...]) -> str:
        return "、".join(f"{a}-{b}" for a, b in spans)

    text = f"周一至周五 {ranges(hall.hours.weekdays)}"
    if hall.hours.saturday:
        text += f"；周六 {ranges(hall.hours.saturday)}"
    return text


def situation_label(item: Item, situation: str | None) -> str:
    chosen = next((s.name for s in item.situations if s.code == situation), "")
    return f"（按“{chosen}”的情形）" if chosen else ""


def situation_extras(item: Item) -> list[tuple[str, tuple[Material, ...]]]:
    """The situation not known: what each one adds to the common materials."""
    extras = [(s.name, tuple(m for m in item.materials if s.code in m.when)) for s in item.situations]
    return [(name, ms) for name, ms in extras if ms]


def materials_brief(item: Item, situation: str | None) -> str:
    """Names, forms and counts, one a line; the notes are offered as 材料说明."""
    lines = [f"· {material_brief(m)}" for m in item.materials_for(situation)]
    if situation is None:
        lines += [f"· 如属“{name}”另需：" + "、".join(material_brief(m) for m in ms)
                  for name, ms in situation_extras(item)]
    return "\n".join(lines)


def where_brief(item: Item, catalog: Catalog, here: Hall | None = None) -> str:
    """Which halls, by short name or count, never their addresses; the kiosk's own hall first."""
    halls = catalog.halls_for(item)
    others = [h for h in halls if here is None or h.code != here.code]
    if here is not None and len(others) < len(halls):
        return f"本厅（{here.name}）可以办理" + (f"，另有{len(others)}个大厅也可办理" if others else "")
    if here is not None:
        return "本厅不办理此事项，请到" + "、".join(h.short_name for h in halls) + "办理"
    if len(halls) > 2 and len(halls) == len(catalog.halls):
        return f"{len(halls)}个大厅均可办理"
    if len(halls) > 3:
        return f"{len(halls)}个大厅可办理：" + "、".join(h.short_name for h in halls)
    return "、".join(h.short_name for h in halls) + "可办理"


def where_spoken(item: Item, catalog: Catalog, here: Hall | None = None) -> str:
    """Where, for the ear: the own hall, or how many halls; a list of halls is never read out."""
    halls = catalog.halls_for(item)
    if here is not None and any(h.code == here.code for h in halls):
        return "本厅就可以办理"
    if here is not None:
        return "本厅不办理此事项，可办理的大厅请看屏幕"
    if len(halls) == 1:
        return f"{halls[0].short_name}可以办理"
    return f"{len(halls)}个大厅可以办理"


def duration_text(item: Item) -> str:
    if item.on_the_spot:
        return "即办件：材料齐全，当场办结。"
    if item.promised_days == 0:
        return f"承诺当场受理；法定时限{item.legal_days}个工作日。"
    return f"承诺{item.promised_days}个工作日办结（法定{item.legal_days}个工作日），从受理之日起算。"


def duration_brief(item: Item) -> str:
    if item.on_the_spot:
        return "即办，材料齐全当场办结"
    if item.promised_days == 0:
        return f"当场受理，法定{item.legal_days}个工作日"
    return f"承诺{item.promised_days}个工作日办结"


def location_text(item: Item, catalog: Catalog, here: Hall | None = None) -> str:
    halls = sorted(catalog.halls_for(item), key=lambda h: here is None or h.code != here.code)
    usual = Counter(hours_text(h) for h in halls).most_common(1)[0][0]
    lines = [
        ("· 本厅：" if here is not None and h.code == here.code else "· ")
        + f"{h.name}：{h.address}；电话 {h.phone}" + ("" if hours_text(h) == usual else f"；{hours_text(h)}")
        for h in halls
    ]
    if here is not None and all(h.code != here.code for h in halls):
        lines.insert(0, "本厅不办理此事项，请到以下大厅：")
    lines.append(f"办公时间：{usual}（法定节假日除外）。任一综合窗口均可受理（无差别受理）。")
    return "\n".join(lines)


def section(aspect: str, item: Item, catalog: Catalog, situation: str | None, here: Hall | None = None) -> str:
    """One aspect told in full."""
    if aspect == "materials":
        lines = [material_line(n, m) for n, m in enumerate(item.materials_for(situation), 1)]
        if situation is None:
            lines += [f"如属“{name}”，另需：" + "；".join(material_brief(m) for m in ms)
                      for name, ms in situation_extras(item)]
        label = situation_label(item, situation)
        return "\n".join([label, *lines] if label else lines)
    if aspect == "conditions":
        return "\n".join(f"· {c}" for c in item.conditions)
    if aspect == "location":
        return location_text(item, catalog, here)
    if aspect == "duration":
        return duration_text(item)
    if aspect == "fee" and item.amounts and item.free:  # 每个月发多少钱: the amounts first, then the cost
        return "\n".join([*(f"· {a}" for a in item.amounts), f"办理费用：{item.fee}"])
    if aspect == "fee":
        return "\n".join([item.fee, *(f"· {a}" for a in item.amounts)])
    if aspect == "online":
        return online_text(item)
    if aspect == "process":  # 要跑几趟 is a question of the process too
        visits = "全程无需到现场" if item.max_visits == 0 else f"材料齐全的话最多跑{item.max_visits}次"
        return "\n".join([*(f"{n}. {step}" for n, step in enumerate(item.process, 1)), f"（{visits}）"])
    raise ValueError(f"unknown aspect {aspect}")


def brief_section(aspect: str, item: Item, catalog: Catalog, situation: str | None, here: Hall | None) -> str:
    """One core aspect in a line or a short list, for the first message."""
    if aspect == "materials":
        return materials_brief(item, situation)
    if aspect == "location":
        return where_brief(item, catalog, here)
    if aspect == "duration":
        return duration_brief(item)
    if aspect == "fee":
        return item.fee
    raise ValueError(f"no brief form for {aspect}")


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


def more_options(item: Item, situation: str | None, *, asked: str = "general") -> list[str]:
    """What the first message offers by number: the aspects it did not tell, then booking."""
    codes = ["conditions", "location", "process", "online"]
    if item.amounts:
        codes.append("fee")
    if any(m.note or m.reusable for m in item.materials_for(situation)):
        codes.append("materials")
    return [c for c in codes if c != asked] + ["book"]


def numbered_more(codes: Sequence[str]) -> tuple[Choice, ...]:
    return tuple(Choice(MORE_LABELS[c], str(n)) for n, c in enumerate(codes, 1))


def spoken_gist(item: Item, catalog: Catalog, situation: str | None, here: Hall | None) -> str:
    """The first message for the ear: where, what to bring, how long, the cost, in a few seconds."""
    materials = item.materials_for(situation)
    bring = materials[0].name + (f"等{len(materials)}项材料" if len(materials) > 1 else "")
    duration = "即办" if item.on_the_spot else duration_brief(item)
    cost = item.fee.split("（")[0].split("；")[0]
    return f"{item.short_name}，{where_spoken(item, catalog, here)}。要带{bring}。{duration}，{cost}。"


def heading_for(aspect: str, item: Item) -> str:
    """收费标准, or 金额标准 for a free item with amounts: it pays out (allowances, pensions)."""
    return MORE_LABELS["fee"] if aspect == "fee" and item.amounts and item.free else HEADINGS[aspect]


MAX_RENDERED = 4096  # notices kept rendered: items × situations × aspects × halls asked from, in practice

# (item, aspect, situation, brief, hall, more) → (catalog, item, hall, the notice): the objects it was
# rendered from are kept with it and checked by identity, so a catalog loaded afresh renders afresh.
NoticeKey = tuple[str, str, str | None, bool, str | None, tuple[str, ...]]
_rendered: dict[NoticeKey, tuple[Catalog, Item, Hall | None, Reply]] = {}


def one_time_notice(
    item: Item,
    catalog: Catalog,
    *,
    aspect: str = "general",
    situation: str | None = None,
    brief: bool = False,
    here: Hall | None = None,
    more: Sequence[str] = (),
) -> Reply:
    """The item's notice: what to act on first, a narrower question's answer before it.

    `brief`: the citizen has had the notice already; a follow-up gets just its answer.
    `here`: the hall the message came from (a kiosk's own), told first.
    `more`: the aspects offered by number (more_options); none: the citizen is told to ask.

    A function of its arguments only (the catalog's models are frozen; nothing reads the clock),
    so each notice is rendered once per process and the same Reply (frozen) given again.
    """
    key = (item.code, aspect, situation, brief, here.code if here is not None else None, tuple(more))
    kept = _rendered.get(key)
    if kept is not None and kept[0] is catalog and kept[1] is item and kept[2] is here:
        return kept[3]
    reply = _render_notice(item, catalog, aspect=aspect, situation=situation, brief=brief, here=here, more=more)
    if len(_rendered) >= MAX_RENDERED:
        del _rendered[next(iter(_rendered))]  # the oldest first
    _rendered[key] = (catalog, item, here, reply)
    return reply


def _render_notice(item: Item, catalog: Catalog, *, aspect: str, situation: str | None, brief: bool,
                   here: Hall | None, more: Sequence[str]) -> Reply:
    title = f"【{item.name}】"
    choices = numbered_more(more)
    ending = MORE if more else ASK_MORE
    if aspect in HEADINGS and brief:
        heading, body = heading_for(aspect, item), section(aspect, item, catalog, situation, here)
        told = next((s for s in item.situations if s.code == situation and s.description), None)
        if told is not None and aspect in ("location", "process", "online"):  # 挂失在哪挂: the situation's own step
            body = f"{body}\n（{told.name}：{told.description}）"
        tail = ending if more else f"想看要带的材料、地点和时限，回复“{item.short_name}”；办理请回复“预约”。"
        speech = f"{item.short_name}，{where_spoken(item, catalog, here)}。" if aspect == "location" else ""
        return Reply(text=f"{title}{heading}：\n{body}\n\n{tail}", choices=choices, sections=((heading, body),),
                     speech=speech)
    if aspect in HEADINGS:
        asked = (heading_for(aspect, item), section(aspect, item, catalog, situation, here))
        core = sorted(CORE, key=lambda a: here is None or a != "location")  # at a kiosk, this hall first
        rest = [(HEADINGS[a], brief_section(a, item, catalog, situation, here)) for a in core if a != aspect]
        lines = [f"{title}{asked[0]}：\n{asked[1]}", *(f"{h}：{b}" if "\n" not in b else f"{h}：\n{b}"
                                                       for h, b in rest)]
        if aspect == "location":
            speech = f"{item.short_name}，{where_spoken(item, catalog, here)}。"
        elif aspect == "materials":
            speech = spoken_gist(item, catalog, situation, here)
        elif here is not None:  # at a kiosk, whether this hall does it comes first, then the answer
            speech = f"{item.short_name}，{where_spoken(item, catalog, here)}。{asked[0]}：\n{asked[1]}"
        else:
            speech = ""  # the first section is said
        return Reply(text="\n".join([*lines, NEXT_STEP + ending]), choices=choices, sections=(asked, *rest),
                     speech=speech)
    parts = [(HEADINGS[a], brief_section(a, item, catalog, situation, here)) for a in CORE]
    if here is not None:  # at a kiosk, whether this hall does it comes first
        parts.insert(0, parts.pop(1))
    body = "\n".join(f"{h}：{b}" if "\n" not in b else f"{h}：\n{b}" for h, b in parts)
    text = f"{title}{situation_label(item, situation)}\n{body}\n{NEXT_STEP}{ending}"
    return Reply(text=text, choices=choices, sections=tuple(parts),
                 speech=spoken_gist(item, catalog, situation, here))

""""要带户口本吗", "需要带照片吗": a yes or no about one material, from the item's checklist.

The thing asked about is what follows 带 / 要 / 需要 up to the question word. It matches a material
when a word of two characters or more of it (after the usual synonyms: 户口本 is 户口簿, 相片 is
照片, 照片 is also 证件照) is in the material's name. The answer says yes or no first, then what
exactly to bring, then how to see the whole list.
"""

from __future__ import annotations

import re

from catalog import Item, Material

from .notice import material_brief

ASKED = re.compile(r"(?:要不要|需不需要|用不用|使唔使|要唔要|需要|要|得|用|须|必须)"
                   r"(?:带|拿|准备|交|提供|出示)(?:上|齐|埋)?(?P<thing>[^，。？?！!吗么嘛呢不咩]{2,12}?)(?:去|来|过去|过来)?(?:吗|么|嘛|呢|不|咩|没有|啊|[?？]|$)")
SAME = {"户口本": "户口簿", "相片": "照片", "相": "照片", "证件照": "照片", "身份证件": "身份证", "结婚照": "合影照片",
        "合照": "合影照片", "复印件": "复印", "影印件": "复印", "社保卡": "社会保障卡"}
PHOTO = ("照片", "证件照", "相片", "免冠")


WHAT = re.compile(r"什么|啥|哪些|哪样|多少|几|乜|边啲|咩|材料|资料|东西|证件$")


def asked_material(text: str) -> str | None:
    """The one thing asked about, or None for "要带什么材料" (the whole list is the answer)."""
    m = ASKED.search(text)
    thing = m.group("thing").strip() if m else None
    return thing if thing and not WHAT.search(thing) else None


def _canon(words: str) -> str:
    for said, canon in SAME.items():
        words = words.replace(said, canon)
    return words


def _names(material: Material, thing: str) -> bool:
    name, thing = _canon(material.name), _canon(thing)
    if "照片" in thing and any(p in material.name for p in PHOTO):
        return True
    return any(thing[i:i + n] in name for n in (4, 3, 2) for i in range(len(thing) - n + 1))


def lists_material(item: Item, thing: str) -> bool:
    """Whether `thing` is one of the item's materials, in any situation."""
    return any(_names(m, thing) for m in item.materials)


def answer_material(item: Item, situation: str | None, thing: str) -> str | None:
    """The answer about `thing` for the item (and situation), or None when the question is unclear."""
    if not thing:
        return None
    chosen = item.materials_for(situation)
    here = [m for m in chosen if _names(m, thing)]
    if here:
        lines = "；".join(material_brief(m) + (f"，{m.note}" if m.note else "") for m in here)
        return f"需要。【{item.name}】要带：{lines}。"
    elsewhere = [m for m in item.materials if m not in chosen and _names(m, thing)]
    if elsewhere:
        every = all(any(s.code in m.when for m in elsewhere) for s in item.situations)
        if every:  # each situation has its own wording of it: 双方本人身份证 / 内地居民一方的身份证
            return f"需要。【{item.name}】要带：{'；'.join(m.name for m in elsewhere)}（按您的情形）。"
        names = {s.code: s.name for s in item.situations}
        when = "、".join(dict.fromkeys(names.get(c, c) for m in elsewhere for c in m.when))
        return f"【{item.name}】{when}的情形才需要带{elsewhere[0].name}。"
    listed = "、".join(m.name for m in chosen[:6])
    return f"不用带{thing}。【{item.name}】要带的是：{listed}。"

"""Which document it is, from what is printed on it: citizens send photos in any order."""

from __future__ import annotations

import re
from typing import Literal

from .fields import Row, digits_of
from .forms import title_of

Kind = Literal["id_front", "id_back", "licence", "hukou", "form", "other"]


def kind_of(rows: list[Row]) -> Kind:
    text = "".join(r.text for r in rows)
    if any(w in text for w in ("统一社会信用代码", "营业执照", "社会信用代码")) or \
            sum(w in text for w in ("法定代表人", "注册资本", "成立日期", "经营范围", "住所")) >= 3:
        return "licence"
    if any(w in text for w in ("常住人口登记卡", "户主或与户主关系", "与户主关系", "居民户口簿")):
        return "hukou"
    if title_of(rows) is not None:
        return "form"
    if any(w in text for w in ("签发机关", "有效期限")) or ("居民身份证" in text and "姓名" not in text):
        return "id_back"
    front_labels = sum(w in text for w in ("姓名", "性别", "民族", "出生", "住址"))
    if "公民身份号码" in text or "身份号码" in text or front_labels >= 3:
        return "id_front"
    if re.search(r"\d{10,}", digits_of(text)) and ("月" in text or "日" in text or "号" in text):
        return "id_front"  # too poor to read labels, but a long number under a date: a card's front
    return "other"

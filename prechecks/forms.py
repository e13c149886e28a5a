"""An application form: its title, and the applicant's name and ID number when filled in."""

from __future__ import annotations

import re

from .fields import Row, chinese_only, clean_text, id_number_in, labelled_values

LABELS = {
    "姓名": "name", "申请人姓名": "name", "申请人": "name", "公民身份号码": "id_number", "身份证号码": "id_number",
    "身份证号": "id_number", "证件号码": "id_number", "公民身份证号码": "id_number", "身份证件号码": "id_number",
    "性别": "_sex", "民族": "_nation", "出生日期": "_birth", "联系电话": "_phone", "住址": "_address",
}
TITLE = re.compile(r"(表|申请书|承诺书|委托书|声明书|告知书)(（[^（）]*）)?$")


def title_of(rows: list[Row], top_share: float = 0.4) -> str | None:
    """The first row near the top that reads like a form's title (…申请表, …登记表, …申请书)."""
    if not rows:
        return None
    bottom = max(r.y1 for r in rows)
    for row in rows:
        if row.y0 > top_share * bottom:
            break
        text = clean_text(row.text)
        if len(text) >= 4 and TITLE.search(text):
            return text
    return None


def read_form(rows: list[Row]) -> dict[str, str | None]:
    found = labelled_values(rows, LABELS)
    value = {k: v.value for k, v in found.items()}
    return {
        "title": title_of(rows),
        "name": chinese_only(value.get("name", "")) or None,
        "id_number": id_number_in(value.get("id_number", "")),
    }

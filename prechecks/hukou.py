"""A household register page (常住人口登记卡): name, sex, birth, id_number, relation_to_head."""

from __future__ import annotations

from .fields import Row, chinese_only, date_in, id_number_in, labelled_values, sex_in

LABELS = {
    "姓名": "name", "户主或与户主关系": "relation_to_head", "与户主关系": "relation_to_head", "性别": "sex",
    "出生日期": "birth", "公民身份证件编号": "id_number", "身份证件编号": "id_number", "公民身份号码": "id_number",
    "曾用名": "_former_name", "出生地": "_birthplace", "民族": "_nation", "籍贯": "_origin", "宗教信仰": "_religion",
    "文化程度": "_education", "婚姻状况": "_marriage", "兵役状况": "_service", "身高": "_height", "血型": "_blood",
    "职业": "_job", "服务处所": "_workplace", "户主姓名": "_head", "住址": "_address", "承办人签章": "_clerk",
    "登记日期": "_registered", "本市（县）其他住址": "_other_address", "何时由何地迁来本址": "_moved_in",
    "何时由何地迁来本市（县）": "_moved_in_city",
}


def read_hukou(rows: list[Row]) -> dict[str, str | None]:
    found = labelled_values(rows, LABELS)
    value = {k: v.value for k, v in found.items()}
    birth = date_in(value.get("birth", ""))
    number = id_number_in(value.get("id_number", "")) or next(
        (n for n in (id_number_in(r.text) for r in rows) if n), None)
    return {
        "name": chinese_only(value.get("name", "")) or None,
        "sex": sex_in(value.get("sex", "")),
        "birth": birth.isoformat() if birth else None,
        "id_number": number,
        "relation_to_head": chinese_only(value.get("relation_to_head", "")) or None,
    }

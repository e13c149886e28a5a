"""An item's edit form: the item → the form's values, the posted form → the item checked by the catalog's
own pydantic models (catalog/schema.py), and each error in Chinese beside the field it is about.

Situations and stages are kept as they are (the form does not edit them); everything else is a field:
lists one entry a line, materials one row each (a row whose name is cleared is removed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args

from multidict import MultiDictProxy
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from catalog import Catalog, Item
from catalog.schema import Department, Kind, MaterialForm, MaterialType

MAX_MATERIALS = 30
BLANK_ROWS = 2  # empty material rows offered for additions

FIELD_NAMES = {
    "code": "编码", "name": "名称", "short_name": "简称", "summary": "简介", "department": "部门", "kind": "办事对象",
    "aliases": "群众的说法（别名）", "life_events": "相关的人生大事", "conditions": "办理条件", "situations": "情形",
    "materials": "材料", "legal_days": "法定时限（工作日）", "promised_days": "承诺时限（工作日）",
    "on_the_spot": "即办件", "fee": "费用", "free": "免费", "halls": "办理大厅", "online_depth": "网办深度",
    "online_channel": "网上办理渠道", "max_visits": "最多跑几次", "process": "办理流程", "stages": "办件环节",
    "legal_basis": "设定依据", "amounts": "标准和金额", "added": "新增事项",
}
ROW_NAMES = {"name": "名称", "type": "类型", "form": "形式", "count": "份数", "note": "说明", "when": "适用情形",
             "checks": "预审检查"}
ROW_KEY = re.compile(r"m(\d+)_(\w+)")
KIND_NAMES = {"person": "个人", "business": "企业", "both": "个人和企业"}
FORM_NAMES = {"original": "原件", "copy": "复印件", "original_and_copy": "原件和复印件", "electronic": "电子版"}
TYPE_NAMES = {
    "id_card": "身份证件", "household_register": "户口簿", "photo": "照片", "form": "表格",
    "business_licence": "营业执照",
    "certificate": "证书证照", "marriage_certificate": "结婚证", "birth_certificate": "出生证明",
    "property_certificate": "不动产权证书", "contract": "合同协议", "medical_record": "病历诊断",
    "bank_card": "银行卡", "income_proof": "收入证明", "residence_proof": "居住证明", "vehicle_document": "车辆证件",
    "proof": "其他证明", "other": "其他",
}
DEPTH_NAMES = {1: "1 只能查看指南", 2: "2 网上预约或预审", 3: "3 网上申请、窗口取件", 4: "4 全程网办"}
LINE_FIELDS = ("aliases", "life_events", "conditions", "process", "amounts")
TEXT_FIELDS = ("name", "short_name", "summary", "department", "kind", "fee", "online_channel", "legal_basis",
               "legal_days", "promised_days", "online_depth", "max_visits")
FLAGS = ("on_the_spot", "free")
ROW_FIELDS = ("name", "type", "form", "count", "note", "when", "checks")
SPLIT = re.compile(r"[\s,，、;；]+")
assert set(KIND_NAMES) == set(get_args(Kind)) and set(FORM_NAMES) == set(get_args(MaterialForm))
assert set(TYPE_NAMES) == set(get_args(MaterialType))

# The model's own checks across fields (catalog/schema.py Item.consistent, the field validators): the field
# each is about and what the clerk reads.
RULE_ERRORS: tuple[tuple[str, str, str], ...] = (
    ("promised_days must not exceed", "promised_days", "承诺时限不能超过法定时限。"),
    ("an on_the_spot item has promised_days 0", "promised_days", "即办件的承诺时限应为0；不是即办件请取消“即办件”。"),
    ("free and fee disagree", "fee", "免费事项的费用要以“免费”或“不收费”开头；收费的事项请取消“免费”。"),
    ("an amounts line is repeated", "amounts", "有重复的行，请删去一行。"),
    ("a sum of money says whose", "amounts", "写了金额的行要注明以谁公布的标准为准（以……为准）。"),
    ("unknown hall", "halls", "没有这个大厅，请从列表中勾选。"),
    ("ambiguous situation aliases", "", "情形的说法互相重叠，请联系管理员修改数据文件。"),
    ("situation codes repeated", "", "情形编码重复，请联系管理员修改数据文件。"),
    ("stages start with", "", "办件环节要从“申请受理”开始、到“办结”结束。"),
)
WHEN_ERROR = re.compile(r"materials\[(\d+)\]\.when names unknown situation")


@dataclass(frozen=True)
class Checked:
    """The posted form: the item when it passed, else the errors by field key (\"\": the whole item)."""

    item: Item | None
    errors: dict[str, str]
    values: dict[str, Any]  # what was typed, to show again


def field_label(key: str) -> str:
    """The name of a form field's key, for the list of errors: "m2_name" → 材料第3行·名称."""
    row = ROW_KEY.fullmatch(key)
    if row:
        return f"材料第{int(row.group(1)) + 1}行·{ROW_NAMES.get(row.group(2), '')}"
    return FIELD_NAMES.get(key, "整个事项")


def material_row(m: dict[str, Any]) -> dict[str, Any]:
    return {"name": m["name"], "type": m["type"], "form": m["form"], "count": str(m.get("count", 1)),
            "note": m.get("note", ""), "reusable": bool(m.get("reusable")), "when": " ".join(m.get("when", ())),
            "checks": " ".join(m.get("checks", ("readable",)))}


def blank_row() -> dict[str, Any]:
    return {"name": "", "type": "other", "form": "original", "count": "1", "note": "", "reusable": False,
            "when": "", "checks": "readable"}


def values_of(item: Item) -> dict[str, Any]:
    """The form's values for an item as it is."""
    data = item.model_dump(mode="json")
    values: dict[str, Any] = {k: str(data[k]) for k in TEXT_FIELDS}
    values |= {k: "\n".join(data[k]) for k in LINE_FIELDS} | {k: bool(data[k]) for k in FLAGS}
    values["halls"] = list(data["halls"])
    values["materials"] = [material_row(m) for m in data["materials"]] + [blank_row() for _ in range(BLANK_ROWS)]
    return values


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _codes(text: str) -> list[str]:
    return [c for c in SPLIT.split(text.strip()) if c]


def typed_values(form: MultiDictProxy[Any]) -> dict[str, Any]:
    """What the form holds, as the template shows it again."""
    text = {k: v for k, v in form.items() if isinstance(v, str)}
    values: dict[str, Any] = {k: text.get(k, "").strip() for k in TEXT_FIELDS}
    values |= {k: text.get(k, "") for k in LINE_FIELDS} | {k: k in text for k in FLAGS}
    values["halls"] = [h for h in form.getall("halls", []) if isinstance(h, str)]
    rows_given = text.get("materials_rows", "0")
    rows = min(int(rows_given), MAX_MATERIALS) if rows_given.isdigit() else 0
    values["materials"] = [{**{f: text.get(f"m{i}_{f}", "").strip() for f in ROW_FIELDS},
                            "reusable": f"m{i}_reusable" in text} for i in range(rows)]
    return values


def data_of(values: dict[str, Any], item: Item) -> tuple[dict[str, Any], list[int]]:
    """The item's data with the form's values in place, and for each material kept its row in the form."""
    data = item.model_dump(mode="json")
    data |= {k: values[k] for k in TEXT_FIELDS} | {k: _lines(values[k]) for k in LINE_FIELDS}
    data |= {k: values[k] for k in FLAGS} | {"halls": values["halls"]}
    kept = [i for i, row in enumerate(values["materials"]) if row["name"]]
    data["materials"] = [{"name": row["name"], "type": row["type"], "form": row["form"], "count": row["count"] or "1",
                          "note": row["note"], "reusable": row["reusable"], "when": _codes(row["when"]),
                          "checks": _codes(row["checks"]) or ["readable"]}
                         for row in (values["materials"][i] for i in kept)]
    return data, kept


def _said(error: ErrorDetails) -> str:
    """A pydantic error in Chinese, for the field it is on."""
    kind, ctx = error["type"], error.get("ctx") or {}
    said = {
        "missing": "请填写。",
        "string_too_short": "不能为空。",
        "string_too_long": f"太长了，最多{ctx.get('max_length')}字。",
        "too_short": f"至少要有{ctx.get('min_length')}项。",
        "too_long": f"最多{ctx.get('max_length')}项。",
        "int_parsing": "请填整数。",
        "int_from_float": "请填整数。",
        "greater_than_equal": f"不能小于{ctx.get('ge')}。",
        "less_than_equal": f"不能大于{ctx.get('le')}。",
        "literal_error": "请从列表中选择。",
        "string_pattern_mismatch": "格式不对：编码用小写字母、数字和下划线，多个用空格分开。",
    }
    return said.get(kind, "填写有误，请检查。")


def _key(loc: tuple[int | str, ...], kept: list[int]) -> str:
    """A pydantic location → the form field's key: ("materials", 2, "name") → "m{row}_name"."""
    if not loc:
        return ""
    if loc[0] == "materials" and len(loc) >= 2 and isinstance(loc[1], int) and loc[1] < len(kept):
        row = kept[loc[1]]
        return f"m{row}_{loc[2]}" if len(loc) >= 3 and loc[2] in ROW_FIELDS else f"m{row}_name"
    return str(loc[0]) if str(loc[0]) in FIELD_NAMES else ""


def _rule_error(message: str, kept: list[int]) -> tuple[str, str]:
    found = WHEN_ERROR.search(message)
    if found and int(found.group(1)) < len(kept):
        return f"m{kept[int(found.group(1))]}_when", "没有这个情形编码，请从本事项的情形中选。"
    for start, key, said in RULE_ERRORS:
        if start in message:
            return key, said
    return "", "填写有误，请检查。"


def check_form(form: MultiDictProxy[Any], item: Item, catalog: Catalog) -> Checked:
    """Validate the posted form as an item of the catalog (its code cannot change here)."""
    values = typed_values(form)
    data, kept = data_of(values, item)
    errors: dict[str, str] = {}
    if not kept:
        errors["m0_name"] = "至少要有一项材料。"
    try:
        checked = Item.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "value_error":
                key, said = _rule_error(str(error.get("msg", "")), kept)
                key = key or _key(tuple(error["loc"]), kept)
            else:
                key, said = _key(tuple(error["loc"]), kept), _said(error)
            errors.setdefault(key, said)
        return Checked(None, errors, values)
    if errors:
        return Checked(None, errors, values)
    unknown = [h for h in checked.halls if catalog.hall(h) is None]
    if unknown:
        return Checked(None, {"halls": "没有这个大厅，请从列表中勾选。"}, values)
    return Checked(checked, {}, values)


def choices() -> dict[str, Any]:
    """The select lists of the form."""
    return {"departments": list(get_args(Department)), "kinds": list(KIND_NAMES.items()),
            "types": list(TYPE_NAMES.items()), "forms": list(FORM_NAMES.items()),
            "depths": [(str(k), v) for k, v in DEPTH_NAMES.items()], "visits": ["0", "1", "2", "3"]}

"""The business licence (营业执照): the contract's fields, and the USCC's check character (GB 32100)."""

from __future__ import annotations

import re
import unicodedata

from . import uscc
from .fields import Row, clean_text, date_in, labelled_values

LABELS = {
    "统一社会信用代码": "uscc", "社会信用代码": "uscc", "名称": "company_name", "企业名称": "company_name",
    "类型": "company_type", "组成形式": "company_type", "法定代表人": "legal_representative",
    "负责人": "legal_representative", "经营者": "legal_representative", "投资人": "legal_representative",
    "执行事务合伙人": "legal_representative", "成立日期": "established", "注册日期": "established",
    "住所": "address", "经营场所": "address", "主要经营场所": "address", "营业场所": "address",
    "注册资本": "_capital", "出资额": "_capital", "营业期限": "_term", "合伙期限": "_term", "经营范围": "_scope",
    "登记机关": "_authority", "经营期限": "_term",
}
# What OCR reads for a character the code's alphabet lacks (I, O, S, V, Z are never used).
USCC_LOOKALIKES = str.maketrans({"I": "1", "O": "0", "S": "5", "Z": "2", "V": "U", "o": "0", "l": "1", "|": "1"})
USCC_SHAPE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
CODE_RUN = re.compile(r"[0-9A-Za-z|]{18,}")


def read_licence(rows: list[Row]) -> dict[str, str | None]:
    found = labelled_values(rows, LABELS, multiline=frozenset({"address", "company_name"}))
    value = {k: clean_text(v.value) for k, v in found.items()}
    code = code_in(value.get("uscc", ""))
    if code is None and "uscc" in found:  # printed under its label
        below = found["uscc"].row + 1
        code = code_in(rows[below].text) if below < len(rows) else None
    if code is None:
        code = next((c for c in (code_in(r.text) for r in rows) if c), None)
    established = date_in(value.get("established", ""))
    return {
        "uscc": code,
        "company_name": value.get("company_name") or None,
        "legal_representative": value.get("legal_representative") or None,
        "company_type": value.get("company_type") or None,
        "established": established.isoformat() if established else None,
        "address": value.get("address") or None,
    }


def code_in(text: str) -> str | None:
    for run in CODE_RUN.findall(unicodedata.normalize("NFKC", text)):
        candidate = run.upper().translate(USCC_LOOKALIKES)
        for start in range(len(candidate) - 17):
            piece = candidate[start:start + 18]
            if USCC_SHAPE.fullmatch(piece):
                return piece
    return None


def check_licence(fields: dict[str, str | None]) -> list[str]:
    code = fields.get("uscc")
    return ["bad_uscc"] if code and not uscc.checksum_ok(code) else []

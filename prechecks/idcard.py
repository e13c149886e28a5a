"""The resident ID card: both sides read into the contract's fields, and checked.

Front: name, sex, nation, birth (ISO), address, id_number. The number's check character (GB 11643,
MOD 11-2) → bad_checksum; the printed birth date against the number → mismatch_birth; the printed
sex against it: a message only.
Back: issuing_authority, valid_from, valid_until (ISO, or 长期); expired, or expiring before `deadline`.
"""

from __future__ import annotations

import re
from datetime import date

from . import idnumbers
from .fields import (
    Row,
    chinese_only,
    clean_text,
    date_in,
    digits_of,
    id_number_in,
    labelled_values,
    sex_in,
)

FRONT_LABELS = {
    "姓名": "name", "性别": "sex", "民族": "nation", "出生": "birth", "出生日期": "birth", "住址": "address",
    "公民身份号码": "id_number", "公民身份证号码": "id_number", "身份号码": "id_number", "公民身份号": "id_number",
}
BACK_LABELS = {"签发机关": "issuing_authority", "签发机构": "issuing_authority", "有效期限": "valid", "有效期": "valid"}
LONG_TERM = "长期"


def read_front(rows: list[Row]) -> dict[str, str | None]:
    found = labelled_values(rows, FRONT_LABELS, multiline=frozenset({"address"}))
    value = {k: v.value for k, v in found.items()}
    number = id_number_in(value.get("id_number", "")) or _any_number(rows)
    birth = date_in(value["birth"]) if "birth" in value else None
    address = clean_text(value.get("address", ""))
    if number and address.endswith(number):  # a number printed right under the address, without its label
        address = address[: -len(number)]
    return {
        "name": chinese_only(value.get("name", "")) or None,
        "sex": sex_in(value.get("sex", "")),
        "nation": _nation(value.get("nation", "")),
        "birth": birth.isoformat() if birth else None,
        "address": address or None,
        "id_number": number,
    }


def _nation(value: str) -> str | None:
    nation = chinese_only(value)
    return nation or None


def _any_number(rows: list[Row]) -> str | None:
    for row in reversed(rows):  # the number is printed last
        number = id_number_in(row.text)
        if number:
            return number
    return None


def check_front(fields: dict[str, str | None]) -> list[str]:
    codes: list[str] = []
    number = fields.get("id_number")
    if not number:
        return codes
    if not idnumbers.checksum_ok(number) or idnumbers.birth_of(number) is None:
        codes.append("bad_checksum")
    encoded = idnumbers.birth_of(number)
    printed_birth = fields.get("birth")
    if encoded is not None and printed_birth and printed_birth != encoded.isoformat():
        codes.append("mismatch_birth")
    return codes


def sex_disagrees(fields: dict[str, str | None]) -> bool:
    """The printed sex against the number's 17th digit. The contract has no code for it, so the citizen
    is told in a message and the verdict stays what the other checks say."""
    number, printed = fields.get("id_number"), fields.get("sex")
    return bool(number and printed and idnumbers.checksum_ok(number) and idnumbers.sex_of(number) != printed)


def read_back(rows: list[Row]) -> dict[str, str | None]:
    found = labelled_values(rows, BACK_LABELS)
    authority = clean_text(found["issuing_authority"].value) if "issuing_authority" in found else ""
    period = found["valid"].value if "valid" in found else _period_row(rows)
    valid_from, valid_until = validity(period)
    return {
        "issuing_authority": chinese_only(authority) or None,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }


def _period_row(rows: list[Row]) -> str:
    for row in rows:
        if len(re.findall(r"\d", digits_of(row.text))) >= 12 or LONG_TERM in row.text:
            return row.text
    return ""


def validity(text: str) -> tuple[str | None, str | None]:
    """('2016-03-07', '2036-03-07') or ('2020-08-15', '长期') from what follows 有效期限."""
    normal = digits_of(text)
    long_term = LONG_TERM in text or "长明" in text or "长斯" in text
    digits = re.sub(r"\D", "", normal)
    dates = []
    for start in range(0, len(digits) - 7, 8):
        day = date_in(digits[start:start + 8])
        if day is None:
            break
        dates.append(day.isoformat())
    if not dates:
        parts = [d for d in (date_in(p) for p in re.split(r"[-—–~至到]", normal)) if d]
        dates = [d.isoformat() for d in parts]
    valid_from = dates[0] if dates else None
    valid_until = LONG_TERM if long_term else (dates[1] if len(dates) > 1 else None)
    return valid_from, valid_until


def check_back(fields: dict[str, str | None], today: date, deadline: date, *, strict: bool) -> list[str]:
    """expired before today; expiring_soon: before `deadline` (strict) or on or before it (not strict)."""
    until = fields.get("valid_until")
    if not until or until == LONG_TERM:
        return []
    ends = date.fromisoformat(until)
    if ends < today:
        return ["expired"]
    if ends < deadline or (not strict and ends == deadline):
        return ["expiring_soon"]
    return []

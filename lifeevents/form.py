"""The one form (一表通): the union of the bundle's items' fields, each asked once; an answer read for
several fields at once; each value checked; what is still to ask.

Pure functions, no I/O: the vault's read fields and the answers so far come in as dictionaries.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from prechecks.idnumbers import valid as id_number_valid

from .loader import LifeEvents
from .schema import Bundle, BundleItem, FormField

ID_NUMBER = re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9Xx])")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
CERTIFICATE_NO = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]\d{9}(?!\d)")
FULL_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?")
MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
DAYS_AGO = {"今天": 0, "昨天": 1, "前天": 2, "大前天": 3}
DAYS_AGO_WORD = re.compile(r"大前天|前天|昨天|今天|(\d{1,2})\s*天前")
SEX = re.compile(r"(男|女)(孩|宝|生|仔|娃|的|性)?|儿子|女儿|闺女|千金|公子")
NAME = re.compile(r"^[\u4e00-\u9fff·]{2,10}$")
SEPARATORS = re.compile(r"[，,。；;、\s：:]+")
FILLER = re.compile(r"^(我|我的|我们|宝宝|孩子|小孩|电话|手机|手机号|号码|身份证|身份证号|是|叫|姓名|名字|出生|"
                    r"出生日期|生日|性别|证号|编号|的|了|在|好的|好|嗯|对|刚|生|出生|出世|生的|号|父母|爸爸|妈妈|父亲|母亲|老公|老婆|户口|本地|外地|都是)+$")


def fields_of(bundle: Bundle, events: LifeEvents) -> list[FormField]:
    return [events.field_of(c) for c in bundle.field_codes()]


def situation_of(entry: BundleItem, answers: dict[str, str]) -> str | None:
    return entry.situation or (answers.get(entry.situation_from) if entry.situation_from else None)


def prefilled(bundle: Bundle, events: LifeEvents, vault: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The fields the citizen's kept documents already answer: vault = {kind: read fields}."""
    found = {}
    for f in fields_of(bundle, events):
        if f.prefill is None:
            continue
        kind, _, name = f.prefill.partition(".")
        value = (vault.get(kind) or {}).get(name)
        if isinstance(value, str) and problem_of(f, value, today=None) is None:
            found[f.code] = value
    return found


def still_to_ask(bundle: Bundle, events: LifeEvents, answers: dict[str, str]) -> list[FormField]:
    return [f for f in fields_of(bundle, events) if f.code not in answers]


def problem_of(f: FormField, value: str, *, today: date | None) -> str | None:
    """Why a value does not fit its field (Chinese, for the citizen), or None."""
    if f.type == "name" and not NAME.fullmatch(value):
        return f"{f.label}请填2到10个汉字"
    if f.type == "id_number" and not id_number_valid(value.upper()):
        return f"{f.label}不对，请核对18位号码"
    if f.type == "phone" and not PHONE.fullmatch(value):
        return f"{f.label}请填11位手机号"
    if f.type == "code" and not CERTIFICATE_NO.fullmatch(value):
        return f"{f.label}应为1个字母加9位数字"
    if f.type == "sex" and value not in ("男", "女"):
        return f"{f.label}请填男或女"
    if f.type == "choice" and value not in {o.code for o in f.options}:
        return f"{f.label}请选：" + "、".join(o.label for o in f.options)
    if f.type == "text" and not 2 <= len(value) <= 60:
        return f"{f.label}请填2到60个字"
    if f.type == "date":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return f"{f.label}请填日期，如“11月20日”"
        if today is not None and not today - timedelta(days=366 * 120) <= day <= today:
            return f"{f.label}不能晚于今天"
    return None


def problems_of(bundle: Bundle, events: LifeEvents, answers: dict[str, str], today: date) -> dict[str, str]:
    """Every field of the bundle not answered or not fitting, with why: the form checked as one."""
    problems = {}
    for f in fields_of(bundle, events):
        value = answers.get(f.code)
        if value is None or value == "":
            problems[f.code] = f"请填写{f.label}"
        elif (why := problem_of(f, value, today=today)) is not None:
            problems[f.code] = why
    stray = sorted(set(answers) - set(bundle.field_codes()))
    for code in stray:
        problems[code] = "这张表没有这一项"
    return problems


def _date_in(text: str, today: date) -> tuple[str | None, str]:
    for pattern in (FULL_DATE, MONTH_DAY):
        m = pattern.search(text)
        if m is None:
            continue
        year, month, day = (int(m.group(1)), int(m.group(2)), int(m.group(3))) if pattern is FULL_DATE else (
            today.year, int(m.group(1)), int(m.group(2)))
        try:
            found = date(year, month, day)
        except ValueError:
            return None, text
        if pattern is MONTH_DAY and found > today:
            try:
                found = found.replace(year=year - 1)
            except ValueError:
                return None, text
        return found.isoformat(), text[: m.start()] + "，" + text[m.end():]
    m = DAYS_AGO_WORD.search(text)
    if m is not None:
        ago = int(m.group(1)) if m.group(1) else DAYS_AGO[m.group(0)]
        return (today - timedelta(days=ago)).isoformat(), text[: m.start()] + "，" + text[m.end():]
    return None, text


def _take(pattern: re.Pattern[str], text: str) -> tuple[str | None, str]:
    m = pattern.search(text)
    if m is None:
        return None, text
    return m.group(0), text[: m.start()] + "，" + text[m.end():]


def _sex_in(text: str) -> tuple[str | None, str]:
    m = SEX.search(text)
    if m is None:
        return None, text
    word = m.group(0)
    sex = "男" if word[0] in "男儿公" else "女"
    return sex, text[: m.start()] + "，" + text[m.end():]


def _after_cue(f: FormField, text: str) -> tuple[str | None, str]:
    """The value right after one of the field's cue words (宝宝叫王小明 → 王小明)."""
    for cue in sorted(f.cue, key=len, reverse=True):
        at = text.find(cue)
        if at < 0:
            continue
        rest = text[at + len(cue):].lstrip("是为：: ")
        m = re.match(r"[\u4e00-\u9fff·]{2,10}" if f.type == "name" else r"[^，,。；;\s]{2,60}", rest)
        if m is None:
            continue
        value = m.group(0)
        if f.type == "name":
            value = re.split(r"[我他她的是，]|身份|电话|手机|出生|男|女", value)[0]
            if len(value) < 2:
                continue
        end = at + len(cue) + (len(text[at + len(cue):]) - len(rest)) + len(value)
        return value, text[:at] + "，" + text[end:]
    return None, text


def _choice_in(f: FormField, text: str) -> str | None:
    best: tuple[int, str] | None = None
    for option in f.options:
        for phrase in option.phrases():
            if phrase in text and (best is None or len(phrase) > best[0]):
                best = (len(phrase), option.code)
    return best[1] if best else None


def read_answer(text: str, wanted: list[FormField], today: date) -> dict[str, str]:
    """Every wanted field the answer gives a fitting value for: cued values first, then values of a
    recognisable shape (ID number, phone, certificate number, date, sex, a choice), then bare names,
    in the order the fields were asked (王小明，王大明 → 宝宝姓名, 申请人姓名)."""
    found: dict[str, str] = {}
    rest = text
    value: str | None
    for f in wanted:
        if f.cue:
            value, rest = _after_cue(f, rest)
            if value is not None and problem_of(f, value, today=today) is None:
                found[f.code] = value
    shapes = {"id_number": ID_NUMBER, "phone": PHONE, "code": CERTIFICATE_NO}
    for f in wanted:
        if f.code in found:
            continue
        value = None
        if f.type in shapes:
            value, rest = _take(shapes[f.type], rest)
            value = value.upper() if value and f.type != "phone" else value
        elif f.type == "date":
            value, rest = _date_in(rest, today)
        elif f.type == "sex":
            value, rest = _sex_in(rest)
        elif f.type == "choice":
            value = _choice_in(f, rest)
        if value is not None and problem_of(f, value, today=today) is None:
            found[f.code] = value
    for f in wanted:  # a chosen option's words are not a name
        if f.type == "choice" and f.code in found:
            for option in f.options:
                for phrase in option.phrases():
                    rest = rest.replace(phrase, "，")
    pieces = [p for p in SEPARATORS.split(rest) if p and not FILLER.fullmatch(p)]
    for f in wanted:
        if f.type != "name" or f.code in found:
            continue
        piece = next((p for p in pieces if NAME.fullmatch(p) and len(p) <= 4), None)
        if piece is not None:
            found[f.code] = piece
            pieces.remove(piece)
    texts = [f for f in wanted if f.type == "text" and f.code not in found]
    if len(texts) == 1 and len(wanted) == 1 and 2 <= len(text.strip()) <= 60:  # the one thing asked: all of it
        found[texts[0].code] = text.strip()
    return found


def question_for(missing: list[FormField], *, first: bool) -> str:
    """One message asking every missing field, numbered, with an example answer."""
    lines = ["请一次告诉我以下几项（一句话说完即可，用逗号隔开）：" if first and len(missing) > 1
             else "还差" + ("这一项：" if len(missing) == 1 else "这几项：")]
    for n, f in enumerate(missing, 1):
        if f.type == "choice":
            lines.append(f"{n}. {f.label}（" + "／".join(o.label for o in f.options) + "）")
        else:
            lines.append(f"{n}. {f.label}" + (f"（{f.hint}）" if f.hint else ""))
    return "\n".join(lines)

"""Chinese numerals of our domain (days, hours, ages, choices): 一 … 九十九, 两, 廿, 卅, 一百…"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A number written in digits or in Chinese numerals, for use inside larger patterns.
NUMBER = r"(?:\d{1,3}|[零〇一二两三四五六七八九十廿卅百]{1,5})"
_NUMBER_RE = re.compile(NUMBER)


def parse_number(text: str) -> int | None:
    """'12' → 12, '十二' → 12, '二十五' → 25, '廿三' → 23, '两' → 2, '一百零五' → 105; else None."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text in DIGITS:
        return DIGITS[text]
    total, rest = 0, text
    if "百" in rest:
        head, _, rest = rest.partition("百")
        hundreds = DIGITS.get(head) if head else 1
        if hundreds is None:
            return None
        total += hundreds * 100
        rest = rest.lstrip("零〇")
        if not rest:
            return total
        if len(rest) == 1 and rest in DIGITS and not text.endswith(("零" + rest, "〇" + rest)):
            return total + DIGITS[rest] * 10  # 一百五 → 150
    if rest[0] in "廿卅":
        tens, rest = (20 if rest[0] == "廿" else 30), rest[1:]
    elif "十" in rest:
        head, _, rest = rest.partition("十")
        if head and head not in DIGITS:
            return None
        tens = DIGITS[head] * 10 if head else 10
    else:
        tens = 0
        if len(rest) == 1 and rest in DIGITS:
            return total + DIGITS[rest]
        # digit by digit, as in 二〇二六
        if all(c in DIGITS for c in rest):
            return int("".join(str(DIGITS[c]) for c in rest))
        return None
    if not rest:
        return total + tens
    if len(rest) == 1 and rest in DIGITS:
        return total + tens + DIGITS[rest]
    return None


def digits_before(text: str, units: str) -> str:
    """Write Chinese numerals as digits where a unit from `units` follows: 八十五岁 → 85岁."""
    pattern = re.compile(rf"({NUMBER})(?=[{units}])")

    def repl(m: re.Match[str]) -> str:
        value = parse_number(m.group(1))
        return str(value) if value is not None else m.group(1)

    return pattern.sub(repl, text)

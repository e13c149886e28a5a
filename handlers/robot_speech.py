"""A Reply as the robot says it aloud: short sentences, read the way a clerk reads them.

No emoji, links, tables or list markup; numbers, dates, times, money and phone numbers are
written out in the words a listener expects: "12月3日10:00" → "十二月三日上午十点",
"20元" → "二十元", "0757-83030000" → "零七五七，八三零三零零零零". Speech stays under 20
seconds: a notice says its gist (the reply's `speech`: this hall or how many, what to bring, how
long, the cost) or its first section, a list too long to hear is left to the screen, and the
listener is sent to the screen for the rest.
"""

from __future__ import annotations

import re

from bot import Reply

DIGITS = "零一二三四五六七八九"
SEE_SCREEN = "详细内容请看屏幕。"
MORE_ON_SCREEN = "更多内容请看屏幕，可以说序号。"
ON_SCREEN_CHOICES = "屏幕上有{}个选项，请说序号。"
# A visitor standing at a kiosk listens for about 20 seconds. Mandarin text-to-speech reads about
# 4.5 Chinese characters a second, so 20 s × 4.5 = 90 characters, the pointer to the screen included.
CHARACTERS_PER_SECOND = 4.5
MAX_SECONDS = 20
MAX_SPEECH = int(MAX_SECONDS * CHARACTERS_PER_SECOND)  # 90 characters
MEASURES = "份个次张本位名项件天周岁"  # after these, 2 is read 两

URL = re.compile(r"(?:https?://|www\.)[^\s，。；）)\u3000]+")
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U00002b00-\U00002bff\U0000fe0f\U0000200d\U000020e3]"
)
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
LIST_MARK = re.compile(r"^\s*(?:\d{1,2}\s*[.、．)）](?!\d)|[（(]\d{1,2}[)）]|[·•\-*#>]+)\s*")
PERIOD_WORDS = ("凌晨", "早上", "上午", "中午", "下午", "晚上")

PHONE_AREA = re.compile(r"(?<![\d-])(0\d{2,3})[-－ ](\d{7,8})(?![\d-])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*([日号])")
MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月")
TIME_RANGE = re.compile(r"(?<!\d)(\d{1,2})[:：](\d{2})\s*[-–—~～至到]\s*(\d{1,2})[:：](\d{2})(?!\d)")
TIME = re.compile(r"(?<!\d)(\d{1,2})[:：](\d{2})(?!\d)")
HOUR = re.compile(r"(?<!\d)(\d{1,2})\s*点(?![\d])")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
NUMBER_RANGE = re.compile(r"(?<![\d.])(\d+)\s*[-~～]\s*(\d+)(?![\d.])")
DECIMAL = re.compile(r"(\d+)\.(\d+)")
INTEGER = re.compile(r"\d+")
TITLE = re.compile(r"【([^】]+)】")


def cardinal(n: int) -> str:
    """12 → 十二, 105 → 一百零五, 20000 → 二万; past a hundred million, digit by digit."""
    if n < 0:
        return "负" + cardinal(-n)
    if n >= 10**8:
        return digit_by_digit(str(n))
    if n < 10000:
        words = _below_10000(n)
    else:
        high, low = divmod(n, 10000)
        words = _below_10000(high) + "万"
        if low:
            words += ("零" if low < 1000 else "") + _below_10000(low)
    return words


def _below_10000(n: int) -> str:
    if n == 0:
        return "零"
    out, pending_zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if pending_zero:
                out += "零"
            out += DIGITS[digit] + unit
            pending_zero = False
        elif out:
            pending_zero = True
    return out[1:] if out.startswith("一十") else out  # 十五, not 一十五


def digit_by_digit(digits: str) -> str:
    return "".join(DIGITS[int(d)] for d in digits if d.isdigit())


def clock_time(hour: int, minute: int, *, period: bool = True) -> str:
    """13:30 → 下午一点半; `period=False` leaves out 上午/下午 (already said)."""
    if hour < 5:
        word = "凌晨"
    elif hour < 12:
        word = "上午"
    elif hour == 12:
        word = "中午"
    elif hour < 18:
        word = "下午"
    else:
        word = "晚上"
    h12 = hour - 12 if hour > 12 else hour
    spoken = ("两" if h12 == 2 else cardinal(h12)) + "点"
    if minute == 30:
        spoken += "半"
    elif minute:
        spoken += ("零" if minute < 10 else "") + cardinal(minute) + "分"
    return (word if period else "") + spoken


def _period_of(spoken: str) -> str:
    return next((w for w in PERIOD_WORDS if spoken.startswith(w)), "")


def _time_range(m: re.Match[str]) -> str:
    start = clock_time(int(m[1]), int(m[2]))
    end = clock_time(int(m[3]), int(m[4]))
    if _period_of(start) == _period_of(end):
        end = end[len(_period_of(end)) :]
    return f"{start}到{end}"


def _time(m: re.Match[str]) -> str:
    said_before = m.string[max(m.start() - 2, 0) : m.start()] in PERIOD_WORDS
    return clock_time(int(m[1]), int(m[2]), period=not said_before)


def _integer(m: re.Match[str]) -> str:
    digits = m[0]
    if len(digits) >= 5 or (len(digits) > 1 and digits.startswith("0")):
        return digit_by_digit(digits)  # hotlines, application numbers, codes
    n = int(digits)
    following = m.string[m.end() : m.end() + 1]
    if n == 2 and following and following in MEASURES:
        return "两"
    return cardinal(n)


def spoken_numbers(text: str) -> str:
    """Phone numbers, dates, times, money and counts, the way they are read aloud."""
    text = PHONE_AREA.sub(lambda m: f"{digit_by_digit(m[1])}，{digit_by_digit(m[2])}", text)
    text = MOBILE.sub(lambda m: "，".join(digit_by_digit(g) for g in m.groups()), text)
    text = ISO_DATE.sub(lambda m: f"{digit_by_digit(m[1])}年{cardinal(int(m[2]))}月{cardinal(int(m[3]))}日", text)
    text = YEAR.sub(lambda m: f"{digit_by_digit(m[1])}年", text)
    text = MONTH_DAY.sub(lambda m: f"{cardinal(int(m[1]))}月{cardinal(int(m[2]))}{m[3]}", text)
    text = MONTH.sub(lambda m: f"{cardinal(int(m[1]))}月", text)
    text = TIME_RANGE.sub(_time_range, text)
    text = TIME.sub(_time, text)
    text = HOUR.sub(lambda m: ("两" if m[1] == "2" else cardinal(int(m[1]))) + "点", text)
    text = PERCENT.sub(lambda m: "百分之" + spoken_numbers(m[1]), text)
    text = NUMBER_RANGE.sub(lambda m: f"{m[1]}到{m[2]}", text)
    text = DECIMAL.sub(lambda m: f"{cardinal(int(m[1]))}点{digit_by_digit(m[2])}", text)
    return INTEGER.sub(_integer, text)


def _sentence(line: str) -> str:
    line = line.strip(" \t，,")
    if not line:
        return ""
    return line if line[-1] in "。！？：:；" else line + "。"


def speakable(text: str) -> str:
    """Plain text to speech-ready text: no markup, numbers in words, one short sentence a line."""
    text = URL.sub("", text)
    text = EMOJI.sub("", text)
    lines = [ln for ln in text.splitlines() if not TABLE_RULE.fullmatch(ln)]
    text = "\n".join(LIST_MARK.sub("", ln.strip().strip("|")).replace("|", "，") for ln in lines)
    text = TITLE.sub(lambda m: m[1] + "，", text)
    text = re.sub(r"[（(]([^（）()]*)[）)]", lambda m: f"，{m[1]}，" if m[1] else "", text)
    text = text.replace("回复", "说").replace("/", "或").replace("&", "和").replace("+", "加")
    text = re.sub(r"[*#_`~<>\[\]{}]", "", text)
    text = spoken_numbers(text)
    text = re.sub(r"[ \t\u3000]+", "", text)
    sentences = [_sentence(ln) for ln in text.split("\n")]
    text = "".join(s for s in sentences if s).replace("；", "。").replace(";", "。")
    text = re.sub(r"[，,]+([。！？：])", r"\1", text)
    text = re.sub(r"([。！？：，])[，,]+", r"\1", text)
    text = re.sub(r"。{2,}", "。", text)
    return text.strip("，")


def _head(speech: str, room: int) -> str:
    """The sentences of `speech` that fit in `room` characters (a cut one if none does)."""
    if len(speech) <= room:
        return speech
    cut = speech.rfind("。", 0, room)
    return speech[: cut + 1] if cut > 0 else speech[: room - 1] + "。"


def _shorten(speech: str, limit: int) -> str:
    if len(speech) <= limit:
        return speech
    return _head(speech, limit - len(SEE_SCREEN)) + SEE_SCREEN


def _pointed(speech: str, reply: Reply, limit: int) -> str:
    """The speech that fits, then where the rest is: the screen, and its numbers if it has any."""
    pointer = MORE_ON_SCREEN if reply.choices else SEE_SCREEN
    return _head(speech, limit - len(pointer)) + pointer


def speech_for(reply: Reply, *, limit: int = MAX_SPEECH) -> str:
    """What the robot says for a reply, at most `limit` characters; the screen shows it all."""
    if reply.speech:  # the bot's own gist for the ear
        return _pointed(speakable(reply.speech), reply, limit)
    if reply.sections:  # a notice: its first section answers the question
        heading, body = reply.sections[0]
        title = TITLE.search(reply.text)
        lead = f"{title[1]}\n" if title else ""
        return _pointed(speakable(f"{lead}{heading}：\n{body}"), reply, limit)
    speech = speakable(reply.text)
    if reply.choices:
        options = speakable("；".join(f"第{cardinal(n)}项，{c.label}" for n, c in enumerate(reply.choices, 1)))
        if len(speech) + len(options) <= limit:
            return speech + options
        # too many or too long to hear (a list of halls): the screen shows them, the listener says a number
        pointer = ON_SCREEN_CHOICES.format("两" if len(reply.choices) == 2 else cardinal(len(reply.choices)))
        return _head(speech, limit - len(pointer)) + pointer
    return _shorten(speech, limit)

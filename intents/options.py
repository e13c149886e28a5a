"""Which of the offered options an answer in the citizen's own words names.

Yimen asks numbered questions (which situation, which item, which hall…); a citizen often answers
with words instead of the number: "外省户籍", "廣東省戶籍", "我是投靠她", "户口是湖南的". An option is
named when the answer contains one of its phrases (its label, the parts of the label, its aliases),
or failing that, more of the words that tell it apart from the other options than any other option.
Words every option shares (户籍 in 广东省户籍 / 外省户籍) tell nothing. A place implies what the options
say about it: 湖南 is 外省 and 外地, 广州 is 省内, 佛山 is 本市. A word said with 不是 / 不在 / 非 before it
names the other option of two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .normalize import DATA

PARTS = re.compile(r"[（）()、，,；;/或和及与]+")
GOING = ("在", "去", "到", "来")  # before a place: where something is done, unless 户口在…
NEGATION = ("不是", "不在", "没有", "并非", "唔系", "唔喺", "非", "不")


@dataclass(frozen=True)
class Option:
    code: str
    phrases: tuple[str, ...]  # the label first, then aliases and descriptions


@dataclass(frozen=True)
class Places:
    """Where a citizen's household register may be, as the options of a question speak of it."""

    home_cities: tuple[str, ...]  # this city and its districts: 本市, 本地
    province: tuple[str, ...]  # the home province's names: 本省
    province_cities: tuple[str, ...]  # the rest of the home province: 省内 but 外地
    other_provinces: tuple[str, ...]  # 外省
    other_districts: tuple[str, ...] = ()  # near by, with halls Yimen does not serve

    @classmethod
    def from_file(cls, path: Path = DATA / "places.yaml") -> Places:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(tuple(data["home_cities"]), tuple(data["province"]), tuple(data["province_cities"]),
                   tuple(data["other_provinces"]), tuple(data.get("other_districts") or ()))

    def district_elsewhere(self, text: str) -> str | None:
        """A district named whose halls Yimen does not serve (去南海办), or None."""
        return next((d for d in self.other_districts if d in text), None)

    def implied(self, text: str) -> str:
        """The words a place in the text stands for, to be read beside it ("不是湖南的" stands for none)."""

        def named(places: tuple[str, ...]) -> bool:
            return any((at := text.find(p)) >= 0 and not negated(text, at) for p in places)

        def lives_in(at: int) -> bool:  # 户口在佛山, 户口都在禅城, 佛山人, not 能在佛山换 (where it is done)
            before = text[max(0, at - 5):at]
            return not before.endswith(GOING) or "户" in before

        def registered(places: tuple[str, ...]) -> bool:  # 广西户口, 湖南人: where the register is
            return any(re.search(f"{p}(?:的)?(?:户口|户籍|人)", text) for p in places)

        def home() -> bool:
            return any((at := text.find(p)) >= 0 and not negated(text, at) and lives_in(at) for p in self.home_cities)

        words = []
        elsewhere = named(self.other_provinces) or named(self.province_cities)
        at_home = home()
        if elsewhere and at_home:  # 老公是佛山的，我户口还在广西: one of two; 广西户口，在佛山工作: 广西
            if registered(self.other_provinces + self.province_cities) and not registered(self.home_cities):
                at_home = False
            else:
                words += ["一方", "一个是外地"]
        if named(self.other_provinces):
            words += ["外省", "外地", "省外", "非本市"]
        elif named(self.province_cities):
            words += [self.province[0], "本省", "省内", "外地", "非本市"]
        elif named(self.province):
            words += [self.province[0], "本省", "省内"]
        if at_home:
            words += ["本市", "本地", "本区", self.province[0], "本省"]
        return " ".join(words)


def negated(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start]
    return any(before.endswith(n) for n in NEGATION)


TURNED_DOWN_AFTER = ("去不方便", "不方便", "去不了", "来不了", "不能去", "不能来", "没法去", "走不动", "行动不便",
                     "去唔到")


def turned_down_after(text: str, end: int) -> bool:
    """A phrase the words after it turn down: 我自己去不方便 (so not 本人申请)."""
    return text[end:end + 6].lstrip("的都也").startswith(TURNED_DOWN_AFTER)


def parts(phrase: str) -> list[str]:
    """The phrase and its parts: 外省户籍（跨省通办） → 外省户籍, 跨省通办."""
    pieces = [p for p in PARTS.split(phrase) if len(p) >= 2]
    return [phrase, *pieces] if len(pieces) > 1 else [phrase]


NEGATED_PART = re.compile(r"不是|不在|不属于|没有|并非|非(?!常)")


def grams(phrase: str) -> set[str]:
    """The pieces of two to four characters that speak for the phrase: none after a negation
    (户口不在广东 says nothing for 广东)."""
    cut = NEGATED_PART.search(phrase)
    phrase = phrase[:cut.start()] if cut else phrase
    return {phrase[i:i + n] for n in (2, 3, 4) for i in range(len(phrase) - n + 1)}


def pick_option(
    text: str, options: Sequence[Option], places: Places | None = None, *, whole: bool = False
) -> str | None:
    """The code of the option `text` names, or None when it names none or several equally.

    `text` and the phrases come normalised alike (and a label's parts as phrases of their own).
    With `whole`, only a phrase said whole counts (for a message that was not an answer to the question).
    """
    if not text or not options:
        return None
    implied = places.implied(text) if places is not None else ""
    if implied:
        text = f"{text} {implied}"
    # 1. A phrase of one option said whole: the longest wins.
    best: dict[str, float] = {}
    for option in options:
        for phrase in option.phrases:
            at = text.find(phrase)
            if len(phrase) < 2 or at < 0:
                continue
            code = option.code
            if negated(text, at) or turned_down_after(text, at + len(phrase)):  # "不是广东的", "我自己去不了"
                if len(options) != 2:
                    continue
                code = options[1].code if code == options[0].code else options[0].code
            best[code] = max(best.get(code, 0.0), float(len(phrase)))
    picked = _unique_best(best)
    if picked is not None or whole:
        return picked
    # 2. The pieces that tell the options apart: each one said counts for its option.
    pieces = {o.code: set().union(*(grams(p) for p in o.phrases)) for o in options}
    seen: dict[str, int] = {}
    for ps in pieces.values():
        for p in ps:
            seen[p] = seen.get(p, 0) + 1
    # A piece a named place stands for weighs more than the frame around it: in "户口在湖南" it is
    # 湖南 (外省) that answers, not 户口在.
    scores: dict[str, float] = {o.code: 0.0 for o in options}
    for option in options:
        for piece in pieces[option.code]:
            at = text.find(piece)
            if seen[piece] > 1 or at < 0:
                continue
            weight = 2.0 if piece in implied else 1.0
            if not negated(text, at):
                scores[option.code] += weight
            elif len(options) == 2:  # "不是广东的": the other one
                scores[options[1].code if option.code == options[0].code else options[0].code] += weight
    picked = _unique_best({c: s for c, s in scores.items() if s > 0})
    if picked is not None or len(text) > SHORT_ANSWER:
        return picked
    # 3. A thing's one-character name that one option alone has: 办卡那个 (社会保障卡 among 养老 items).
    heads = {o.code: {ch for p in o.phrases for ch in p if ch in HEADS} for o in options}
    said = {ch for ch in text if ch in HEADS}
    return _unique_best({c: float(len((own - set().union(*(h for k, h in heads.items() if k != c))) & said))
                         for c, own in heads.items() if own & said})


# The characters that name a thing on their own in a short answer (办卡那个, 拿证的, 车那个); in a
# longer one they belong to a word of their own (身份证丢了怎么补办)
HEADS = frozenset("卡证照车房店狗票")
SHORT_ANSWER = 6


def pick_by_sound(text: str, options: Sequence[Option], sounds: Callable[[str], tuple[str, ...]]) -> str | None:
    """The option whose own syllables (two in a row, said by no other option) the text sounds
    like, for answers mistyped with the pinyin keyboard: 外身户籍 for 外省户籍.
    `sounds` gives the folded toneless syllables of a text (zh/z, sh/s, -ng/-n alike)."""
    said = sounds(text)
    if len(said) < 2:
        return None
    said_pairs = {said[i:i + 2] for i in range(len(said) - 1)}
    pairs: dict[str, set[tuple[str, ...]]] = {}
    for option in options:
        own: set[tuple[str, ...]] = set()
        for phrase in option.phrases:
            syllables = sounds(phrase)
            own |= {syllables[i:i + 2] for i in range(len(syllables) - 1)}
        pairs[option.code] = own
    seen: dict[tuple[str, ...], int] = {}
    for own in pairs.values():
        for pair in own:
            seen[pair] = seen.get(pair, 0) + 1
    scores = {code: float(sum(1 for p in own & said_pairs if seen[p] == 1)) for code, own in pairs.items()}
    # two pairs at least (three syllables): one pair is often an everyday word (一下 for 以下)
    return _unique_best({c: s for c, s in scores.items() if s >= 2})


def _unique_best(scores: dict[str, float]) -> str | None:
    if not scores:
        return None
    top = max(scores.values())
    winners = [c for c, s in scores.items() if s == top]
    return winners[0] if len(winners) == 1 else None

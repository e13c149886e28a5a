"""Normalising a citizen's message: width, case, traditional characters, punctuation, typos,
Cantonese and fillers. The tables are data: intents/data/normalize.yaml."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import opencc
import yaml
from pypinyin import Style, lazy_pinyin

from .numerals import digits_before
from .pinyin_input import PinyinInput
from .segmenter import read_general_words

DATA = Path(__file__).parent / "data"



def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZC"


@dataclass(frozen=True)
class Replacements:
    """Plain phrases first, in one scan (the longest phrase at a position wins), then the
    keys that are regular expressions, one after the other in file order."""

    by_first_char: dict[str, tuple[str, ...]]
    table: dict[str, str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def from_mapping(cls, mapping: dict[str, str]) -> Replacements:
        table = {k: v for k, v in mapping.items() if re.escape(k) == k}
        by_first: dict[str, list[str]] = {}
        for key in sorted(table, key=len, reverse=True):
            by_first.setdefault(key[0], []).append(key)
        patterns = tuple((re.compile(k), v) for k, v in mapping.items() if k not in table)
        return cls({c: tuple(keys) for c, keys in by_first.items()}, table, patterns)

    def apply(self, text: str) -> str:
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            for key in self.by_first_char.get(text[i], ()):
                if text.startswith(key, i):
                    out.append(self.table[key])
                    i += len(key)
                    break
            else:
                out.append(text[i])
                i += 1
        text = "".join(out)
        for pattern, value in self.patterns:
            text = pattern.sub(value, text)
        return text


@dataclass(frozen=True)
class SoundAlike:
    """Two or three characters that sound exactly like a key word (toneless pinyin) but are no
    word themselves, typed or heard by mistake: 头诉 → 投诉, 体醒 → 提醒, 架照 → 驾照, 公积今 →
    公积金. A pair is left alone when it is a dictionary word, or when either of its characters
    makes one with the character beside it (号码 in 给你号码, 写作 in 写写作业); three characters
    only when two of them are the word's own and the third makes no word with the next (户口不在).
    `short` words (你好, 谢谢) are read so only in a
    message of at most SHORT characters: 你号 / 蟹蟹 alone."""

    SHORT = 6

    words: dict[tuple[str, ...], str]  # pinyin of two or three characters → the word
    short: dict[tuple[str, ...], str]
    dictionary: frozenset[str]

    @classmethod
    def from_data(cls, data: dict, dictionary: frozenset[str]) -> SoundAlike:
        def index(words: list) -> dict[tuple[str, ...], str]:
            return {_syllables(w): w for w in map(str, words or ()) if len(w) in (2, 3) and _is_han(w)}

        return cls(index(data.get("words") or []), index(data.get("short") or []), dictionary)

    def apply(self, text: str) -> str:
        if not self.words and not self.short:
            return text
        table = {**self.words, **self.short} if len(text) <= self.SHORT else self.words
        out, i = [], 0
        while i < len(text):
            n = self._match(text, i, table)
            if n:
                out.append(table[_syllables(text[i:i + n])])
                i += n
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def _match(self, text: str, i: int, table: dict[tuple[str, ...], str]) -> int:
        """The length of a sound-alike of a key word at `i`, or 0."""
        three = text[i:i + 3]
        if len(three) == 3 and _is_han(three):
            word = table.get(_syllables(three))
            same = sum(a == b for a, b in zip(word or "", three, strict=False))
            bound = text[i + 2:i + 4] in self.dictionary  # 户口不在: 不在 is a word, 户口不 no 户口簿
            if word and word != three and three not in self.dictionary and same == 2 and not bound:
                return 3
        pair = text[i:i + 2]
        if len(pair) < 2 or not _is_han(pair):
            return 0
        word = table.get(_syllables(pair))
        if word is None or word == pair or pair in self.dictionary:
            return 0
        return 0 if self._bound(text, i, contested=word in self.words.values()) else 2

    def _bound(self, text: str, i: int, *, contested: bool = False) -> bool:
        """Whether the pair's first character makes a word with the one before it, or its
        second with the one after; with `contested` (a key word, not a greeting), not when that
        one is taken by a word of its own with the next (驾找到期: 找到 is a word, but so is 到期,
        and 驾照到期 is what was meant)."""
        after = text[i + 1:i + 3] in self.dictionary and not (contested and text[i + 2:i + 4] in self.dictionary)
        return (i > 0 and text[i - 1:i + 1] in self.dictionary) or after


def _is_han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


_PINYIN: dict[str, str] = {}


def _syllables(chars: str) -> tuple[str, ...]:
    for ch in chars:
        if ch not in _PINYIN:
            _PINYIN[ch] = lazy_pinyin(ch, style=Style.NORMAL)[0] if _is_han(ch) else ch
    return tuple(_PINYIN[ch] for ch in chars)


@dataclass(frozen=True)
class Normalizer:
    converter: Any  # opencc.OpenCC('t2s')
    typos: Replacements
    cantonese: Replacements
    fillers: re.Pattern[str]
    sound_alike: SoundAlike | None = None
    pinyin_input: PinyinInput | None = None  # given by build_nlu, which knows the domain's words

    def prepare(self, text: str) -> str:
        """Full-width → half-width, lower case, traditional → simplified."""
        text = unicodedata.normalize("NFKC", text).lower()
        return self.converter.convert(text)

    def clean(self, text: str) -> str:
        """Punctuation and spaces out (kept: digit separators as in 12.3 and 14:30, and one
        space between Latin words), typos and Cantonese replaced, numerals before 岁 as digits.
        `text` comes from `prepare`."""
        out: list[str] = []
        n = len(text)
        for i, ch in enumerate(text):
            digit_separator = ch in ".:/-" and bool(out) and out[-1].isdigit() and i + 1 < n and text[i + 1].isdigit()
            if not _is_punctuation(ch) or digit_separator:
                out.append(ch)
            elif ch.isspace() and out and out[-1].isascii() and out[-1].isalpha() and i + 1 < n \
                    and text[i + 1].isascii() and text[i + 1].isalpha():
                out.append(" ")
        text = "".join(out)
        if self.pinyin_input is not None:
            text = self.pinyin_input.apply(text)
        text = self.cantonese.apply(self.typos.apply(text))
        if self.sound_alike is not None:
            text = self.sound_alike.apply(text)
        return digits_before(text, "岁")

    def strip_fillers(self, text: str) -> str:
        for _ in range(3):  # 嗯那个… : a filler can open the text only once another is gone
            stripped = self.fillers.sub("", text)
            if stripped == text:
                break
            text = stripped
        return text

    def normalise(self, text: str) -> str:
        return self.strip_fillers(self.clean(self.prepare(text)))


def build_normalizer(path: Path = DATA / "normalize.yaml") -> Normalizer:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    dictionary = frozenset(word for word, _ in read_general_words())
    return Normalizer(
        converter=opencc.OpenCC("t2s"),
        typos=Replacements.from_mapping(data.get("typos") or {}),
        cantonese=Replacements.from_mapping(data.get("cantonese") or {}),
        fillers=re.compile("|".join(f"(?:{f})" for f in data.get("fillers") or [])),
        sound_alike=SoundAlike.from_data(data.get("sound_alike") or {}, dictionary),
    )

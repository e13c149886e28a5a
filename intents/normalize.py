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

from .numerals import digits_before

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
class Normalizer:
    converter: Any  # opencc.OpenCC('t2s')
    typos: Replacements
    cantonese: Replacements
    fillers: re.Pattern[str]

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
        text = self.cantonese.apply(self.typos.apply("".join(out)))
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
    return Normalizer(
        converter=opencc.OpenCC("t2s"),
        typos=Replacements.from_mapping(data.get("typos") or {}),
        cantonese=Replacements.from_mapping(data.get("cantonese") or {}),
        fillers=re.compile("|".join(f"(?:{f})" for f in data.get("fillers") or [])),
    )

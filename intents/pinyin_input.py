"""Messages typed in pinyin, without tones, read back as Chinese words: "huan shenfenzheng yao
dai shenme" → 换身份证要带什么, "juzhuzheng在哪里办" → 居住证在哪里办.

Citizens on a phone without a Chinese keyboard, or in a hurry, type the sounds. A run of Latin
letters is read as pinyin only when every word of it cuts into pinyin syllables and the run
has at least two syllables (so "ok", "app", "passport" or a lone "a" stay as they are). The
syllables are then cut into words as jieba cuts characters: the cut with the highest product of
word frequencies wins, the Yimen's own words (items, halls, cue phrases) before everyday words
of the same sound (年检 before 年鉴), a character alone only where no word fits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

_LATIN_RUN = re.compile(r"[a-z]+(?: [a-z]+)*")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
MAX_SYLLABLE = 6  # zhuang, chuang, shuang
DOMAIN_FREQUENCY = 200_000  # above every everyday homophone
CHAR_DISCOUNT = 0.02  # a character alone is worth less than the same sound in a word
# sounds that pypinyin gives but nobody types as a syllable of a word
_NOT_SYLLABLES = frozenset({"m", "n", "ng", "hm", "hng", "r"})


@dataclass(frozen=True)
class PinyinInput:
    words: dict[tuple[str, ...], tuple[str, float]]  # syllables → (word, log probability)
    syllables: frozenset[str]
    longest: int  # syllables in the longest word

    @classmethod
    def build(cls, general: Iterable[tuple[str, int]], domain: Iterable[str]) -> PinyinInput:
        """`general`: everyday words with their frequency; `domain`: the words Yimen must
        read right (catalog phrases, hall names, cue phrases)."""
        reading: dict[str, str] = {}

        def sounds(word: str) -> tuple[str, ...]:
            for ch in word:
                if ch not in reading:
                    reading[ch] = lazy_pinyin(ch, style=Style.NORMAL)[0]
            return tuple(reading[ch] for ch in word)

        general = list(general)
        chars: dict[str, float] = {}
        for word, freq in general:
            for ch in word:
                chars[ch] = chars.get(ch, 0.0) + freq
        total = sum(f for _, f in general) + DOMAIN_FREQUENCY
        scored: dict[tuple[str, ...], tuple[str, float]] = {}

        def offer(word: str, freq: float) -> None:
            key = sounds(word)
            if any(s in _NOT_SYLLABLES or not s.isascii() or not s.isalpha() for s in key):
                return
            logp = math.log(freq / total)
            if key not in scored or scored[key][1] < logp:
                scored[key] = (word, logp)

        for ch, weight in chars.items():
            offer(ch, weight * CHAR_DISCOUNT)
        for word, count in general:
            offer(word, count)
        for word in domain:
            if len(word) >= 2 and _HAN.fullmatch(word):
                offer(word, DOMAIN_FREQUENCY)
        syllables = frozenset(s for key in scored for s in key)
        return cls(scored, syllables, max(len(k) for k in scored))

    def apply(self, text: str) -> str:
        """`text` is lower case with one space between Latin words (Normalizer.clean)."""
        if not text.isascii() and not any("a" <= ch <= "z" for ch in text):
            return text
        return _LATIN_RUN.sub(lambda m: self._read_run(m.group()), text)

    def _read_run(self, run: str) -> str:
        out: list[str] = []
        pending: list[str] = []  # syllables of consecutive pinyin words

        def flush() -> None:
            if len(pending) >= 2:
                out.append(self._words(pending))
            elif pending:
                out.append(pending_text[0])
            pending.clear()
            pending_text.clear()

        pending_text: list[str] = []
        for token in run.split(" "):
            cut = self._syllables(token)
            if cut is None:
                flush()
                out.append(token)
                continue
            if not pending_text:
                pending_text.append(token)
            else:
                pending_text[0] += " " + token
            pending.extend(cut)
        flush()
        return _join(out)

    def _syllables(self, token: str) -> list[str] | None:
        """The token cut into the fewest syllables, or None when it is no pinyin."""
        n = len(token)
        best: list[list[str] | None] = [None] * (n + 1)
        best[n] = []
        for i in range(n - 1, -1, -1):
            for j in range(min(n, i + MAX_SYLLABLE), i, -1):
                rest = best[j]
                current = best[i]
                fewer = current is None or (rest is not None and len(rest) + 1 < len(current))
                if rest is not None and fewer and token[i:j] in self.syllables:
                    best[i] = [token[i:j], *rest]
        return best[0]

    def _words(self, syllables: list[str]) -> str:
        n = len(syllables)
        best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
        best[n] = (0.0, [])
        for i in range(n - 1, -1, -1):
            for j in range(i + 1, min(n, i + self.longest) + 1):
                entry = self.words.get(tuple(syllables[i:j]))
                rest = best[j]
                if entry is None or rest is None:
                    continue
                score = entry[1] + rest[0]
                current = best[i]
                if current is None or score > current[0]:
                    best[i] = (score, [entry[0], *rest[1]])
        chosen = best[0]
        return "".join(chosen[1]) if chosen else " ".join(syllables)


def _join(parts: list[str]) -> str:
    """Latin words keep one space between them; Chinese needs none."""
    text = ""
    for part in parts:
        if text and text[-1].isascii() and part[:1].isascii():
            text += " "
        text += part
    return text


def domain_words(phrases: Iterable[str], cue_patterns: Iterable[str]) -> list[str]:
    """Catalog and hall phrases as they are; cue patterns (regular expressions) by their runs
    of Chinese characters."""
    words = [p for p in phrases if _HAN.fullmatch(p)]
    for pattern in cue_patterns:
        words += [run for run in _HAN.findall(pattern) if len(run) >= 2]
    return words

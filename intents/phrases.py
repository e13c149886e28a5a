"""Finding catalog items and halls in a message.

Every catalog phrase (name, short name, alias, life event; for items also the name without
generic endings such as 申请/登记, and life situations from data/life_situations.yaml) is
indexed once, after synonym canonicalisation (data/items.yaml), three ways:

* exactly, through the segmenter's dictionary: jieba's DAG lists every dictionary word that
  occurs in the message, so finding all phrases costs one pass over the message;
* by pinyin without tones, with the usual southern confusions folded (zh/z, ch/c, sh/s, n/l,
  -ng/-n), so speech-recognition homophones match (身分证, 社宝卡, 户口签入);
* by their words, weighted by how few items use them, so that 换一下身份证 still finds 换身份证;
  rapidfuzz then scores the few candidate phrases against the message for typos.

A hit inside a longer hit of at least the same score is dropped (身份证 inside 身份证丢了).
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import jieba
from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

from .normalize import Replacements
from .segmenter import add_words, boundaries

log = logging.getLogger(__name__)

PRIMARY, DERIVED, SITUATION, DERIVED_SHORT, BRACKETED, LIFE_EVENT = 100.0, 95.0, 90.0, 88.0, 85.0, 80.0
PINYIN_EXACT, PINYIN_FOLDED = 0.93, 0.88  # times the phrase's own score
MAX_PINYIN_LENGTH = 10
WORDS_FLOOR, WORDS_RANGE = 50.0, 35.0  # words score: 50 + 35 × (weighted coverage)²
FUZZY_FACTOR, FUZZY_CUTOFF = 0.9, 80.0
MIN_COVERAGE = 0.55
MAX_SHARED = 5
LENGTH_BONUS = 0.75  # per character of a hit beyond two, up to eight
_BRACKETS = re.compile(r"[（(]([^）)]*)[）)]")
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))


@dataclass(frozen=True)
class Hit:
    code: str
    score: float
    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class Phrase:
    text: str  # canonical
    code: str
    score: float
    words: tuple[str, ...] = ()
    weight: float = 0.0  # sum of the words' weights


def fold_syllable(syllable: str) -> str:
    for full, short in _INITIALS:
        if syllable.startswith(full):
            syllable = short + syllable[2:]
            break
    if syllable.startswith("n") and len(syllable) > 1:
        syllable = "l" + syllable[1:]
    if syllable.endswith("ng") and len(syllable) > 2:
        syllable = syllable[:-1]
    return syllable


MAX_PHRASE_KEYS = 50_000


@dataclass
class Pinyin:
    """Toneless pinyin of single characters, looked up once each (per character, so that a
    phrase and a message always read a character alike)."""

    memo: dict[str, str] = field(default_factory=dict)
    pairs: dict[str, tuple[str, str]] = field(default_factory=dict)  # character → (syllable, folded syllable)
    keys: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)  # phrase → key

    def of(self, ch: str) -> str:
        syllable = self.memo.get(ch)
        if syllable is None:
            syllable = lazy_pinyin(ch, style=Style.NORMAL)[0] if "\u4e00" <= ch <= "\u9fff" else ch
            self.memo[ch] = syllable
        return syllable

    def key(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The text's syllables, and the same folded (fold_syllable), one character at a time."""
        pairs = self.pairs
        got = [pairs.get(ch) or self._pair(ch) for ch in text]
        if not got:
            return (), ()
        plain, folded = zip(*got, strict=True)
        return plain, folded

    def _pair(self, ch: str) -> tuple[str, str]:
        syllable = self.of(ch)
        pair = self.pairs[ch] = (syllable, fold_syllable(syllable))
        return pair

    def phrase_key(self, phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """`key` of a catalog phrase (an item's, a hall's, an option's), read once: the catalog bounds them."""
        known = self.keys.get(phrase)
        if known is None:
            if len(self.keys) >= MAX_PHRASE_KEYS:  # options made of dates and times, over many days
                self.keys.clear()
            known = self.keys[phrase] = self.key(phrase)
        return known


@dataclass(frozen=True)
class PhraseIndex:
    """The phrases of one kind of thing (items, or halls), and their three indexes."""

    phrases: tuple[Phrase, ...]
    exact: dict[str, tuple[int, ...]]
    folded: dict[tuple[str, ...], tuple[int, ...]]  # folded pinyin → phrases
    pinyin_lengths: tuple[int, ...]
    word_phrases: dict[str, tuple[int, ...]]  # word → phrases using it
    word_weight: dict[str, float]
    situations: tuple[tuple[re.Pattern[str], str], ...]
    folded_heads: frozenset[tuple[str, str]] = frozenset()  # the first two folded syllables of each `folded` key

    def hits(self, text: str, tokenizer: jieba.Tokenizer, pinyin: Pinyin, words: list[str]) -> list[Hit]:
        """Exact, pinyin and situation hits, dominated ones removed."""
        found: list[Hit] = []
        cuts: set[int] | None = None
        for word in words:
            for i in self.exact.get(word, ()):
                p = self.phrases[i]
                start = text.find(word)
                while start >= 0:
                    if len(word) <= 3:  # a short phrase must be a word of the message
                        cuts = cuts if cuts is not None else boundaries(tokenizer, text)
                        if start not in cuts or start + len(word) not in cuts:
                            start = text.find(word, start + 1)
                            continue
                    found.append(Hit(p.code, p.score, start, start + len(word), p.text))
                    start = text.find(word, start + 1)
        found.extend(self._pinyin_hits(text, pinyin))
        situated = []
        for pattern, code in self.situations:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    situated.append(Hit(code, SITUATION, m.start(), m.end(), m.group(0)))
        found.extend(situated)
        where: dict[tuple[int, int], set[str]] = defaultdict(set)
        for h in situated:
            where[(h.start, h.end)].add(h.code)
        return _undominated(found, where)

    def _pinyin_hits(self, text: str, pinyin: Pinyin) -> list[Hit]:
        plain, folded = pinyin.key(text)
        found: list[Hit] = []
        n = len(text)
        heads = self.folded_heads
        starts = [s for s in range(n - 1) if (folded[s], folded[s + 1]) in heads]  # where a phrase may begin
        if not starts:
            return found
        for length in self.pinyin_lengths:
            for start in starts:
                if start + length > n:
                    break
                ids = self.folded.get(folded[start:start + length])
                if not ids:
                    continue
                piece = text[start:start + length]
                for i in ids:
                    p = self.phrases[i]
                    if p.text == piece:
                        continue  # an exact hit, found above
                    same = sum(a == b for a, b in zip(p.text, piece, strict=False))
                    exact_sound = pinyin.phrase_key(p.text)[0] == plain[start:start + length]
                    if same * 2 < length or (length == 2 and (not exact_sound or same == 0)):
                        continue
                    factor = PINYIN_EXACT if exact_sound else PINYIN_FOLDED
                    found.append(Hit(p.code, p.score * factor, start, start + length, p.text))
        return found

    def word_hits(self, text: str, words: list[str], limit: int = 40) -> list[Hit]:
        """Phrases most of whose (weighted) words occur in the message; then rapidfuzz on them."""
        candidates: dict[int, float] = defaultdict(float)
        anchored: set[int] = set()  # phrases with a word of two characters or more in the message
        for word in words:
            weight = self.word_weight.get(word)
            if weight is None or weight <= 0.3:
                continue
            for i in self.word_phrases.get(word, ()):
                candidates[i] += weight
                if len(word) > 1:
                    anchored.add(i)
        found: list[Hit] = []
        scored = []
        for i, matched in candidates.items():
            p = self.phrases[i]
            coverage = matched / p.weight if p.weight else 0.0
            scored.append((coverage, i))
            if coverage >= MIN_COVERAGE and i in anchored:  # not 户照 from 户口簿照片
                score = WORDS_FLOOR + WORDS_RANGE * min(coverage, 1.0) ** 2
                found.append(Hit(p.code, min(score, p.score * 0.85), 0, 0, p.text))
        scored.sort(reverse=True)
        # rapidfuzz looks for each phrase, a typo or two allowed, inside the message: phrases
        # longer than the message would be matched the wrong way round (人工 in 家畜人工授精…)
        choices = {i: self.phrases[i].text for _, i in scored[:limit]
                   if 4 <= len(self.phrases[i].text) <= len(text)}
        for _, score, i in process.extract(text, choices, scorer=fuzz.partial_ratio,
                                           score_cutoff=FUZZY_CUTOFF, limit=5):
            p = self.phrases[i]
            found.append(Hit(p.code, min(score * FUZZY_FACTOR, p.score * FUZZY_FACTOR), 0, 0, p.text))
        return found


def _undominated(hits: list[Hit], situations: dict[tuple[int, int], set[str]] | None = None) -> list[Hit]:
    """Drop a hit lying inside a longer one that scores at least as well, or inside a longer
    life situation of another item (外地户口…孩子要上小学 is more than 上小学; 狗狗九岁了要年审
    is the dog's)."""
    situations = situations or {}
    spans = sorted({(h.start, h.end, h.score) for h in hits}, key=lambda s: s[0] - s[1])
    kept = []
    for h in hits:
        length = h.end - h.start
        dominated = False
        for start, end, score in spans:
            if end - start <= length:
                break
            if start <= h.start and h.end <= end and (
                    score >= h.score or h.code not in situations.get((start, end), (h.code,))):
                dominated = True
                break
        if not dominated:
            kept.append(h)
    return kept


def rank(hits: Iterable[Hit]) -> list[tuple[str, float, int]]:
    """(code, best score, length of its best hit), best first. A longer hit earns a little more
    (身份证还有一个月到期 says more than 身份证), so the score may pass 100 here."""
    best: dict[str, tuple[float, int]] = {}
    for h in hits:
        length = h.end - h.start
        key = (round(h.score + LENGTH_BONUS * min(max(length - 2, 0), 8), 1), length)
        if h.code not in best or key > best[h.code]:
            best[h.code] = key
    return sorted(((c, s, n) for c, (s, n) in best.items()), key=lambda r: (r[1], r[2]), reverse=True)


@dataclass(frozen=True)
class Vocabulary:
    """Generic vocabulary from data/items.yaml."""

    canon: Replacements
    name_suffixes: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    weak_words: frozenset[str]
    topics: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (topic word, item codes), longest word first

    @classmethod
    def from_data(cls, data: dict) -> Vocabulary:
        mapping: dict[str, str] = {}
        for canonical, variants in (data.get("synonyms") or {}).items():
            mapping[canonical] = canonical
            for v in variants:
                mapping[v] = canonical
        return cls(
            canon=Replacements.from_mapping(mapping),
            name_suffixes=tuple(sorted(data.get("name_suffixes") or (), key=len, reverse=True)),
            name_prefixes=tuple(sorted(data.get("name_prefixes") or (), key=len, reverse=True)),
            weak_words=frozenset(data.get("weak_terms") or ()),
            topics=tuple(sorted(((w, tuple(codes)) for w, codes in (data.get("topics") or {}).items()),
                                key=lambda t: -len(t[0]))),
        )

    def derived_names(self, name: str) -> tuple[list[str], list[str]]:
        """(forms without generic beginnings/endings, bracketed parts) of an official name."""
        bracketed = [b.strip() for b in _BRACKETS.findall(name) if len(b.strip()) >= 2]
        bare = _BRACKETS.sub("", name).strip()
        forms = {bare}
        frontier = [bare]
        while frontier:
            form = frontier.pop()
            for suffix in self.name_suffixes:
                if form.endswith(suffix):
                    shorter = form[: -len(suffix)]
                    long_enough = len(shorter) >= 3 or (len(shorter) == 2 and len(name) <= 4)
                    if long_enough and shorter not in forms:
                        forms.add(shorter)
                        frontier.append(shorter)
            for prefix in self.name_prefixes:
                if form.startswith(prefix) and len(form) - len(prefix) >= 2:
                    shorter = form[len(prefix):]
                    if shorter not in forms:
                        forms.add(shorter)
                        frontier.append(shorter)
        forms.discard(name)
        return sorted(forms), bracketed


def build_index(
    entries: Iterable[tuple[str, str, float]],
    situations: Iterable[tuple[str, str]],
    vocabulary: Vocabulary,
    normalise: Callable[[str], str],
    tokenizer: jieba.Tokenizer,
    pinyin: Pinyin,
) -> PhraseIndex:
    """Index (phrase, code, score) entries; situations are (regex, code). Adds every phrase
    to the tokenizer's dictionary (after taking the phrases' words with the dictionary as it was)."""
    best: dict[tuple[str, str], float] = {}
    for raw, code, score in entries:
        text = vocabulary.canon.apply(normalise(raw))
        if len(text) < 2:
            continue
        if best.get((text, code), 0.0) < score:
            best[(text, code)] = score
    sharing: dict[str, int] = defaultdict(int)
    for text, _ in best:
        sharing[text] += 1
    # A derived phrase that many items share (变更 from 营业执照（变更）…) names none of them.
    phrases = [Phrase(text, code, score) for (text, code), score in best.items()
               if score >= PRIMARY or sharing[text] <= MAX_SHARED]

    segmented = [[w for w in tokenizer.lcut(p.text, HMM=False) if w.strip()] for p in phrases]
    items_using: dict[str, set[str]] = defaultdict(set)
    for p, words in zip(phrases, segmented, strict=True):
        for w in words:
            items_using[w].add(p.code)
    n_codes = max(1, len({p.code for p in phrases}))
    word_weight = {}
    for w, codes in items_using.items():
        weight = math.log(1 + n_codes / len(codes))
        if w in vocabulary.weak_words:
            weight = min(weight, 0.2)
        elif len(w) == 1:
            weight *= 0.5
        word_weight[w] = weight
    final = []
    word_phrases: dict[str, list[int]] = defaultdict(list)
    for i, (p, words) in enumerate(zip(phrases, segmented, strict=True)):
        final.append(Phrase(p.text, p.code, p.score, tuple(words), sum(word_weight[w] for w in set(words))))
        for w in set(words):
            word_phrases[w].append(i)
    add_words(tokenizer, (p.text for p in final))

    compiled = tuple((re.compile(vocabulary.canon.apply(rx)), code) for rx, code in situations)
    exact: dict[str, list[int]] = defaultdict(list)
    folded: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, p in enumerate(final):
        exact[p.text].append(i)
        if 2 <= len(p.text) <= MAX_PINYIN_LENGTH:
            folded[pinyin.key(p.text)[1]].append(i)
    return PhraseIndex(
        phrases=tuple(final),
        exact={k: tuple(v) for k, v in exact.items()},
        folded={k: tuple(v) for k, v in folded.items()},
        pinyin_lengths=tuple(sorted({len(k) for k in folded})),
        word_phrases={k: tuple(v) for k, v in word_phrases.items()},
        word_weight=word_weight,
        situations=compiled,
        folded_heads=frozenset((k[0], k[1]) for k in folded),
    )


def item_entries(catalog_items: Iterable, vocabulary: Vocabulary) -> list[tuple[str, str, float]]:
    entries = []
    for item in catalog_items:
        for phrase in (item.name, item.short_name, *item.aliases):
            entries.append((phrase, item.code, PRIMARY))
        forms, bracketed = vocabulary.derived_names(item.name)
        # 结婚登记 → 结婚: a two-character form is a generic word; a life situation beats it
        entries += [(f, item.code, DERIVED if len(f) > 2 else DERIVED_SHORT) for f in forms]
        entries += [(b, item.code, BRACKETED) for b in bracketed if b not in vocabulary.weak_words]
        entries += [(e, item.code, LIFE_EVENT) for e in item.life_events]
    return entries


def hall_entries(halls: Iterable, suffixes: tuple[str, ...]) -> list[tuple[str, str, float]]:
    entries = []
    for hall in halls:
        for phrase in (hall.name, hall.short_name, *hall.aliases):
            entries.append((phrase, hall.code, PRIMARY))
            bare = _BRACKETS.sub("", phrase)
            for b in _BRACKETS.findall(phrase):
                entries.append((b, hall.code, DERIVED))
            for suffix in suffixes:  # 禅城区行政服务中心 → 禅城区; not 禅城, the whole district
                if bare.endswith(suffix) and len(bare) - len(suffix) >= 3:
                    entries.append((bare[: -len(suffix)], hall.code, DERIVED))
    return entries


def situation_entries(data: dict, known: set[str], where: str) -> list[tuple[str, str]]:
    """(pattern, code) from data/life_situations.yaml; unknown codes skipped with a warning."""
    entries = []
    for code, patterns in (data or {}).items():
        if code not in known:
            log.warning("%s: no catalog item %r; its life situations are ignored", where, code)
            continue
        entries += [(p, code) for p in patterns or ()]
    return entries


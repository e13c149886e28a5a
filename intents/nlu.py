"""Text → Understanding: normalise, find the entities, then decide the intent.

`build_nlu(catalog)` precomputes everything once per process (the segmenter's dictionary,
the phrase indexes, the cue lexicon); `understand(nlu, text, now)` then costs well under a
millisecond. Everything the NLU knows about items and halls comes from the catalog and the
data files in intents/data/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jieba
import yaml

from catalog import Catalog

from .answers import asks_to_reschedule, asks_whether_to_book, part_of_day, yes_or_no
from .application_numbers import take_application_no
from .cues import CueBook, bare_choice, choose_intent
from .dates import Found, clock_times, date_spans, find_date, find_time
from .learned import THRESHOLDS, WEAK, IntentModel, Thresholds, combine, shipped_model
from .normalize import DATA, Normalizer, build_normalizer
from .options import Option, Places, parts, pick_by_sound, pick_option
from .phrases import (
    DERIVED,
    Hit,
    PhraseIndex,
    Pinyin,
    Vocabulary,
    build_index,
    hall_entries,
    item_entries,
    rank,
    situation_entries,
)
from .pinyin_input import PinyinInput, domain_words
from .segmenter import boundaries, build_tokenizer, dictionary_words, read_general_words
from .understanding import Aspect, Intent, Understanding

SHANGHAI = ZoneInfo("Asia/Shanghai")
ITEM_THRESHOLD = 70.0  # below this, no item is named
ITEM_THRESHOLD_ASIDE = 85.0  # in a message that is not a guide question, an item must be named clearly
CANDIDATE_THRESHOLD = 60.0
AMBIGUITY_MARGIN = 5.0  # top candidates closer than this: ask which one
MAX_CANDIDATES = 3
SHORT_MESSAGE = 6  # characters: 身份证 / 办身份证 / 身份证怎么办 name little else
HALL_SUFFIXES = ("行政服务中心", "政务服务中心", "办事大厅", "政务中心", "服务中心", "街道", "镇街道", "镇", "大厅")
NAMED = 93.0  # a hit at least this good is the item's name: cues inside it are not cues
NO_ITEM_INTENTS = frozenset({"greet", "thanks", "out_of_scope"})


@dataclass(frozen=True)
class Nlu:
    normalizer: Normalizer
    vocabulary: Vocabulary
    tokenizer: jieba.Tokenizer
    pinyin: Pinyin
    items: PhraseIndex
    halls: PhraseIndex
    cues: CueBook
    places: Places
    item_codes: frozenset[str]
    model: IntentModel | None = None  # a second opinion on the intent (learned.py); None: rules alone
    thresholds: Thresholds = THRESHOLDS
    # Memos of this Nlu (fresh for every Nlu, `replace` included): what it read once, it reads again.
    understood: dict[tuple[str, date | None], Understanding] = field(init=False, repr=False, compare=False)
    phrases_read: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)  # options' phrases
    picked: dict[tuple[str, tuple[Option, ...], bool], str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "understood", {})
        object.__setattr__(self, "phrases_read", {})
        object.__setattr__(self, "picked", {})


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _strings(data: object) -> list[str]:
    """Every string in a YAML tree."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in (*_strings(key), *_strings(value))]
    if isinstance(data, list | tuple):
        return [s for value in data for s in _strings(value)]
    return []


def catalog_words(catalog: Catalog) -> tuple[tuple[object, ...], ...]:
    """All that `build_nlu` reads from the catalog (names, aliases, life events of items and halls): a
    new catalog version with the same words is understood by the Nlu already built."""
    return (tuple((i.code, i.name, i.short_name, i.aliases, i.life_events) for i in catalog.items.values())
            + tuple((h.code, h.name, h.short_name, h.aliases) for h in catalog.halls.values()))


def build_nlu(catalog: Catalog, data_dir: Path = DATA, *, learned: bool = True) -> Nlu:
    """Everything precomputed from the catalog and the lexicon files; with `learned`, the
    intent model trained on the labelled sets (learned.py) beside the rules."""
    vocabulary = Vocabulary.from_data(_load(data_dir / "items.yaml"))
    general_words = read_general_words()
    tokenizer = build_tokenizer(general_words)
    pinyin = Pinyin()
    cue_data = _load(data_dir / "cues.yaml")
    item_phrases = item_entries(catalog.items.values(), vocabulary)
    hall_phrases = hall_entries(catalog.halls.values(), HALL_SUFFIXES)
    typed_in_pinyin = PinyinInput.build(
        general_words, domain_words([p for p, _, _ in item_phrases + hall_phrases], _strings(cue_data)))
    normalizer = replace(build_normalizer(data_dir / "normalize.yaml"), pinyin_input=typed_in_pinyin)

    def normalise(text: str) -> str:
        return normalizer.clean(normalizer.prepare(text))

    situations = situation_entries(_load(data_dir / "life_situations.yaml"), set(catalog.items), "life_situations.yaml")
    items = build_index(item_phrases, situations, vocabulary, normalise, tokenizer, pinyin)
    halls = build_index(hall_phrases, (), vocabulary, normalise, tokenizer, pinyin)
    cues = CueBook.from_data(cue_data, vocabulary.canon.apply)
    places = Places.from_file(data_dir / "places.yaml")
    nlu = Nlu(normalizer, vocabulary, tokenizer, pinyin, items, halls, cues, places, frozenset(catalog.items))
    if not learned:
        return nlu
    return replace(nlu, model=shipped_model(lambda text: model_text(nlu, text)))


def model_text(nlu: Nlu, text: str) -> str:
    """The text the model reads: the normalised message, as `understand` matches cues against."""
    _, prepared = take_application_no(nlu.normalizer.prepare((text or "").strip()))
    return nlu.vocabulary.canon.apply(nlu.normalizer.strip_fillers(nlu.normalizer.clean(prepared)))


def second_opinion(nlu: Nlu, rules: Intent, q: str, *, cued: bool = False) -> Intent:
    """The rules' intent, or the model's where `combine` lets it decide. `cued`: the rules
    found an off-topic cue (天气 / 帅不帅), so their out_of_scope is a decision, not a blank,
    and the model must be as sure as on a weak boundary to change it."""
    if nlu.model is None or rules not in WEAK:
        return rules
    if cued and rules == "out_of_scope":
        sure = nlu.thresholds.boundary
        return combine(rules, *nlu.model.opinion(q), Thresholds(sure, max(sure, nlu.thresholds.unknown_guide), sure))
    return combine(rules, *nlu.model.opinion(q), nlu.thresholds)


# Words of time and counting that contain an item's word without naming it
NOT_NAMES = re.compile(r"工作日|工作时间|上班时间")


def understand(nlu: Nlu, text: str, now: datetime | None = None) -> Understanding:
    """What one message asks for. `now` (Asia/Shanghai) resolves 明天 / 下周一; without it,
    no date is resolved."""
    prepared = nlu.normalizer.prepare((text or "").strip())
    answer, part, reschedule = yes_or_no(prepared), part_of_day(prepared), asks_to_reschedule(prepared)
    application_no, prepared = take_application_no(prepared)
    cleaned = nlu.normalizer.clean(prepared)
    social = nlu.cues.social_intent(cleaned) if not application_no else None
    q = nlu.vocabulary.canon.apply(nlu.normalizer.strip_fillers(cleaned))
    if social is not None:
        other = second_opinion(nlu, social, q)  # only words of greeting or thanks: one or the other
        social = other if other in ("greet", "thanks") else social
        return Understanding(social, number=bare_choice(q), answer=answer, part_of_day=part, reschedule=reschedule,
                             text=q)

    today = now.astimezone(SHANGHAI).date() if now is not None else None
    found_date = find_date(q, today) if today is not None else None
    dates_said = date_spans(q, today) if today is not None else []
    found_time = find_time(q)
    times_said = [(f.start, f.end) for f in clock_times(q)]  # 十点到十点半, 九点太早了那十点: all of them said
    words = dictionary_words(nlu.tokenizer, q)

    named = NOT_NAMES.sub(lambda m: "#" * len(m.group()), q)  # 几个工作日: no 工作 (就业登记) there
    named_words = words if named == q else dictionary_words(nlu.tokenizer, named)
    item_hits = nlu.items.hits(named, nlu.tokenizer, nlu.pinyin, named_words)
    if not item_hits or max(h.score for h in item_hits) < DERIVED:  # no name: compare words
        item_hits += nlu.items.word_hits(named, named_words)
    item_hits, set_aside = _without_aside(item_hits, nlu.cues.aside_spans(q) if nlu.cues.aside else {})
    ranked = _later_first(rank(item_hits), item_hits)
    ranked = [r for r in ranked if r[1] >= CANDIDATE_THRESHOLD]
    hall_hits = nlu.halls.hits(q, nlu.tokenizer, nlu.pinyin, words)
    hall_ranked = rank(hall_hits)
    hall = hall_ranked[0][0] if hall_ranked and hall_ranked[0][1] >= ITEM_THRESHOLD else None
    hall = _said_last(q, hall_hits, hall_ranked) or hall
    if hall is not None and nlu.cues.generic_hall is not None and nlu.cues.generic_hall.search(q):
        hall = None
    if hall is not None and _elsewhere_hall(nlu, q, hall_hits, hall):  # 顺德大良的行政服务中心: not ours
        hall = None

    spans = [(h.start, h.end) for h in item_hits if h.end > h.start and h.score >= NAMED]

    def inside_item(start: int, end: int, *, last_word_counts: bool = False) -> bool:
        """Inside an item's name; with `last_word_counts`, its last word is not inside
        (结婚登记预约 still asks to book, but 地址 in 变更地址 asks nothing)."""
        return any(s <= start and (end < e if last_word_counts else end <= e) for s, e in spans)

    ambiguous = len(ranked) >= 2 and ranked[0][1] - ranked[1][1] < AMBIGUITY_MARGIN
    # 身份证 alone: no item is sure, but a few are close; name the first and ask which one
    short = len(q) <= SHORT_MESSAGE
    item = ranked[0][0] if ranked and (ranked[0][1] >= ITEM_THRESHOLD or (ambiguous and short)) else None
    number = bare_choice(q)
    cue_spans: list[tuple[int, int]] = []
    cuts: set[int] | None = None

    def is_word(start: int, end: int) -> bool:
        nonlocal cuts
        cuts = cuts if cuts is not None else boundaries(nlu.tokenizer, q)
        return start in cuts and end in cuts

    scores = nlu.cues.cue_scores(q, inside_item, is_word, cue_spans)
    intent = choose_intent(
        scores, item=item is not None, application_no=application_no is not None,
        when=found_date is not None or found_time is not None, hall=hall is not None, text=q,
    )
    if intent == "ask_guide" and item is None and hall is None and not set_aside:
        known = cue_spans + [(f.start, f.end) for f in (found_date, found_time) if f is not None]
        if nlu.cues.residual(q, known) >= nlu.cues.min_residual:
            intent = "out_of_scope"
    if intent == "out_of_scope" and not scores and item is None and hall is None and not application_no \
            and found_date is None and found_time is None:
        intent = nlu.cues.social_in_text(cleaned) or intent  # 你好 我是老人家 不太会用 有人在吗
    intent = second_opinion(nlu, intent, q, cued="out_of_scope" in scores)
    candidates = tuple((code, min(100.0, round(score, 1))) for code, score, _ in ranked[:MAX_CANDIDATES])
    off_topic = intent == "out_of_scope" and "out_of_scope" in scores  # 社保局旁边有什么好吃的
    if item is None and hall is None and intent in ("out_of_scope", "ask_guide") and not application_no \
            and not off_topic:
        family = _topic(nlu, q)  # 社保, 驾照: which of its items?
        if family:
            intent, candidates = "ask_guide", tuple((c, 100.0) for c in family[:MAX_CANDIDATES + 1])
            item, ambiguous = (family[0], False) if len(family) == 1 else (None, True)
    moved_on = found_date is not None and found_date.start > q.find("取消")  # 把这个取消了，下周二重新约一个
    if reschedule and (intent == "out_of_scope" and (found_date or found_time)
                       or intent == "cancel_appointment" and (moved_on or hall is not None)):  # 祖庙不去了，改成区中心
        intent = "book_appointment"  # 明天没空，改成下周一上午10点: another time for a booking
    if intent == "cancel_appointment" and found_date is None and dates_said and today is not None:
        found_date = find_date(q, today, turned_down=True)  # 我明天去不了了，取消吧: that day's booking
    if intent in NO_ITEM_INTENTS:
        item, candidates, ambiguous = None, (), False
        if intent == "out_of_scope" and (  # 今天天气怎么样 / 禅城区区长是谁: nothing to act on
                    "out_of_scope" in scores
                or _says_more(nlu, q, cue_spans + dates_said + times_said, hall_hits, found_date, found_time)):
            hall, found_date, found_time = None, None, None
    elif intent != "ask_guide" and ranked and ranked[0][1] < ITEM_THRESHOLD_ASIDE:
        item = None  # 我带了身份证和户口本够了吗: materials, not the item
    return Understanding(
        intent=intent,
        item=item,
        aspect=nlu.cues.aspect(q, inside_item, hall=hall is not None) if intent == "ask_guide" else None,
        date=found_date.value if found_date else None,
        time=found_time.value if found_time else None,
        application_no=application_no,
        hall=hall,
        number=number,
        candidates=candidates,
        ambiguous=ambiguous,
        answer=answer,
        part_of_day=part,
        reschedule=reschedule,
        elsewhere=nlu.places.district_elsewhere(q) if hall is None and intent not in ("greet", "thanks") else None,
        asks_about=_asked_aspect(nlu, q, inside_item) if intent == "out_of_scope" else None,
        booking_question=asks_whether_to_book(q),
        text=q,
    )


def _asked_aspect(nlu: Nlu, q: str, inside_item: Callable[..., bool]) -> Aspect | None:
    aspect = nlu.cues.aspect(q, inside_item)
    return None if aspect == "general" else aspect


def _topic(nlu: Nlu, q: str) -> tuple[str, ...]:
    """The items of the first bare topic the message names (社保 → the card, pensions…), known to the catalog."""
    for word, codes in nlu.vocabulary.topics:
        if word in q:
            return tuple(c for c in codes if c in nlu.item_codes)
    return ()


MEMO_SIZE = 8192  # distinct messages remembered per process: a burst asks the same few questions


def understand_memoised(nlu: Nlu, text: str, now: datetime | None = None) -> Understanding:
    """`understand`, read once per (text, day): it is a function of the text and of today's date
    only (明天 needs the date, nothing needs the hour or the conversation), and an Understanding is
    frozen, so the same message gets the same object again."""
    key = (text, now.astimezone(SHANGHAI).date() if now is not None else None)
    memo = nlu.understood
    known = memo.get(key)
    if known is None:
        known = understand(nlu, text, now)
        if len(memo) >= MEMO_SIZE:
            del memo[next(iter(memo))]  # the oldest first
        memo[key] = known
    return known


def normalised(nlu: Nlu, text: str) -> str:
    """The text as the NLU reads it: half-width, simplified, no fillers, canonical variants."""
    cleaned = nlu.normalizer.clean(nlu.normalizer.prepare((text or "").strip()))
    return nlu.vocabulary.canon.apply(nlu.normalizer.strip_fillers(cleaned))


def pick_answer(nlu: Nlu, text: str, options: list[Option], *, whole: bool = False) -> str | None:
    """Which offered option an answer in words names ("外省户籍", "我是投靠她"), or None. A function
    of the text and the options only, so read once per (text, options) (bounded like `understood`)."""
    key = (text, tuple(options), whole)
    memo = nlu.picked
    if key in memo:
        return memo[key]
    said = normalised(nlu, text)
    read = [Option(o.code, tuple(part for p in o.phrases for part in _phrase_parts(nlu, p))) for o in options]
    picked = pick_option(said, read, nlu.places, whole=whole)
    if picked is None and not whole:
        picked = pick_by_sound(said, read, lambda t: nlu.pinyin.key(t)[1],  # 外身户籍: 外省户籍 mistyped
                               phrase_sounds=lambda p: nlu.pinyin.phrase_key(p)[1])
    if len(memo) >= MEMO_SIZE:
        del memo[next(iter(memo))]  # the oldest first
    memo[key] = picked
    return picked


def _phrase_parts(nlu: Nlu, phrase: str) -> tuple[str, ...]:
    """An option's phrase cut into its parts, each normalised, once: options come from the catalog,
    so the memo is bounded by it."""
    known = nlu.phrases_read.get(phrase)
    if known is None:
        known = nlu.phrases_read[phrase] = tuple(normalised(nlu, part) for part in parts(phrase))
    return known


LATER_MARGIN = 1.0  # named items this close: the later one is what is asked about


def _within(h: Hit, spans: list[tuple[int, int]]) -> bool:
    return h.end > h.start and any(s <= h.start and h.end <= e for s, e in spans)


def _without_aside(hits: list[Hit], aside: dict[str, list[tuple[int, int]]]) -> tuple[list[Hit], bool]:
    """Drop the items that the message names only to set aside; `had` ones only when another
    item is named clearly (营业执照有了 卖早餐还要办什么证 → the food licence). Returns the hits
    left and whether an item was set aside."""
    if not aside:
        return hits, False
    dropped = False
    for kind, spans in aside.items():
        codes = {h.code for h in hits if _within(h, spans)}
        codes -= {h.code for h in hits if h.end > h.start and not _within(h, spans)}  # named elsewhere too
        if not codes:
            continue
        kept = [h for h in hits if h.code not in codes]
        if kind == "had" and not any(h.score >= ITEM_THRESHOLD for h in kept):
            continue
        if kind == "not" and not any(h.score >= ITEM_THRESHOLD and h.end > h.start for h in kept):
            continue  # 不是社保卡，是失业登记: the other item must be named, not guessed from words
        if kind not in ("had", "not"):  # compared words came from the same name: 注销营业执照 changes nothing
            kept = [h for h in kept if h.end > h.start]
        hits, dropped = kept, True
    return hits, dropped


def _later_first(ranked: list[tuple[str, float, int]], hits: list[Hit]) -> list[tuple[str, float, int]]:
    """Of two items named equally well and apart, the later one first: 个体户也要做年报吗 asks
    about the annual report, and names who files it first."""
    if len(ranked) < 2 or ranked[0][1] - ranked[1][1] > LATER_MARGIN:
        return ranked

    def best(code: str) -> list[Hit]:  # where the item is named best
        named = [h for h in hits if h.code == code and h.end > h.start]
        top = max((h.score for h in named), default=0.0)
        return [h for h in named if h.score == top]

    first, second = best(ranked[0][0]), best(ranked[1][0])
    # apart, not overlapping
    if first and second and max(h.start for h in second) >= max(h.end for h in first):
        return [ranked[1], ranked[0], *ranked[2:]]
    return ranked


NOT_GOING = re.compile(r"(?:不去|不要去|别去|不想去|唔去|太远|不方便|人太多|不行|唔得)")


def _said_last(q: str, hits: list[Hit], ranked: list[tuple[str, float, int]]) -> str | None:
    """Of two halls named clearly, the one said last, unless it is the one turned down
    ("张槎太远了，我想去南庄那边" → 南庄; "去祖庙，不去石湾" → 祖庙)."""
    named = {code for code, score, _ in ranked if score >= ITEM_THRESHOLD}
    if len(named) < 2:
        return None
    def qualified(h: Hit) -> bool:  # 石湾街道行政服务中心: the 行政服务中心 of 石湾, not the district's
        return q[h.start:h.end] in GENERIC_HALL_WORDS and any(
            g.code != h.code and g.end > g.start and 0 <= h.start - g.end <= 4 for g in hits)

    last: dict[str, Hit] = {}
    for h in hits:
        if qualified(h):
            continue
        if h.code in named and h.end > h.start and (h.code not in last or h.start > last[h.code].start):
            last[h.code] = h
    ordered = sorted(last.values(), key=lambda h: h.start)

    def turned_down(h: Hit) -> bool:
        return NOT_GOING.search(q[max(0, h.start - 3):h.end + 4]) is not None

    wanted = [h for h in ordered if not turned_down(h)]
    return wanted[-1].code if wanted else None


GENERIC_HALL_WORDS = ("行政服务中心", "政务服务中心", "政务中心", "服务中心", "行政中心", "办事大厅", "大厅")


def _elsewhere_hall(nlu: Nlu, q: str, hall_hits: list[Hit], hall: str) -> bool:
    """The hall was read only from a generic word (行政服务中心) of a district Yimen does not serve."""
    if nlu.places.district_elsewhere(q) is None:
        return False
    said = [h.phrase for h in hall_hits if h.code == hall and h.end > h.start]
    return bool(said) and all(any(p.endswith(g) and len(p) - len(g) <= 1 for g in GENERIC_HALL_WORDS) for p in said)


def _says_more(
    nlu: Nlu, q: str, cue_spans: list[tuple[int, int]], hall_hits: list[Hit], *found: Found | None
) -> bool:
    """Whether an off-topic message says more than its entities: 禅城区区长是谁 names no hall
    to go to, but a bare 区行政服务中心 or 明天 may answer a question just asked."""
    known = cue_spans + [(h.start, h.end) for h in hall_hits if h.end > h.start]
    known += [(f.start, f.end) for f in found if f is not None]
    return nlu.cues.residual(q, known) >= nlu.cues.min_residual

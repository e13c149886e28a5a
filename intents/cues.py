"""Deciding the intent and the aspect: a scored cue lexicon (data/cues.yaml) plus rules that
use the entities already found."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .understanding import Aspect, Intent, is_aspect

# When two intents score alike, the earlier one wins: refusals and cancellations beat the
# requests they negate (不要再发提醒 is no subscription), specific beats general.
PRIORITY: tuple[Intent, ...] = (
    "human_agent", "unsubscribe_reminder", "cancel_appointment", "complaint", "subscribe_reminder",
    "query_appointment", "track_progress", "precheck_materials", "book_appointment", "out_of_scope",
    "ask_guide", "greet", "thanks",
)
DECISIVE = 5.0  # a cue this strong wins over a guide question, whatever item it names
ASPECT_PRIORITY: tuple[Aspect, ...] = (
    "online", "fee", "duration", "location", "materials", "conditions", "process", "general",
)
ITEM_BONUS = 2.0  # an item alone is a guide question: 护照 / 低保
APPLICATION_NO_BONUS = 5.0
VISIT_BONUS = 2.5  # a day or a time, and a hall or a visit: 明天上午去祖庙办护照
BOOKING_WITH_WHEN_BONUS = 1.0
EXTRA_CUE = 0.25  # each further cue of the same intent, up to two
MIN_SCORE = 1.5
_VISIT = re.compile(r"去|过去|过来|来|到|上门|跑一趟")
_INTERJECTIONS = re.compile(r"[嗯啊哦呀啦呢吧呵嘿噢哇喔嘛么哟诶喇咯啰嘞咧~ ]+")
_CHOICE = re.compile(
    r"^(?:我)?(?:选|要|就|选择|就要|就选|那就|那就选)?(?:第)?([0-9]{1,2}|[一二两三四五六七八九十])"
    r"(?:个|项|条|种|吧|这个|那个)*(?:吧|好了|的)?$"
)
_CHOICE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

Cues = tuple[tuple[float, re.Pattern[str]], ...]


@dataclass(frozen=True)
class CueBook:
    intents: dict[str, Cues]
    aspects: dict[Aspect, Cues]
    social: re.Pattern[str]  # a message made only of greetings, thanks and preambles
    thanks: re.Pattern[str]
    suppresses: dict[str, tuple[str, ...]]
    function_chars: frozenset[str]
    min_residual: int
    any_cue: dict[str, re.Pattern[str]]  # one alternation per group: most groups miss at once
    # items named only to be set aside, by kind (data/cues.yaml, `aside`): `except` (除了低保…),
    # `had` (营业执照有了 还要…: another item is asked about), `opposite` (注销营业执照)
    aside: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    generic_hall: re.Pattern[str] | None = None  # 派出所还是行政服务中心: a kind of place, no hall
    known_words: re.Pattern[str] | None = None  # on topic, though no cue: 办事大厅 / 窗口
    # greeting or thanks words inside a longer message (data/cues.yaml, `social_in_text`)
    in_text: tuple[tuple[Intent, re.Pattern[str]], ...] = ()

    @classmethod
    def from_data(cls, data: dict, canonical: Callable[[str], str]) -> CueBook:
        """`canonical` is applied to every cue, as it is to messages (synonym families)."""

        def compile_cues(groups: dict) -> Cues:
            return tuple(
                (float(weight), re.compile(canonical(str(phrase))))
                for weight, phrases in sorted(groups.items(), key=lambda kv: -float(kv[0]))
                for phrase in phrases
            )

        social = data.get("social") or {}
        residual = data.get("residual") or {}
        every = [*social.get("greet", ()), *social.get("thanks", ()), *social.get("preamble", ())]
        alternation = "|".join(re.escape(str(w)) for w in sorted(every, key=lambda w: len(str(w)), reverse=True))
        thanks = "|".join(re.escape(str(w)) for w in sorted(map(str, social.get("thanks", ())), key=len, reverse=True))
        intents = {k: compile_cues(v) for k, v in (data.get("intents") or {}).items()}
        aspects = {k: compile_cues(v) for k, v in (data.get("aspects") or {}).items() if is_aspect(k)}
        groups = {**intents, **{f"aspect:{k}": v for k, v in aspects.items()}}
        return cls(
            intents=intents,
            aspects=aspects,
            any_cue={k: re.compile("|".join(f"(?:{p.pattern})" for _, p in v)) for k, v in groups.items() if v},
            social=re.compile(f"(?:{alternation})+"),
            # only thanks words (好的 知道了), or any word that thanks or says goodbye
            thanks=re.compile(f"^(?:{thanks})+$|(?:谢|感谢|拜拜|再见|bye|88|thank)"),
            suppresses={k: tuple(v) for k, v in (data.get("suppresses") or {}).items()},
            function_chars=frozenset(residual.get("function_chars", "")),
            min_residual=int(residual.get("min_residual", 3)),
            aside={k: tuple(re.compile(canonical(str(p))) for p in v or ())
                   for k, v in (data.get("aside") or {}).items()},
            generic_hall=re.compile(canonical(str(data["generic_hall"]))) if data.get("generic_hall") else None,
            known_words=re.compile(canonical(str(residual["known_words"]))) if residual.get("known_words") else None,
            in_text=tuple((intent, re.compile("|".join(re.escape(str(w)) for w in words)))
                          for intent, words in (data.get("social_in_text") or {}).items()
                          if intent in ("greet", "thanks") and words),
        )

    def aside_spans(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Where the message names something only to set it aside, by kind (the `x` group)."""
        found: dict[str, list[tuple[int, int]]] = {}
        for kind, patterns in self.aside.items():
            for pattern in patterns:
                for m in pattern.finditer(text):
                    found.setdefault(kind, []).append(m.span("x"))
        return found

    def social_intent(self, text: str) -> Intent | None:
        """greet or thanks when the message is nothing else (你好 / 在吗 / 好的拜拜 / 唔该晒)."""
        bare = _INTERJECTIONS.sub("", text)
        if not bare:
            return None
        if not self.social.fullmatch(bare):
            return None
        return "thanks" if self.thanks.search(bare) else "greet"

    def social_in_text(self, text: str) -> Intent | None:
        """thanks or greet when `text` (not stripped of fillers: 你好 and 谢谢 are fillers)
        holds such a word, in the file's order (thanks first)."""
        return next((intent for intent, words in self.in_text if words.search(text)), None)

    def aspect(self, text: str, inside_item: Callable[..., bool], *, hall: bool = False) -> Aspect:
        """The strongest aspect cue; of equal ones, the first in the message (流程是怎样的 先缴税
        还是…: process), then ASPECT_PRIORITY. Cues inside an item's name do not count (费用
        in 医疗费用零星报销), but process cues do (身份证过期了怎么办). Asking whether a
        named hall does an item is asking where."""
        best: tuple[float, int, int] | None = None
        chosen: Aspect = "general"
        for aspect, cues in self.aspects.items():
            if not self.any_cue[f"aspect:{aspect}"].search(text):
                continue
            for weight, pattern in cues:
                m = next((m for m in pattern.finditer(text) if m.end() > m.start() and
                          (aspect == "process" or not inside_item(m.start(), m.end()))), None)
                if m is not None:
                    rank = (weight, -m.start(), -ASPECT_PRIORITY.index(aspect))
                    if best is None or rank > best:
                        best, chosen = rank, aspect
                    break
        if hall and chosen in ("general", "conditions"):
            return "location"
        return chosen

    def cue_scores(
        self,
        text: str,
        inside_item: Callable[..., bool],
        is_word: Callable[[int, int], bool],
        spans: list[tuple[int, int]] | None = None,
    ) -> dict[str, float]:
        """Each intent's best cue weight, plus a little for each further cue; aspect cues count
        for ask_guide. Cues inside an item's name are not cues (状态 in 失业状态登记, 地址 in
        变更地址; but 怎么办 in 身份证过期了怎么办 still asks for the process), and a
        two-character intent cue must be a word of the message (卡在 is not in 社保卡在哪办).
        The spans of all cues found are appended to `spans`."""
        scores: dict[str, float] = {}
        groups = dict(self.intents)
        for aspect, cues in self.aspects.items():
            if aspect != "general":
                groups[f"aspect:{aspect}"] = cues
        for name, cues in groups.items():
            if not self.any_cue[name].search(text):
                continue
            weights = []
            for weight, pattern in cues:
                for m in pattern.finditer(text):
                    aspect_cue = name.startswith("aspect:")
                    if not aspect_cue and m.end() - m.start() <= 2 and not is_word(m.start(), m.end()):
                        continue
                    masked = name != "ask_guide" and name != "aspect:process"
                    inside = masked and inside_item(m.start(), m.end(), last_word_counts=not aspect_cue)
                    if m.end() > m.start() and not inside:
                        weights.append(weight)
                        if spans is not None:
                            spans.append((m.start(), m.end()))
                        break
            if weights:
                intent = "ask_guide" if name.startswith("aspect:") else name
                weights.sort(reverse=True)
                score = weights[0]
                if score < DECISIVE:  # decisive cues tie, and PRIORITY settles it
                    score = min(score + EXTRA_CUE * min(len(weights) - 1, 2), DECISIVE - 0.01)
                scores[intent] = max(scores.get(intent, 0.0), score)
        for intent, switched_off in self.suppresses.items():
            if intent in scores:
                for other in switched_off:
                    scores.pop(other, None)
        return scores


    def residual(self, text: str, spans: list[tuple[int, int]]) -> int:
        """How many characters of `text` no cue, entity or function word accounts for."""
        covered = bytearray(len(text))
        if self.known_words is not None:
            spans = spans + [m.span() for m in self.known_words.finditer(text)]
        for start, end in spans:
            covered[start:end] = b"\1" * (end - start)
        return sum(1 for i, ch in enumerate(text) if not covered[i] and ch not in self.function_chars
                   and not ch.isdigit() and not ch.isspace())


def choose_intent(
    scores: dict[str, float], *, item: bool, application_no: bool, when: bool, hall: bool, text: str
) -> Intent:
    """The cue scores, adjusted by the entities, and the winner."""
    scores = dict(scores)
    if item:
        scores["ask_guide"] = scores.get("ask_guide", 0.0) + ITEM_BONUS
    if application_no:
        scores["track_progress"] = scores.get("track_progress", 0.0) + APPLICATION_NO_BONUS
    if when:
        if "book_appointment" in scores:
            if scores["book_appointment"] < DECISIVE:
                scores["book_appointment"] += BOOKING_WITH_WHEN_BONUS
        elif hall or (item and _VISIT.search(text)):  # 明早9点半南庄办驾照换证: a visit being planned
            scores["book_appointment"] = VISIT_BONUS
    best = max(scores.values(), default=0.0)
    if best < MIN_SCORE:
        return "out_of_scope"
    decisive = max((v for k, v in scores.items() if k != "ask_guide"), default=0.0)
    if decisive >= DECISIVE:
        best = decisive
        scores.pop("ask_guide", None)
    for intent in PRIORITY:
        if scores.get(intent, 0.0) == best:
            return intent
    return "out_of_scope"


def bare_choice(text: str) -> int | None:
    """A message that is only a choice among offered options: 2 / 第二个 / 选3 / 二."""
    m = _CHOICE.match(text)
    if not m:
        return None
    token = m.group(1)
    return int(token) if token.isdigit() else _CHOICE_DIGITS.get(token)

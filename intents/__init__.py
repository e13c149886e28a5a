"""Understanding citizens: text → intent and entities (jieba + rapidfuzz, no cloud service)."""

from .answers import PartOfDay, YesNo
from .nlu import Nlu, build_nlu, catalog_words, pick_answer, understand, understand_memoised
from .options import Option
from .understanding import ASPECTS, INTENTS, Aspect, Intent, Understanding

__all__ = [
    "ASPECTS", "INTENTS", "Aspect", "Intent", "Nlu", "Option", "PartOfDay", "Understanding", "YesNo", "build_nlu",
    "catalog_words", "pick_answer", "understand", "understand_memoised",
]

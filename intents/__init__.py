"""Understanding citizens: text → intent and entities (jieba + rapidfuzz, no cloud service)."""

from .nlu import Nlu, build_nlu, understand
from .understanding import ASPECTS, INTENTS, Aspect, Intent, Understanding

__all__ = ["ASPECTS", "INTENTS", "Aspect", "Intent", "Nlu", "Understanding", "build_nlu", "understand"]

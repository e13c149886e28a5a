"""A private jieba tokenizer on a small dictionary: everyday words plus the catalog's phrases.

jieba's full dictionary (350,000 words) takes 0.6-0.7 s to load even from its cache. Everyday
words of 2-4 characters with frequency >= 300 (14,000 words, data/general_words.txt) segment
citizens' messages just as well for our purpose, and load in ~30 ms.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path

import jieba

GENERAL_WORDS = Path(__file__).parent / "data" / "general_words.txt"
DOMAIN_FREQUENCY = 3000  # catalog phrases outrank everyday words of the same span


def read_general_words(path: Path = GENERAL_WORDS) -> list[tuple[str, int]]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, freq = line.rsplit(" ", 1)
            words.append((word, int(freq)))
    return words


def build_tokenizer(general: Iterable[tuple[str, int]], domain: Iterable[str] = ()) -> jieba.Tokenizer:
    """A jieba.Tokenizer of its own (never the global one) on exactly these words."""
    tokenizer = jieba.Tokenizer()
    data = "\n".join(f"{w} {f}" for w, f in general).encode("utf-8")
    tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(io.BytesIO(data))
    tokenizer.initialized = True
    add_words(tokenizer, domain)
    return tokenizer


def add_words(tokenizer: jieba.Tokenizer, words: Iterable[str]) -> None:
    for word in words:
        if word and tokenizer.FREQ.get(word, 0) < DOMAIN_FREQUENCY:
            tokenizer.add_word(word, DOMAIN_FREQUENCY)


def dictionary_words(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    """Every dictionary word that occurs anywhere in `text` (jieba's DAG), and every character,
    each once, in a fixed order (so that equal scores always break the same way)."""
    found = dict.fromkeys(text)
    for start, ends in tokenizer.get_DAG(text).items():
        for end in ends:
            if end > start:
                found[text[start:end + 1]] = None
    return list(found)


def boundaries(tokenizer: jieba.Tokenizer, text: str) -> set[int]:
    """Positions where jieba's best segmentation puts a word boundary."""
    cuts = {0}
    position = 0
    for word in tokenizer.cut(text, HMM=False):
        position += len(word)
        cuts.add(position)
    return cuts


def write_general_words(path: Path = GENERAL_WORDS, min_freq: int = 300) -> int:
    """Regenerate data/general_words.txt from jieba's bundled dictionary."""
    source = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    rows = [line.split(" ") for line in source.read_text(encoding="utf-8").splitlines()]
    kept = [(w, f) for w, f, *_ in rows if int(f) >= min_freq and 2 <= len(w) <= 4]
    header = (
        "# Everyday words for the segmenter: jieba 0.42.1's dict.txt (MIT licence, (c) 2013 Sun Junyi),\n"
        f"# words of 2-4 characters with frequency >= {min_freq}, as 'word frequency'. Regenerate with\n"
        "# `.venv/bin/python -m intents.segmenter`.\n"
    )
    with open(path, "w", encoding="utf-8") as out:
        out.write(header + "".join(f"{w} {f}\n" for w, f in kept))
    return len(kept)


if __name__ == "__main__":
    print(f"{write_general_words()} words written to {GENERAL_WORDS}")

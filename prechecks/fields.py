"""From OCR lines to labelled values: rows, labels, and the normalising of what OCR confuses.

Lines are grouped into rows by their vertical overlap and read left to right; every character keeps
an x position, so a row holding two columns (营业执照: 名称 … 注册资本 …) splits at its labels and a
value running onto the next line (住址, 住所) continues in its own column only. Spaces, including
the wide ones cards print inside labels (姓  名), are dropped before labels are matched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .ocr import Box

SPACES = re.compile(r"\s+")
# What OCR reads for a digit (or the ID number's X) inside a number.
DIGIT_LOOKALIKES = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "〇": "0", "l": "1", "I": "1", "i": "1", "|": "1",
    "!": "1", "L": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "b": "6", "G": "6", "g": "9",
    "q": "9", "T": "7", "x": "X", "×": "X", "Ⅹ": "X", "ⅹ": "X", "乂": "X", "叉": "X",
})


@dataclass(frozen=True)
class Row:
    text: str  # spaces removed
    xs: tuple[float, ...]  # x centre of each character
    y0: float
    y1: float


def rows_of(boxes: list[Box]) -> list[Row]:
    """Lines on the same level joined left to right, rows top to bottom."""
    groups: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.y0 + b.y1) / 2):
        centre = (box.y0 + box.y1) / 2
        for group in groups:
            top = sum(b.y0 for b in group) / len(group)
            bottom = sum(b.y1 for b in group) / len(group)
            if top <= centre <= bottom and min(bottom, box.y1) - max(top, box.y0) > 0.5 * min(bottom - top, box.height):
                group.append(box)
                break
        else:
            groups.append([box])
    rows = []
    for group in groups:
        chars: list[str] = []
        xs: list[float] = []
        for box in sorted(group, key=lambda b: b.x0):
            text = SPACES.sub("", box.text)
            step = (box.x1 - box.x0) / max(len(text), 1)
            for i, c in enumerate(text):
                left = box.x0 + step * i
                if not _shadowed(left, left + step, box, group):
                    chars.append(c)
                    xs.append(left + step / 2)
        if chars:
            rows.append(Row("".join(chars), tuple(xs), min(b.y0 for b in group), max(b.y1 for b in group)))
    return sorted(rows, key=lambda r: r.y0)


def _shadowed(left: float, right: float, box: Box, group: list[Box]) -> bool:
    """A character of `box` lying under a surer line of the same row: the engine read that spot twice."""
    for other in group:
        if other is not box and other.score > box.score:
            overlap = min(right, other.x1) - max(left, other.x0)
            if overlap > 0.3 * (right - left):
                return True
    return False


@dataclass(frozen=True)
class Labelled:
    label: str  # the canonical label
    value: str
    row: int  # index of the row the label is on
    x0: float  # where the value starts
    x_limit: float  # where the next label on the row starts (the column's right edge)


def labelled_values(rows: list[Row], labels: dict[str, str],
                    multiline: frozenset[str] = frozenset()) -> dict[str, Labelled]:
    """{canonical label: its value}, from `labels` (printed spelling → canonical), longest spelling first.

    Only the first occurrence of a label counts. Values of labels in `multiline` continue on the
    following rows, in their column, until a row with a label in that column.
    """
    spellings = sorted(labels, key=len, reverse=True)
    found: dict[str, Labelled] = {}
    hits_by_row: list[list[tuple[int, int, str]]] = []
    for row in rows:
        hits: list[tuple[int, int, str]] = []
        taken = [False] * len(row.text)
        for spelling in spellings:
            for m in re.finditer(re.escape(spelling), row.text):
                if not any(taken[m.start():m.end()]):
                    hits.append((m.start(), m.end(), labels[spelling]))
                    for i in range(m.start(), m.end()):
                        taken[i] = True
        hits_by_row.append(sorted(hits))
    for r, (row, hits) in enumerate(zip(rows, hits_by_row, strict=True)):
        for k, (_start, end, canonical) in enumerate(hits):
            if canonical in found:
                continue
            stop = hits[k + 1][0] if k + 1 < len(hits) else len(row.text)
            x_limit = row.xs[stop] - 1 if stop < len(row.text) else float("inf")
            x0 = row.xs[end] if end < len(row.text) else (row.xs[end - 1] + 1)
            value = row.text[end:stop]
            if canonical in multiline:
                value += _continuation(rows, hits_by_row, r, row.xs[_start], x0, x_limit)
            found[canonical] = Labelled(canonical, value, r, x0, x_limit)
    return found


def _continuation(rows: list[Row], hits_by_row: list[list[tuple[int, int, str]]], r: int, label_x: float,
                  x0: float, x_limit: float) -> str:
    parts = []
    height = rows[r].y1 - rows[r].y0
    last_bottom = rows[r].y1
    for nxt in range(r + 1, len(rows)):
        row = rows[nxt]
        if row.y0 - last_bottom > 1.2 * height:
            break
        if any(label_x - height <= row.xs[s] < x_limit for s, _e, _c in hits_by_row[nxt]):
            break
        piece = "".join(c for c, x in zip(row.text, row.xs, strict=True) if x0 - 2 * height <= x < x_limit)
        if not piece:
            break
        parts.append(piece)
        last_bottom = row.y1
    return "".join(parts)


def clean_text(value: str) -> str:
    """A printed text value: no spaces, full-width letters and digits narrowed, brackets full-width."""
    narrowed = "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" and c not in "（）" else c
                       for c in SPACES.sub("", value))
    return narrowed.replace("(", "（").replace(")", "）").strip(":：;；,，.。、")


def chinese_only(value: str) -> str:
    """A name or a nation: the Chinese characters (and the middle dot of minority names) only."""
    return "".join(c for c in value if "\u4e00" <= c <= "\u9fff" or c in "·•").replace("•", "·")


def digits_of(value: str) -> str:
    """The characters of a number, OCR's lookalikes undone (full-width narrowed first)."""
    return unicodedata.normalize("NFKC", SPACES.sub("", value)).translate(DIGIT_LOOKALIKES)


ID_NUMBER = re.compile(r"(?<![0-9X])[0-9]{17}[0-9X](?![0-9X])")
NUMBERISH = re.compile(r"[0-9A-Za-z|!×Ⅹⅹ〇乂]{15,}")


def id_number_in(text: str) -> str | None:
    """An 18-character identity number in `text`, read through OCR's confusions."""
    for run in NUMBERISH.findall(unicodedata.normalize("NFKC", SPACES.sub("", text))):
        number = run.translate(DIGIT_LOOKALIKES)
        m = ID_NUMBER.search(number)
        if m:
            return m.group()
    return None


DATE = re.compile(r"((?:19|20)\d{2})\D{0,3}?(\d{1,2})\D{0,3}?(\d{1,2})(?!\d)")


def date_in(text: str) -> date | None:
    """The first date in 1985年3月7日, 1985.03.07, 1985-3-7, 19850307 (read through OCR confusions)."""
    normal = digits_of(text)
    for m in DATE.finditer(normal):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    compact = re.search(r"((?:19|20)\d{2})(\d{2})(\d{2})", normal)
    if compact:
        try:
            return date(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
        except ValueError:
            return None
    return None


def sex_in(text: str) -> str | None:
    for c in text:
        if c in "男女":
            return c
    return None

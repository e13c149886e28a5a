"""One file, start to end: safe decoding, quality, OCR, the kind, its fields and their checks.

Synchronous and CPU-bound: the command calls it directly, the server through pool.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageOps

from . import idcard, quality
from .decode import decode
from .errors import Refusal
from .fields import rows_of
from .forms import read_form
from .hukou import read_hukou
from .kinds import Kind, kind_of
from .licence import check_licence, read_licence
from .messages import chinese_date, message
from .ocr import read_text
from .result import Result, ordered

DAYS_WITHOUT_ITEM = 30
# The field without which a document is not read at all, per kind, and how the citizen calls it.
KEY_FIELDS = {"id_front": ("id_number", "身份证号码"), "id_back": ("valid_until", "有效期限"),
              "licence": ("uscc", "统一社会信用代码"), "hukou": ("id_number", "身份证件编号")}


@dataclass(frozen=True)
class Due:
    """By when an ID card must still be valid: the item's promised completion day, or 30 days on."""

    today: date
    day: date
    for_item: bool

    @classmethod
    def without_item(cls, today: date) -> Due:
        return cls(today, today + timedelta(days=DAYS_WITHOUT_ITEM), False)


def check_file(data: bytes, due: Due) -> Result:
    try:
        decoded = decode(data)
    except Refusal as refusal:
        return Result("other", (refusal.code,), {}, (message(refusal.code, "other"),))
    return check_image(decoded.image, due, private_metadata=decoded.had_private_metadata)


def check_upload(data: bytes, due: Due) -> tuple[Result, bytes | None]:
    """The result and the copy to keep: the decoded image re-encoded (no EXIF, no GPS, a PDF's page 1);
    None for a refused file, which is not kept."""
    try:
        decoded = decode(data)
    except Refusal as refusal:
        return Result("other", (refusal.code,), {}, (message(refusal.code, "other"),)), None
    result = check_image(decoded.image, due, private_metadata=decoded.had_private_metadata)
    kept = io.BytesIO()
    decoded.image.save(kept, "JPEG", quality=90)
    return result, kept.getvalue()


def check_image(image: Image.Image, due: Due, *, private_metadata: bool = False) -> Result:
    measures = quality.measure(image)
    dark = quality.is_dark(measures)
    boxes = read_text(ImageOps.autocontrast(image, cutoff=1) if dark else image)
    rows = rows_of(boxes)
    kind = kind_of(rows)
    codes: list[str] = ["strip_exif"] if private_metadata else []
    notes: list[str] = []
    low_resolution = quality.is_low_resolution(measures, boxes)
    blurred = low_resolution or quality.is_blurred(measures, boxes)
    if blurred:
        codes.append("blurred")
        notes.append(message("low_resolution" if low_resolution else "blurred", kind))
    if dark or measures.glare:
        codes.append("too_dark")
        notes.append(message("too_dark" if dark else "glare", kind))
    if quality.is_cut_off(image, boxes):
        codes.append("cropped")
        notes.append(message("cropped", kind))
    fields = read_fields(kind, rows)
    key = KEY_FIELDS.get(kind)
    if key and not fields.get(key[0]) and not codes:
        codes.append("blurred")
        notes.append(message("unreadable", kind, what=key[1]))
    content, content_notes = check_fields(kind, fields, due, trust_numbers="blurred" not in codes)
    codes += content
    notes += content_notes
    if private_metadata:
        notes.append(message("strip_exif", kind))
    if not any(c != "strip_exif" for c in codes):
        notes.insert(0, message("pass_other" if kind == "other" else "pass", kind))
        if any(n == message("mismatch_sex", kind) for n in notes):
            notes[0] = message("pass_but", kind)
    return Result(kind, ordered(codes), fields, tuple(notes))


def read_fields(kind: Kind, rows: list) -> dict[str, str | None]:
    if kind == "id_front":
        return idcard.read_front(rows)
    if kind == "id_back":
        return idcard.read_back(rows)
    if kind == "licence":
        return read_licence(rows)
    if kind == "hukou":
        return read_hukou(rows)
    if kind == "form":
        return read_form(rows)
    return {}


def check_fields(kind: Kind, fields: dict[str, str | None], due: Due, *,
                 trust_numbers: bool) -> tuple[list[str], list[str]]:
    """Codes and their messages for what the fields say. A number read off a blurred photo is not judged."""
    codes: list[str] = []
    if kind in ("id_front", "hukou") and trust_numbers:
        codes = idcard.check_front(fields)
    elif kind == "id_back":
        codes = idcard.check_back(fields, due.today, due.day, strict=due.for_item)
    elif kind == "licence" and trust_numbers:
        codes = check_licence(fields)
    notes = []
    if kind in ("id_front", "hukou") and trust_numbers and idcard.sex_disagrees(fields):
        notes.append(message("mismatch_sex", kind))
    for code in codes:
        if code in ("expired", "expiring_soon"):
            until = chinese_date(fields["valid_until"] or "")
            if code == "expiring_soon" and due.for_item:
                notes.append(message("expiring_soon_item", kind, until=until, due=chinese_date(due.day)))
            else:
                notes.append(message(code, kind, until=until))
        else:
            notes.append(message(code, kind))
    return codes, notes

"""Booking codes: 8 characters a citizen can read out and a clerk can type without doubt."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: 32 symbols, 40 bits for 8 characters
LENGTH = 8
CODE_PATTERN = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_booking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str | None:
    """'abcd-2345 ' → 'ABCD2345'; None if it cannot be a booking code (also the QR content)."""
    code = re.sub(r"[\s\-]", "", text).upper()
    return code if CODE_PATTERN.fullmatch(code) else None

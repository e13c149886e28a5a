"""Application numbers (办件编号): BJ and 14 digits, however they were typed or heard."""

from __future__ import annotations

import re

# BJ 2026 1125 0001 23 / bj-20261125-000123 / BJ20261125000123; a bare run of exactly 14 digits too.
_WITH_PREFIX = re.compile(r"(?<![a-z])b\s*j[\s\-_.:#]*((?:\d[\s\-_.]*){13}\d)(?![\d])")
_BARE = re.compile(r"(?<![\d])(\d{14})(?![\d])")


def take_application_no(text: str) -> tuple[str | None, str]:
    """The normalised number (BJ20261125000123) and the text without it; `text` is lower case."""
    for pattern in (_WITH_PREFIX, _BARE):
        m = pattern.search(text)
        if m:
            digits = re.sub(r"\D", "", m.group(1))
            if len(digits) == 14:
                return "BJ" + digits, text[: m.start()] + " " + text[m.end():]
    return None, text

"""Why a file is refused before any check runs.

* Refusal            the file cannot be checked; `code` is one of the contract's refuse_* codes
"""

from __future__ import annotations

from typing import Literal

RefusalCode = Literal["refuse_type", "refuse_empty", "refuse_corrupt", "refuse_bomb"]


class Refusal(Exception):
    """The file is not checked at all: `code` says why, `reason` is for logs (English, no personal data)."""

    def __init__(self, code: RefusalCode, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code: RefusalCode = code
        self.reason = reason

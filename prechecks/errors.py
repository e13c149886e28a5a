"""Why a file is refused before any check runs, and why a reuse of the vault is not taken.

* Refusal            the file cannot be checked; `code` is one of the contract's refuse_* codes
* NotOffered         a consent names kept files the vault does not offer for that item (not the
                     citizen's, deleted, expired, rejected by staff, or not a material the item needs)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

RefusalCode = Literal["refuse_type", "refuse_empty", "refuse_corrupt", "refuse_bomb"]


class Refusal(Exception):
    """The file is not checked at all: `code` says why, `reason` is for logs (English, no personal data)."""

    def __init__(self, code: RefusalCode, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code: RefusalCode = code
        self.reason = reason


class NotOffered(Exception):
    """None of the consent was taken: `records` are the ids the vault does not offer for `item`."""

    def __init__(self, item: str, records: Iterable[int]) -> None:
        self.item, self.records = item, tuple(sorted(records))
        super().__init__(f"records {list(self.records)} are not offered for {item}")

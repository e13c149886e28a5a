"""One file's pre-check result, as the command prints it (one JSON object a line)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .kinds import Kind

# The contract's codes, in the order a result lists them.
CODES = ("refuse_type", "refuse_empty", "refuse_corrupt", "refuse_bomb", "strip_exif", "blurred", "too_dark",
         "cropped", "bad_checksum", "mismatch_birth", "expired", "expiring_soon", "bad_uscc")


@dataclass(frozen=True)
class Result:
    kind: Kind
    codes: tuple[str, ...]
    fields: dict[str, str | None] = field(repr=False)  # personal data: never in a repr or a log
    messages: tuple[str, ...]

    @property
    def verdict(self) -> str | list[str]:
        return list(self.codes) if self.codes else "pass"

    @property
    def accepted(self) -> bool:
        """Nothing to fix: passed, or only the metadata was removed."""
        return all(c == "strip_exif" for c in self.codes)

    def as_json(self, file: str) -> dict[str, Any]:
        return {"file": file, "kind": self.kind, "verdict": self.verdict, "fields": self.fields,
                "messages": list(self.messages)}

    def json_line(self, file: str) -> str:
        return json.dumps(self.as_json(file), ensure_ascii=False)


def ordered(codes: list[str]) -> tuple[str, ...]:
    return tuple(c for c in CODES if c in codes)

"""Helpers for the HTTP tests: the staff's headers, a signed department event."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from progress import event_signature

STAFF_TOKEN = "staff-token-for-progress-tests"
STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}", "X-Staff-Id": "s-007"}


def event_body(number: str, event_id: str, stage: str, status: str = "in_progress", *, at: str,
               note: str = "", **extra: Any) -> bytes:
    return json.dumps({"event_id": event_id, "application_no": number, "stage": stage, "status": status,
                       "at": at, "note": note, **extra}, ensure_ascii=False).encode()


def signed(key: str, body: bytes, now: datetime, *, department: str = "shebao", skew: int = 0) -> dict[str, str]:
    timestamp = str(int(now.timestamp()) + skew)
    return {"X-Yimen-Department": department, "X-Yimen-Timestamp": timestamp,
            "X-Yimen-Signature": event_signature(key, timestamp, body), "Content-Type": "application/json"}

"""Structured logs: one JSON object a line (YIMEN_LOG_FORMAT=json), masked, with the request's id.

The default stays the readable text of core/privacy.py. Either way every line leaves masked
(mask_text); in JSON the message, the fields and the exception text are separate keys, so a
newline in a message cannot forge a record. The request id comes from the record (the access log
passes it) or from the request being handled (set by handlers/observe.py).
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

from .privacy import mask_text

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# what the access log adds to its record (handlers/access_log.py)
FIELDS = ("method", "route", "path", "status", "ms", "door")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_text(record.getMessage()),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            entry["request_id"] = rid
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = mask_text(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = mask_text(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = mask_text(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)

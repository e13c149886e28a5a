"""Personal data in logs and lists: ID numbers, phone numbers, names, openids and citizen ids are masked.

The one place personal data is masked; other folders import these functions."""

from __future__ import annotations

import logging
import re
from typing import IO

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_id_number(id_number: str) -> str:
    return f"{id_number[:4]}{'*' * max(len(id_number) - 8, 0)}{id_number[-4:]}"


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "*" * len(phone)


def mask_name(name: str) -> str:
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_openid(openid: str) -> str:
    """For logs: enough to tell citizens apart in one incident, not to identify one."""
    return f"{openid[:4]}…{openid[-2:]}" if len(openid) > 8 else "…"


def mask_citizen_id(citizen: str) -> str:
    """For staff lists: the first characters of a Yimen citizen id, the rest hidden."""
    return citizen[:4] + "****" if len(citizen) > 6 else "****"


BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+")
# signed query strings, JSON and reprs: `signature=…`, `"openid": "…"`, `'X-Signature': '…'`
SECRET_NAMES = ("msg_signature", "signature", "x-signature", "nonce", "openid", "unionid", "echostr",
                "session_key", "access_token", "secret", "appsecret", "token")
SECRET_FIELD = re.compile(r"(?i)(?<![A-Za-z0-9_-])(" + "|".join(SECRET_NAMES) + r")(['\"]?\s*[:=]\s*['\"]?)"
                          r"(?!\*\*\*)([^\s&'\",;}\]]+)")
# a WeChat openid anywhere: o + 20-40 URL-safe characters, with a digit and a capital among them
OPENID = re.compile(r"(?<![A-Za-z0-9_-])o(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Z])"
                    r"[A-Za-z0-9_-]{20,40}(?![A-Za-z0-9_-])")
CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def mask_text(text: str) -> str:
    """Mask what identifies a citizen or opens a door in free text (a message, a log line, a traceback):
    ID and mobile numbers, openids, bearer tokens and signed parameters (signature, nonce, openid, …)."""
    text = ID_NUMBER.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    text = PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    text = BEARER.sub(r"\1***", text)
    text = SECRET_FIELD.sub(r"\1\2***", text)
    return OPENID.sub(lambda m: mask_openid(m.group(0)), text)


def escape_controls(text: str) -> str:
    """Control characters as visible escapes: a `%0a` in a path cannot start a forged log line."""
    return CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


class MaskingFormatter(logging.Formatter):
    """Installed on every handler: the whole formatted record — message, arguments and exception text —
    leaves masked (mask_text). The message's control characters are escaped, and each line of an
    exception text is indented, so every line starting at column 0 is the start of a real record."""

    def format(self, record: logging.LogRecord) -> str:
        clean = logging.makeLogRecord(record.__dict__)
        clean.msg, clean.args = escape_controls(record.getMessage()), None
        clean.exc_text = None
        return mask_text(super().format(clean))

    def formatException(self, ei: object) -> str:  # noqa: N802  (logging's name)
        text = super().formatException(ei)  # type: ignore[arg-type]
        return "\n".join("    " + escape_controls(line) for line in text.split("\n"))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return "\n".join("    " + escape_controls(line) for line in stack_info.split("\n"))


class MaskingFilter(logging.Filter):
    """For a logger without the formatter: its records' messages leave masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: int = logging.INFO, stream: IO[str] | None = None, *, log_format: str = "text") -> None:
    """One masking handler on the root; aiohttp.access and aiohttp.server propagate to it. A handler
    some library added to its own logger gets the masking formatter too. `log_format="json"`: one
    JSON object a line (core/logs.py), masked the same way."""
    if log_format == "json":
        from .logs import JsonFormatter

        formatter: logging.Formatter = JsonFormatter()
    else:
        formatter = MaskingFormatter(LOG_FORMAT)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for logger in list(logging.Logger.manager.loggerDict.values()):
        for other in getattr(logger, "handlers", []):
            other.setFormatter(formatter)

"""Personal data in logs and lists: ID numbers, phone numbers, names, openids and citizen ids are masked.

The one place personal data is masked; other folders import these functions."""

from __future__ import annotations

import logging
import re

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


def mask_text(text: str) -> str:
    """Mask any ID or mobile number found in free text (a citizen's message, say)."""
    text = ID_NUMBER.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    return PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


class MaskingFilter(logging.Filter):
    """Attach to handlers: every record's message leaves with personal numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)

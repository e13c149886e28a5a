"""Settings: one frozen dataclass read once from the environment, failing loudly."""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Self

WECHAT_MODES = ("plain", "compat", "safe")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    wechat_token: str = "yimendevtoken"
    wechat_appid: str = "wx0000000000000000"
    wechat_appsecret: str = field(default="", repr=False)
    wechat_aes_key: str = field(default="", repr=False)  # 43 characters, base64 without '='
    wechat_mode: str = "plain"
    wechat_api_base: str = "https://api.weixin.qq.com"
    database_url: str = "sqlite://var/yimen.sqlite3"
    redis_url: str | None = None  # None: in-process fakeredis (one process only)
    host: str = "127.0.0.1"
    port: int = 8080
    reply_deadline: float = 4.0  # seconds before WeChat gets "success" and a later message
    timestamp_window: int = 300  # seconds a signed WeChat request stays acceptable
    uploads_dir: str = "var/uploads"

    def __post_init__(self) -> None:
        if self.wechat_mode not in WECHAT_MODES:
            raise SettingsError(f"WECHAT_MODE: must be one of {', '.join(WECHAT_MODES)}, got {self.wechat_mode!r}")
        if not self.wechat_token or not re.fullmatch(r"[A-Za-z0-9]{3,32}", self.wechat_token):
            raise SettingsError("WECHAT_TOKEN: 3 to 32 letters or digits")
        if self.wechat_mode != "plain" or self.wechat_aes_key:
            aes_key_bytes(self.wechat_aes_key)
        if not self.database_url.startswith(("sqlite://", "postgres://", "postgresql://", "asyncpg://")):
            raise SettingsError("DATABASE_URL: expected sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB")
        if self.redis_url is not None and not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError("REDIS_URL: expected redis://HOST:PORT/DB")
        if not self.wechat_api_base.startswith(("http://", "https://")):
            raise SettingsError("WECHAT_API_BASE: expected an http(s) URL")
        if not 0 < self.port < 65536:
            raise SettingsError("YIMEN_PORT: a port number 1-65535")

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Self:
        def text(name: str, default: str) -> str:
            return env.get(name, "").strip() or default

        def number(name: str, default: float, kind: type = int) -> float:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                return kind(raw)
            except ValueError:
                raise SettingsError(f"{name}: expected a number, got {raw!r}") from None

        return cls(
            wechat_token=text("WECHAT_TOKEN", cls.wechat_token),
            wechat_appid=text("WECHAT_APPID", cls.wechat_appid),
            wechat_appsecret=text("WECHAT_APPSECRET", ""),
            wechat_aes_key=text("WECHAT_AES_KEY", ""),
            wechat_mode=text("WECHAT_MODE", cls.wechat_mode),
            wechat_api_base=text("WECHAT_API_BASE", cls.wechat_api_base),
            database_url=text("DATABASE_URL", cls.database_url),
            redis_url=env.get("REDIS_URL", "").strip() or None,
            host=text("YIMEN_HOST", cls.host),
            port=int(number("YIMEN_PORT", cls.port)),
            reply_deadline=float(number("YIMEN_REPLY_DEADLINE", cls.reply_deadline, float)),
            timestamp_window=int(number("WECHAT_TIMESTAMP_WINDOW", cls.timestamp_window)),
            uploads_dir=text("YIMEN_UPLOADS_DIR", cls.uploads_dir),
        )


def aes_key_bytes(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key behind WeChat's 43-character EncodingAESKey."""
    if len(encoding_aes_key) != 43:
        raise SettingsError("WECHAT_AES_KEY: the EncodingAESKey has 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except binascii.Error:
        raise SettingsError("WECHAT_AES_KEY: not valid base64") from None
    if len(key) != 32:
        raise SettingsError("WECHAT_AES_KEY: does not decode to 32 bytes")
    return key

"""Settings: one frozen dataclass read once from the environment, failing loudly."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Self

from yarl import URL

WECHAT_MODES = ("plain", "compat", "safe")
LOG_FORMATS = ("text", "json")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, repr=False)
class Settings:
    wechat_token: str = field(default="yimendevtoken", repr=False)
    wechat_appid: str = "wx0000000000000000"
    wechat_appsecret: str = field(default="", repr=False)
    wechat_aes_key: str = field(default="", repr=False)  # 43 characters, base64 without '='
    wechat_mode: str = "plain"
    wechat_api_base: str = "https://api.weixin.qq.com"
    # The mini-program's own AppID and secret (its access token is its own); empty: WECHAT_APPID's pair
    wechat_mini_appid: str = ""
    wechat_mini_appsecret: str = field(default="", repr=False)
    dispatch_concurrency: int = 10  # pushes one dispatcher has at the platform at once
    dispatch_batch: int = 100  # outbox rows one dispatcher claims at a time
    database_url: str = "sqlite://var/yimen.sqlite3"
    redis_url: str | None = None  # None: in-process fakeredis (one process only)
    host: str = "127.0.0.1"
    port: int = 8080
    reply_deadline: float = 4.0  # seconds before WeChat gets "success" and a later message
    timestamp_window: int = 300  # seconds a signed WeChat request stays acceptable
    robot_timestamp_window: int = 300  # seconds a signed robot request stays acceptable
    dept_timestamp_window: int = 300  # seconds a signed department event stays acceptable
    uploads_dir: str = "var/uploads"
    precheck_workers: int = 2  # processes of the pre-check pool (OCR); spawned on the first file
    api_rate_per_ip: int = 120  # mini-program API requests a minute from one address
    api_rate_per_citizen: int = 60  # ... and from one signed-in citizen
    robot_tts: str = ""  # "espeak-ng": robot replies carry a WAV of the speech; empty: text only
    robot_key_secret: str = field(default="", repr=False)  # encrypts robot device keys at rest; empty: stored as-is
    dept_key_secret: str = field(default="", repr=False)  # encrypts department keys at rest; empty: stored as-is
    staff_token: str = field(default="", repr=False)  # bearer token of the staff API (20-200); empty: staff API off
    console_tls: bool = False  # the console is served behind TLS: its cookies are Secure
    refusals_per_ip: int = 20  # refused /wechat and /robot requests a minute from one address, then 429
    trusted_proxies: tuple[Network, ...] = ()  # peers whose X-Forwarded-For is believed
    keepalive_timeout: float = 15.0  # seconds an idle keep-alive connection is held
    log_format: str = "text"  # YIMEN_LOG_FORMAT: text (readable) or json (one object a line, core/logs.py)
    metrics_token: str = field(default="", repr=False)  # bearer token of /metrics (20-200); empty: loopback only
    booking: tuple[tuple[str, str], ...] = ()  # YIMEN_BOOKING_<RULE> overrides, see appointments/rules.py
    # the 32 bytes behind wechat_aes_key, decoded once here; b"" without a key
    wechat_aes_key_bytes: bytes = field(init=False, default=b"", repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.wechat_mode not in WECHAT_MODES:
            raise SettingsError(f"WECHAT_MODE: must be one of {', '.join(WECHAT_MODES)}, got {self.wechat_mode!r}")
        if not self.wechat_token or not re.fullmatch(r"[A-Za-z0-9]{3,32}", self.wechat_token):
            raise SettingsError("WECHAT_TOKEN: 3 to 32 letters or digits")
        if self.wechat_mode != "plain" or self.wechat_aes_key:
            object.__setattr__(self, "wechat_aes_key_bytes", aes_key_bytes(self.wechat_aes_key))
        if not self.database_url.startswith(("sqlite://", "postgres://", "postgresql://", "asyncpg://")):
            raise SettingsError("DATABASE_URL: expected sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB")
        if self.redis_url is not None and not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError("REDIS_URL: expected redis://HOST:PORT/DB")
        if not self.wechat_api_base.startswith(("http://", "https://")):
            raise SettingsError("WECHAT_API_BASE: expected an http(s) URL")
        if not 1 <= self.dispatch_concurrency <= 100:
            raise SettingsError("YIMEN_DISPATCH_CONCURRENCY: 1 to 100 pushes at once")
        if not 1 <= self.dispatch_batch <= 1000:
            raise SettingsError("YIMEN_DISPATCH_BATCH: 1 to 1000 rows")
        if not 0 < self.port < 65536:
            raise SettingsError("YIMEN_PORT: a port number 1-65535")
        if self.api_rate_per_ip < 1 or self.api_rate_per_citizen < 1:
            raise SettingsError("YIMEN_API_RATE_PER_IP, YIMEN_API_RATE_PER_CITIZEN: at least 1 a minute")
        if self.robot_tts not in ("", "espeak-ng"):
            raise SettingsError(f"YIMEN_ROBOT_TTS: empty or espeak-ng, got {self.robot_tts!r}")
        if not 1 <= self.robot_timestamp_window <= 3600:
            raise SettingsError("YIMEN_ROBOT_TIMESTAMP_WINDOW: seconds, 1 to 3600")
        if not 1 <= self.dept_timestamp_window <= 3600:
            raise SettingsError("YIMEN_DEPT_TIMESTAMP_WINDOW: seconds, 1 to 3600")
        if self.robot_key_secret and len(self.robot_key_secret) < 16:
            raise SettingsError("YIMEN_ROBOT_KEY_SECRET: at least 16 characters")
        if self.dept_key_secret and len(self.dept_key_secret) < 16:
            raise SettingsError("YIMEN_DEPT_KEY_SECRET: at least 16 characters")
        if self.staff_token and not 20 <= len(self.staff_token) <= 200:
            raise SettingsError(f"YIMEN_STAFF_TOKEN: 20 to 200 characters, got {len(self.staff_token)}")
        if self.refusals_per_ip < 1:
            raise SettingsError("YIMEN_REFUSALS_PER_IP: at least 1 a minute")
        if self.log_format not in LOG_FORMATS:
            raise SettingsError(f"YIMEN_LOG_FORMAT: text or json, got {self.log_format!r}")
        if self.metrics_token and not 20 <= len(self.metrics_token) <= 200:
            raise SettingsError(f"YIMEN_METRICS_TOKEN: 20 to 200 characters, got {len(self.metrics_token)}")
        if not 0 < self.keepalive_timeout <= 300:
            raise SettingsError("YIMEN_KEEPALIVE_TIMEOUT: seconds, more than 0 and at most 300")

    @property
    def mini_appid(self) -> str:
        return self.wechat_mini_appid or self.wechat_appid

    @property
    def mini_appsecret(self) -> str:
        return self.wechat_mini_appsecret if self.wechat_mini_appid else self.wechat_appsecret

    def __repr__(self) -> str:
        """Secrets hidden (repr=False fields), and the passwords inside DATABASE_URL and REDIS_URL."""
        shown = []
        for f in fields(self):
            if f.repr:
                value = getattr(self, f.name)
                shown.append(f"{f.name}={without_password(value) if f.name.endswith('_url') else value!r}")
        return f"Settings({', '.join(shown)})"

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

        def flag(name: str) -> bool:
            raw = env.get(name, "").strip().lower()
            if raw not in ("", "0", "1", "true", "false", "yes", "no"):
                raise SettingsError(f"{name}: 1/true/yes or 0/false/no, got {raw!r}")
            return raw in ("1", "true", "yes")

        return cls(
            wechat_token=text("WECHAT_TOKEN", cls.wechat_token),
            wechat_appid=text("WECHAT_APPID", cls.wechat_appid),
            wechat_appsecret=text("WECHAT_APPSECRET", ""),
            wechat_aes_key=text("WECHAT_AES_KEY", ""),
            wechat_mode=text("WECHAT_MODE", cls.wechat_mode),
            wechat_api_base=text("WECHAT_API_BASE", cls.wechat_api_base),
            wechat_mini_appid=text("WECHAT_MINI_APPID", ""),
            wechat_mini_appsecret=text("WECHAT_MINI_APPSECRET", ""),
            dispatch_concurrency=int(number("YIMEN_DISPATCH_CONCURRENCY", cls.dispatch_concurrency)),
            dispatch_batch=int(number("YIMEN_DISPATCH_BATCH", cls.dispatch_batch)),
            database_url=text("DATABASE_URL", cls.database_url),
            redis_url=env.get("REDIS_URL", "").strip() or None,
            host=text("YIMEN_HOST", cls.host),
            port=int(number("YIMEN_PORT", cls.port)),
            reply_deadline=float(number("YIMEN_REPLY_DEADLINE", cls.reply_deadline, float)),
            timestamp_window=int(number("WECHAT_TIMESTAMP_WINDOW", cls.timestamp_window)),
            robot_timestamp_window=int(number("YIMEN_ROBOT_TIMESTAMP_WINDOW", cls.robot_timestamp_window)),
            dept_timestamp_window=int(number("YIMEN_DEPT_TIMESTAMP_WINDOW", cls.dept_timestamp_window)),
            uploads_dir=text("YIMEN_UPLOADS_DIR", cls.uploads_dir),
            precheck_workers=int(number("YIMEN_PRECHECK_WORKERS", cls.precheck_workers)),
            api_rate_per_ip=int(number("YIMEN_API_RATE_PER_IP", cls.api_rate_per_ip)),
            api_rate_per_citizen=int(number("YIMEN_API_RATE_PER_CITIZEN", cls.api_rate_per_citizen)),
            robot_tts=env.get("YIMEN_ROBOT_TTS", "").strip(),
            robot_key_secret=env.get("YIMEN_ROBOT_KEY_SECRET", "").strip(),
            dept_key_secret=env.get("YIMEN_DEPT_KEY_SECRET", "").strip(),
            staff_token=text("YIMEN_STAFF_TOKEN", ""),
            console_tls=flag("YIMEN_CONSOLE_TLS"),
            refusals_per_ip=int(number("YIMEN_REFUSALS_PER_IP", cls.refusals_per_ip)),
            trusted_proxies=networks(env.get("YIMEN_TRUSTED_PROXIES", "")),
            keepalive_timeout=float(number("YIMEN_KEEPALIVE_TIMEOUT", cls.keepalive_timeout, float)),
            log_format=text("YIMEN_LOG_FORMAT", cls.log_format).lower(),
            metrics_token=text("YIMEN_METRICS_TOKEN", ""),
            booking=tuple(sorted((k.removeprefix("YIMEN_BOOKING_").lower(), v.strip())
                                 for k, v in env.items() if k.startswith("YIMEN_BOOKING_") and v.strip())),
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


def without_password(url: str | None) -> str:
    """The URL's repr with its password replaced by ***."""
    if url is None:
        return "None"
    try:
        parsed = URL(url)
    except ValueError:
        return "'***'"
    return repr(str(parsed.with_password("***")) if parsed.password else url)


def networks(raw: str) -> tuple[Network, ...]:
    """YIMEN_TRUSTED_PROXIES: comma-separated addresses or CIDR networks."""
    found = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(f"YIMEN_TRUSTED_PROXIES: {part!r} is not an IP address or CIDR network") from None
    return tuple(found)

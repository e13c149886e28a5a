"""The WeChat platform: the API client (shared access token, customer-service messages, media,
code2session) and the callback side (signatures, safe-mode crypto, message parsing, replies)."""

from .client import Media, MiniSession, WeChatClient, open_wechat
from .crypto import check_msg_signature, check_signature, check_timestamp, decrypt_message, encrypt_reply, sign
from .errors import (
    BodyTooLarge,
    CallbackRejected,
    ForgedSignature,
    MalformedMessage,
    PlatformError,
    PlatformUnavailable,
    ReplayedRequest,
    StaleTimestamp,
    WeChatError,
)
from .messages import Message, masked_openid, parse_document, parse_fields, read_message
from .replies import SUCCESS, Article, news_reply, text_reply

__all__ = [
    "SUCCESS",
    "Article",
    "BodyTooLarge",
    "CallbackRejected",
    "ForgedSignature",
    "MalformedMessage",
    "Media",
    "Message",
    "MiniSession",
    "PlatformError",
    "PlatformUnavailable",
    "ReplayedRequest",
    "StaleTimestamp",
    "WeChatClient",
    "WeChatError",
    "check_msg_signature",
    "check_signature",
    "check_timestamp",
    "decrypt_message",
    "encrypt_reply",
    "masked_openid",
    "news_reply",
    "open_wechat",
    "parse_document",
    "parse_fields",
    "read_message",
    "sign",
    "text_reply",
]

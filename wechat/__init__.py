"""The WeChat platform API client: shared access token, customer-service messages, media."""

from .client import WeChatClient, open_wechat

__all__ = ["WeChatClient", "open_wechat"]

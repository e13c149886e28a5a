"""What can go wrong between Yimen and the WeChat platform.

* WeChatError
  x PlatformError        the API answered with an errcode other than 0 (.api, .errcode, .errmsg)
  x PlatformUnavailable  no usable answer after the retries: network errors, timeouts, 5xx, errcode -1,
                         a body that is not the API's JSON, or the shared token never arrived
  * CallbackRejected     a request to our /wechat endpoint that we refuse (.status, .code, .reason)
    x ForgedSignature    signature or msg_signature does not match: 403
    x StaleTimestamp     timestamp outside the accepted window: 403
    x ReplayedRequest    the same timestamp and nonce came with a different message: 403
    x BodyTooLarge       more bytes than a WeChat message ever has: 413
    x MalformedMessage   not the XML we expect, or an Encrypt we cannot open: 400
"""

from __future__ import annotations


class WeChatError(Exception):
    """Base of every WeChat error."""


class PlatformError(WeChatError):
    def __init__(self, api: str, errcode: int, errmsg: str) -> None:
        super().__init__(f"{api}: errcode {errcode} ({errmsg})")
        self.api, self.errcode, self.errmsg = api, errcode, errmsg


class PlatformUnavailable(WeChatError):
    def __init__(self, api: str, reason: str) -> None:
        super().__init__(f"{api}: {reason}")
        self.api, self.reason = api, reason


class CallbackRejected(WeChatError):
    status = 400

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code, self.reason = code, reason


class ForgedSignature(CallbackRejected):
    status = 403


class StaleTimestamp(CallbackRejected):
    status = 403


class ReplayedRequest(CallbackRejected):
    status = 403


class BodyTooLarge(CallbackRejected):
    status = 413


class MalformedMessage(CallbackRejected):
    status = 400

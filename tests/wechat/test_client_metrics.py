"""Failed platform calls are counted by API and kind (yimen_platform_errors_total); a retried success is not."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from tests.fakes.wechat_platform import FakePlatform
from wechat import PlatformError, PlatformUnavailable

from .conftest import MakeClient

SEND = "cgi-bin/message/custom/send"


def errors(kind: str) -> float:
    return REGISTRY.get_sample_value("yimen_platform_errors_total", {"api": SEND, "kind": kind}) or 0.0


async def test_an_unavailable_platform_is_counted_once_a_call(wechat_platform: FakePlatform,
                                                              make_client: MakeClient):
    client = make_client(backoff=0.01)
    await client.access_token()
    unavailable = errors("unavailable")

    wechat_platform.fail(SEND, "500")
    await client.send_text("openid-1", "您好")  # retried, then sent: no error
    assert errors("unavailable") == unavailable

    wechat_platform.fail(SEND, "500", "500", "500")
    with pytest.raises(PlatformUnavailable):
        await client.send_text("openid-1", "您好")
    assert errors("unavailable") == unavailable + 1


async def test_a_refusal_is_counted_as_errcode(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client()
    await client.access_token()
    refused = errors("errcode")
    wechat_platform.fail(SEND, "quota")  # 45009
    with pytest.raises(PlatformError):
        await client.send_text("openid-1", "您好")
    assert errors("errcode") == refused + 1

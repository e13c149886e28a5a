"""One app for the whole hostile suite: the fake WeChat platform, a registered kiosk, the staff API open,
and the limits lifted (a row is about what its request does, not about the requests before it)."""

from __future__ import annotations

import pytest

from core.settings import Settings
from tests import backend
from tests.fakes.wechat_platform import SECRET, FakePlatform, wechat_platform  # noqa: F401  (a fixture)

STAFF_TOKEN = "hostile-suite-staff-token-0123456789"


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url, wechat_appsecret=SECRET,
                    api_rate_per_ip=100_000, api_rate_per_citizen=100_000, refusals_per_ip=100_000,
                    robot_key_secret="a hostile suite secret for device keys", staff_token=STAFF_TOKEN)

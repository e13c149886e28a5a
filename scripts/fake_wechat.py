"""Serve the test fake of the WeChat platform on a loopback port, for runs against a live server.

    python scripts/fake_wechat.py PORT [CODE]

CODE (default "schemathesis") is a wx.login code that code2session accepts, for one citizen.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import web  # noqa: E402

from tests.wechat.fake_platform import FakePlatform, fake_platform_app  # noqa: E402


def main(argv: list[str]) -> None:
    port = int(argv[0])
    code = argv[1] if len(argv) > 1 else "schemathesis"
    platform = FakePlatform(url=f"http://127.0.0.1:{port}/")
    platform.sessions[code] = {"openid": "o-schemathesis", "session_key": "fake", "unionid": "u-schemathesis"}
    web.run_app(fake_platform_app(platform), host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main(sys.argv[1:])

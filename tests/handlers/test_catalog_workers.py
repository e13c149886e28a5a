"""`serve --workers 2`: a catalog version published through one worker's console is answered from by both
workers, without a restart (each reads the Redis counter once a second). Needs a real Redis:
YIMEN_TEST_REDIS_URL (eval "$(scripts/services.sh start)")."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
import xmltodict

from tests.handlers.test_console_catalog_edit import as_pairs, form_of
from tests.handlers.test_serve_workers import REDIS_URL, ROOT, environment, free_port
from tests.wechat.callback import message, xml
from wechat import sign

PASSWORD = "window-3-password"
TOKEN = "workerstoken"
ACCESS = re.compile(r"yimen\.(worker\d)\.access: POST /wechat 200")


async def ask(http: aiohttp.ClientSession, base: str, text: str, n: int) -> str:
    now, nonce, openid = str(int(time.time())), str(900_000 + n), f"oYmnT0penid_worker-{n:06d}"
    query = {"signature": sign(TOKEN, now, nonce), "timestamp": now, "nonce": nonce, "openid": openid}
    body = xml(message("text", openid=openid, create_time=int(now), msg_id=31_000_000_000 + n, Content=text))
    async with http.post(f"{base}/wechat", params=query, data=body, headers={"Content-Type": "text/xml"}) as r:
        assert r.status == 200
        return str(xmltodict.parse(await r.text())["xml"]["Content"])


@pytest.mark.skipif(not REDIS_URL, reason="set YIMEN_TEST_REDIS_URL (eval \"$(scripts/services.sh start)\")")
async def test_a_version_published_through_one_worker_is_answered_from_by_both(tmp_path: Path):
    assert REDIS_URL is not None
    env = environment(tmp_path, REDIS_URL=REDIS_URL, WECHAT_TOKEN=TOKEN)
    subprocess.run([sys.executable, "main.py", "staff", "add", "ada", "--role", "admin"], cwd=ROOT, env=env,
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=120)
    port, log = free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "main.py", "serve", "--workers", "2", "--host", "127.0.0.1",
                                   "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 120
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True),
                                         cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # cookies of an IP
            while "worker2 ready" not in log.read_text() and "yimen.worker2" not in log.read_text():
                assert loop.time() < deadline and server.poll() is None, log.read_text()
                await asyncio.sleep(0.2)
            while True:  # both listening
                try:
                    async with http.get(f"{base}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.2)
            assert "工本费88元" not in await ask(http, base, "换身份证要多少钱", 0)
            page = await (await http.get(f"{base}/console/login")).text()
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            login = await http.post(f"{base}/console/login", data={"name": "ada", "password": PASSWORD, "csrf": csrf},
                                    allow_redirects=False)
            assert login.status == 303, await login.text()
            form = form_of(await (await http.get(f"{base}/console/catalog/id_card_renewal/edit")).text())
            published = await http.post(f"{base}/console/catalog/id_card_renewal/edit",
                                        data=as_pairs(form | {"fee": "工本费88元", "do": "publish"}))
            assert "已发布第2版" in await published.text()
            published_at = loop.time()
            answered_new: set[str] = set()
            n = 1
            while answered_new != {"worker1", "worker2"}:
                assert loop.time() < deadline, f"answered from version 2: {answered_new}\n{log.read_text()}"
                before = len(ACCESS.findall(log.read_text()))
                reply = await ask(http, base, "换身份证要多少钱", n)
                n += 1
                await asyncio.sleep(0.05)  # the access log line is written after the response
                lines = ACCESS.findall(log.read_text())
                if "工本费88元" in reply and len(lines) == before + 1:
                    answered_new.add(lines[-1])
            print(f"both workers answered from version 2 {loop.time() - published_at:.2f} s after the publish, "
                  f"{n - 1} messages")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0, log.read_text()

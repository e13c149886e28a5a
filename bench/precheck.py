"""`python main.py bench precheck [--runs 10] [--concurrent 10] [--workers 2] [FILE]`: pre-check speed.

1. Seconds per ID-card pre-check (decoding, quality, OCR, fields), in this process with the engine
   loaded, over --runs runs of one card photo (FILE, or a card-like front rendered here with a CJK font).
2. An aiohttp app on loopback answering GET /ping while --concurrent pre-checks run at once through
   the process pool (prechecks.PrecheckPool): the event loop's lag (a 10 ms ticker's overshoot), the
   /ping latency and the pre-checks' wall time. Targets: under 2 s per image, lag under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import time
from datetime import date
from pathlib import Path

from aiohttp import ClientSession, web
from PIL import Image, ImageDraw, ImageFont

from prechecks import Due, PrecheckPool, check_file

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
TODAY = date(2026, 12, 3)
TARGET_SECONDS, TARGET_LAG_MS = 2.0, 50.0


def card_photo() -> bytes:
    """A card-like ID front (valid number) on a desk, as a JPEG."""
    photo = Image.new("RGB", (1180, 810), (96, 82, 70))
    draw = ImageDraw.Draw(photo)
    draw.rounded_rectangle((90, 90, 1090, 720), 36, fill=(232, 238, 240))
    label, value = ImageFont.truetype(FONT, 26), ImageFont.truetype(FONT, 30)
    lines = ((150, "姓  名", "张伟"), (220, "性  别", "男      民  族  汉"), (290, "出  生", "1985  年  3  月  7  日"),
             (360, "住  址", "广东省佛山市禅城区祖庙"), (410, "", "街道人民路12号"))
    for y, k, v in lines:
        draw.text((160, y), k, font=label, fill=(70, 100, 140))
        draw.text((280, y - 4), v, font=value, fill=(20, 20, 20))
    draw.text((160, 610), "公民身份号码", font=label, fill=(70, 100, 140))
    draw.text((410, 604), "440604198503071238", font=ImageFont.truetype(FONT, 34), fill=(20, 20, 20))
    draw.rectangle((790, 170, 1020, 470), fill=(200, 205, 210))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92)
    return out.getvalue()


def in_process(data: bytes, runs: int) -> list[float]:
    due = Due.without_item(TODAY)
    check_file(data, due)  # loads the engine
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        result = check_file(data, due)
        took.append(time.perf_counter() - started)
    if result.kind != "id_front":
        print(f"note: the card was read as {result.kind}, verdict {result.verdict}")
    return took


async def ping(_request: web.Request) -> web.Response:
    return web.Response(text="pong")


async def under_load(data: bytes, concurrent: int, workers: int) -> dict[str, float]:
    app = web.Application()
    app.add_routes([web.get("/ping", ping)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    pool = PrecheckPool(workers)
    await pool.warm_up()
    lags: list[float] = []
    pings: list[float] = []
    running = True

    async def ticker() -> None:
        while running:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append((time.perf_counter() - started - 0.01) * 1000)

    async def pinger(session: ClientSession) -> None:
        while running:
            started = time.perf_counter()
            async with session.get(f"http://127.0.0.1:{port}/ping") as response:
                await response.read()
            pings.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.02)

    due = Due.without_item(TODAY)
    async with ClientSession() as session:
        tasks = [asyncio.create_task(ticker()), asyncio.create_task(pinger(session))]
        started = time.perf_counter()
        results = await asyncio.gather(*(pool.check(data, due) for _ in range(concurrent)))
        wall = time.perf_counter() - started
        running = False
        await asyncio.gather(*tasks)
    pool.close()
    await runner.cleanup()
    assert all(r.kind == "id_front" for r in results)
    return {"wall": wall, "lag_p50": statistics.median(lags), "lag_max": max(lags), "lag_p99": percentile(lags, 0.99),
            "ping_p99": percentile(pings, 0.99)}


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[int(share * (len(values) - 1))]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="main.py bench precheck")
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--concurrent", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("file", nargs="?", help="an ID card front photo (default: one rendered here)")
    args = p.parse_args(argv)
    data = Path(args.file).read_bytes() if args.file else card_photo()
    took = in_process(data, args.runs)
    load = asyncio.run(under_load(data, args.concurrent, args.workers))
    per_image = load["wall"] / args.concurrent
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| ID-card pre-check, in process (median of {args.runs}) | {statistics.median(took):.2f} s "
          f"(max {max(took):.2f} s) | < {TARGET_SECONDS:.0f} s |")
    print(f"| {args.concurrent} at once through the pool ({args.workers} workers): wall time | {load['wall']:.1f} s "
          f"({per_image:.2f} s an image) | — |")
    print(f"| event-loop lag meanwhile: median / p99 / max | {load['lag_p50']:.1f} / {load['lag_p99']:.1f} / "
          f"{load['lag_max']:.1f} ms | < {TARGET_LAG_MS:.0f} ms |")
    print(f"| GET /ping meanwhile, p99 | {load['ping_p99']:.1f} ms | — |")
    ok = statistics.median(took) < TARGET_SECONDS and load["lag_max"] < TARGET_LAG_MS
    print("targets met" if ok else "targets NOT met")
    return 0

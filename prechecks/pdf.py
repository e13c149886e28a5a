"""PDFs: refused when they are bombs, and page 1 rendered to an image in a separate, limited process.

Before pdfium sees a byte: the size cap (decode.py), the end-of-file marker, the number of objects and
every Flate stream inflated with a cap (a stream that would inflate past it is a bomb). Then
`pdf_render.py` runs in a process of its own under a memory limit and a time limit: too many pages,
a page too large to render, memory exhausted or time out → refuse_bomb; pdfium's refusal → refuse_corrupt.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

from PIL import Image

from .errors import Refusal

MAX_OBJECTS = 50_000
MAX_STREAM_INFLATED = 64 * 1024 * 1024  # one stream
MAX_TOTAL_INFLATED = 256 * 1024 * 1024  # all streams together
BOMB_RATIO = 200  # a stream inflating beyond its cap at more than this ratio is a bomb
RENDER_SECONDS = 15.0
RENDERER = Path(__file__).with_name("pdf_render.py")
OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
STREAM = re.compile(rb"stream\r?\n")

# Exit statuses of pdf_render.py
RENDER_OK, RENDER_BOMB, RENDER_CORRUPT = 0, 3, 4


def render_first_page(data: bytes) -> Image.Image:
    if b"%%EOF" not in data[-2048:]:
        raise Refusal("refuse_corrupt", "PDF without its end-of-file marker (truncated)")
    objects = len(OBJECT.findall(data))
    if objects > MAX_OBJECTS:
        raise Refusal("refuse_bomb", f"{objects} objects")
    _refuse_inflation_bombs(data)
    try:
        done = subprocess.run([sys.executable, "-I", str(RENDERER)], input=data, capture_output=True,
                              timeout=RENDER_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise Refusal("refuse_bomb", f"rendering took over {RENDER_SECONDS} s") from exc
    if done.returncode == RENDER_CORRUPT:
        raise Refusal("refuse_corrupt", done.stderr.decode(errors="replace")[-200:])
    if done.returncode != RENDER_OK:  # RENDER_BOMB, or killed by the memory limit
        said = done.stderr.decode(errors="replace")[-200:]
        raise Refusal("refuse_bomb", f"renderer status {done.returncode}: {said}")
    header, pixels = done.stdout[:8], done.stdout[8:]
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
    if width * height * 3 != len(pixels) or width == 0:
        raise Refusal("refuse_corrupt", "renderer returned no page")
    return Image.frombytes("RGB", (width, height), pixels)


def _refuse_inflation_bombs(data: bytes) -> None:
    total = 0
    for match in STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        raw = data[start:end]
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(raw, MAX_STREAM_INFLATED)
        except zlib.error:
            continue  # not Flate (JPEG, another filter): pdfium's limits apply
        total += len(out)
        consumed = len(raw) - len(inflater.unconsumed_tail)
        if len(out) >= MAX_STREAM_INFLATED and inflater.unconsumed_tail and consumed * BOMB_RATIO < len(out):
            raise Refusal("refuse_bomb", f"a stream of {len(raw)} bytes inflates past {MAX_STREAM_INFLATED}")
        if total > MAX_TOTAL_INFLATED:
            raise Refusal("refuse_bomb", f"streams inflate past {MAX_TOTAL_INFLATED} bytes")

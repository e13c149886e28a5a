"""Render page 1 of the PDF on stdin to raw RGB on stdout (8-byte header: width, height), limited.

Run by pdf.py as a separate process (`python -I pdf_render.py`): the memory limit is set before
pdfium is imported, so a hostile file can exhaust only this process. Exit 3: a bomb (too many pages,
a page too large); 4: pdfium could not read it.
"""

from __future__ import annotations

import math
import resource
import sys

MEMORY = 1024 * 1024 * 1024
MAX_PAGES = 100
MAX_RENDER_PIXELS = 5_000_000  # page 1 is rendered with its long side at LONG_SIDE pixels, within this many
LONG_SIDE = 2000
MAX_SIDE_POINTS = 14_400  # PDF's own limit on a page side (200 inches) without UserUnit


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    import pypdfium2 as pdfium

    data = sys.stdin.buffer.read()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        print(exc, file=sys.stderr)
        return 4
    pages = len(pdf)
    if pages == 0:
        print("no pages", file=sys.stderr)
        return 4
    if pages > MAX_PAGES:
        print(f"{pages} pages", file=sys.stderr)
        return 3
    page = pdf[0]
    width, height = page.get_size()
    if not (0 < width <= MAX_SIDE_POINTS * 10 and 0 < height <= MAX_SIDE_POINTS * 10):
        print(f"page of {width}x{height} points", file=sys.stderr)
        return 3
    scale = min(LONG_SIDE / max(width, height), math.sqrt(MAX_RENDER_PIXELS / (width * height)))
    bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
    image = bitmap.to_pil().convert("RGB")
    out = sys.stdout.buffer
    out.write(image.width.to_bytes(4, "big") + image.height.to_bytes(4, "big"))
    out.write(image.tobytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())

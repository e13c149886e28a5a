"""Image quality, measured on the pixels (numpy) before and beside OCR.

* sharpness: the 99.9th percentile of the Laplacian's magnitude over the grey range (contrast-free),
  on the image scaled to a 1000-pixel long side. Sharp print reads 1.2-2.0, a 1.5-pixel blur 0.3.
* darkness: the 95th percentile of brightness (a white card or page reads above 200, too dark below 125).
* glare: a compact blown-out patch (pure white cells) on a document that is not white itself.
* resolution: too few pixels, or the text the engine found too small to read reliably.
* cut off: text that touches the frame (text.py decides with the OCR boxes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from .ocr import Box

MEASURE_SIDE = 1000
BLUR_BELOW = 0.3
SOFT_BELOW = 0.5  # soft: blurred when the engine is unsure of what it read as well
UNSURE_SCORE = 0.85
DARK_BELOW = 125
MIN_SHORT_SIDE = 300
MIN_TEXT_HEIGHT = 11.0  # pixels, the median height of the lines read
EDGE_MARGIN = 0.01  # of the side: a line of text this close to the frame is cut


@dataclass(frozen=True)
class Measures:
    sharpness: float
    brightness_p95: float
    glare: bool
    short_side: int


def measure(image: Image.Image) -> Measures:
    grey = image.convert("L")
    factor = MEASURE_SIDE / max(grey.size)
    if factor < 1:
        grey = grey.resize((max(1, round(grey.width * factor)), max(1, round(grey.height * factor))),
                           Image.Resampling.BILINEAR)
    a = np.asarray(grey, dtype=np.float32)
    if a.shape[0] < 3 or a.shape[1] < 3:
        return Measures(0.0, float(a.max()), False, min(image.size))
    laplacian = 4 * a[1:-1, 1:-1] - a[:-2, 1:-1] - a[2:, 1:-1] - a[1:-1, :-2] - a[1:-1, 2:]
    low, high = np.percentile(a, (1, 99))
    sharpness = float(np.percentile(np.abs(laplacian), 99.9) / max(float(high - low), 8.0))
    return Measures(sharpness, float(np.percentile(a, 95)), _glare(a), min(image.size))


def _glare(a: np.ndarray) -> bool:
    """A blown-out patch: 2-25 % of 40x40 cells pure white (a white page is more: its paper), compact,
    and ringed by bright cells (the halo of a reflection; a white card on a dark desk has a dark ring)."""
    rows, cols = a.shape[0] // 40, a.shape[1] // 40
    if rows < 4 or cols < 4:
        return False
    blocks = a[: rows * 40, : cols * 40].reshape(rows, 40, cols, 40)
    white = blocks.min(axis=(1, 3)) >= 250
    share = float(white.mean())
    if not 0.02 <= share <= 0.25:
        return False
    ys, xs = np.nonzero(white)
    spread = (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)
    if spread > 2 * len(ys):
        return False
    grown = white.copy()
    grown[1:, :] |= white[:-1, :]
    grown[:-1, :] |= white[1:, :]
    grown[:, 1:] |= white[:, :-1]
    grown[:, :-1] |= white[:, 1:]
    ring = blocks.mean(axis=(1, 3))[grown & ~white]
    return bool(ring.size) and float((ring < 150).mean()) < 0.1


def is_blurred(m: Measures, boxes: list[Box]) -> bool:
    if m.sharpness < BLUR_BELOW:
        return True
    if m.sharpness < SOFT_BELOW and boxes:
        return float(np.mean([b.score for b in boxes])) < UNSURE_SCORE
    return False


def is_low_resolution(m: Measures, boxes: list[Box]) -> bool:
    if m.short_side < MIN_SHORT_SIDE:
        return True
    heights = [b.height for b in boxes if len(b.text) >= 2]
    return bool(heights) and float(np.median(heights)) < MIN_TEXT_HEIGHT


def is_dark(m: Measures) -> bool:
    return m.brightness_p95 < DARK_BELOW


def is_cut_off(image: Image.Image, boxes: list[Box]) -> bool:
    """Some line of text runs into the frame."""
    mx, my = max(3.0, EDGE_MARGIN * image.width), max(3.0, EDGE_MARGIN * image.height)
    return any(b.x0 <= mx or b.y0 <= my or b.x1 >= image.width - mx or b.y1 >= image.height - my
               for b in boxes if b.score >= 0.6)

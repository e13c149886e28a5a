"""Text on the document: rapidocr-onnxruntime (PP-OCRv4 Chinese models shipped in its wheel), offline.

The engine is loaded once per process (a few hundred milliseconds) and kept: in the server that
process is one of the pool's (pool.py), never the event loop's.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

OCR_LONG_SIDE = 1600  # larger photos are scaled down first: enough for a card's smallest print
OCR_SHORT_SIDE = 480  # smaller ones are scaled up so the detector sees strokes


@dataclass(frozen=True, slots=True)
class Box:
    """One line of text the engine read, in the coordinates of the image it was given."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@functools.cache
def engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("YIMEN_OCR_THREADS", "0")) or min(os.cpu_count() or 1, 2)
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


def for_ocr(image: Image.Image) -> tuple[Image.Image, float]:
    """The image at a size the engine reads well and fast, and the factor it was scaled by."""
    long_side, short_side = max(image.size), min(image.size)
    factor = 1.0
    if long_side > OCR_LONG_SIDE:
        factor = OCR_LONG_SIDE / long_side
    elif short_side < OCR_SHORT_SIDE:
        factor = min(OCR_SHORT_SIDE / short_side, 4.0)
    if factor == 1.0:
        return image, factor
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS), factor


def read_text(image: Image.Image) -> list[Box]:
    """Every line of text, top to bottom, in the coordinates of `image`."""
    scaled, factor = for_ocr(image)
    found, _elapsed = engine()(np.asarray(scaled))
    boxes = []
    for corners, text, score in found or ():
        xs = [p[0] / factor for p in corners]
        ys = [p[1] / factor for p in corners]
        boxes.append(Box(str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
    return sorted(boxes, key=lambda b: (b.y0, b.x0))

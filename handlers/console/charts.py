"""Charts drawn on the server: values → the geometry of an SVG bar chart (the template draws it).

No script and no style attribute is needed in the page (the CSP forbids both inline): bars are
<rect>s with x, y, width and height, labels <text>s, colours from classes in console.css.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, BOTTOM, TOP = 36, 28, 16
ROW = 28  # a horizontal chart's row height
LABEL = 150  # a horizontal chart's label column


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, int], ...]  # (y or x, value) of the scale's lines
    title: str
    total: int
    summary: str = ""  # what the title says beside it for a screen reader; "": the total

    @property
    def empty(self) -> bool:
        return self.total == 0


def _scale_top(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if top <= step * 4:
            return step * 4
    return top


def column_chart(values: list[tuple[str, int]], title: str, summary: str = "") -> Chart:
    """Vertical bars, one a value (bookings per day), with a 0-top scale in four steps."""
    top = _scale_top(max((v for _, v in values), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(values), 1)
    bars = []
    for i, (label, value) in enumerate(values):
        h = plot_h * value / top
        x = LEFT + i * slot + slot * 0.15
        bars.append(Bar(x=round(x, 1), y=round(TOP + plot_h - h, 1), width=round(slot * 0.7, 1), height=round(h, 1),
                        label=label, value=value, label_x=round(x + slot * 0.35, 1), label_y=HEIGHT - 10))
    ticks = tuple((round(TOP + plot_h - plot_h * k / 4, 1), top * k // 4) for k in range(5))
    return Chart(WIDTH, HEIGHT, tuple(bars), ticks, title, sum(v for _, v in values), summary)


def bar_chart(values: list[tuple[str, int]], title: str) -> Chart:
    """Horizontal bars, one a row (the items asked about most), the label on the left."""
    top = max((v for _, v in values), default=0) or 1
    plot_w = WIDTH - LABEL - 48
    bars = tuple(Bar(x=LABEL, y=TOP + i * ROW, width=round(plot_w * v / top, 1), height=ROW - 8, label=label, value=v,
                     label_x=LABEL - 8, label_y=TOP + i * ROW + ROW / 2)
                 for i, (label, v) in enumerate(values))
    return Chart(WIDTH, TOP * 2 + ROW * max(len(values), 1), bars, (), title, sum(v for _, v in values))
